// The staff queue of data-subject requests, soonest deadline first. Privacy officers
// and platform admins see Clientnote's requests; organisation admins go to the parts
// forwarded to their organisation (/requests/forwarded).
import { error, redirect } from '@sveltejs/kit';
import { canSee } from '#lib/navigation.js';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { DsrSummary } from '#lib/dsr.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	if (!canSee(locals.user!.roles, 'requests')) {
		error(403, 'Your role has no access to this page', { requestId: locals.requestId });
	}
	const roles = locals.user!.roles;
	if (roles.includes('org_admin') && !roles.includes('privacy_officer') && !roles.includes('platform_admin')) redirect(303, '/requests/forwarded');
	const open = url.searchParams.get('open') !== 'false';
	const result = await apiRequest<{ items: DsrSummary[]; nextCursor: string | null }>(event, 'GET', `/api/v1/dsr?open=${open}&limit=100`);
	if (!result.ok && result.status === 403) return { forbidden: true, open, items: [] as DsrSummary[] };
	return { forbidden: false, open, items: expectOk(event, result).items };
};
