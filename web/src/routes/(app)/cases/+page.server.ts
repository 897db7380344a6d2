// The case inbox: one page of my organisation's cases, newest first.
import { error, redirect } from '@sveltejs/kit';
import { api, expectOk } from '#lib/server/api.js';
import { canCreateCases, canSee } from '#lib/navigation.js';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.orgId || !canSee(user.roles, 'cases')) {
		error(403, 'Your role has no access to cases', { requestId: event.locals.requestId });
	}
	const cursor = event.url.searchParams.get('cursor');
	const result = await api.listCases(event, { limit: PAGE_SIZE, cursor });
	// A stale or hand-edited cursor: start again from the first page.
	if (!result.ok && result.status === 400 && cursor) redirect(303, '/cases');
	const page = expectOk(event, result);
	return {
		cases: page.items,
		nextCursor: page.nextCursor,
		isFirstPage: !cursor,
		canCreate: canCreateCases(user.roles)
	};
};
