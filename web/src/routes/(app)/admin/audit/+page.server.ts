// The audit log of my organisation with filters (action, actor, from, to), a
// cursor for older events, and the CSV export link with the same filters.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { AuditEvent } from '#lib/api-types.js';
import type { PageServerLoad } from './$types';

const FILTERS = ['action', 'actor', 'from', 'to'] as const;

export const load: PageServerLoad = async (event) => {
	const roles = event.locals.user!.roles;
	if (!roles.includes('org_admin') && !roles.includes('compliance_officer')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	const params = new URLSearchParams();
	for (const name of FILTERS) {
		const value = event.url.searchParams.get(name)?.trim();
		if (value) params.set(name, value);
	}
	const filterQuery = params.toString();
	const cursor = event.url.searchParams.get('cursor');
	if (cursor) params.set('cursor', cursor);
	params.set('limit', '50');
	const result = await apiRequest<{ items: AuditEvent[]; nextCursor: string | null }>(event, 'GET', `/api/v1/audit?${params}`);
	if (!result.ok && result.status === 400) {
		return { items: [] as AuditEvent[], nextCursor: null, filters: Object.fromEntries(params), filterQuery, invalid: result.error.fields ?? [] };
	}
	const page = expectOk(event, result);
	return { items: page.items, nextCursor: page.nextCursor, filters: Object.fromEntries(params), filterQuery, invalid: [] };
};
