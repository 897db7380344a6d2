// Data-subject requests forwarded to the organisation as the controller of its case
// data: the organisation admin's task list. Only the caller's organisation's parts.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { ForwardedSummary } from '#lib/dsr.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.user!.roles.includes('org_admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	const open = event.url.searchParams.get('open') !== 'false';
	const result = await apiRequest<{ items: ForwardedSummary[] }>(event, 'GET', `/api/v1/dsr/forwarded?open=${open}`);
	return { open, items: expectOk(event, result).items };
};
