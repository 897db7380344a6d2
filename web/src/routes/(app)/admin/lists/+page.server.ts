// Administration → Lists: each screening list's current version and age, for
// organisation and platform admins.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { ListsBody } from '#lib/screening.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!canSee(event.locals.user!.roles, 'admin')) {
		error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	}
	return { lists: expectOk(event, await apiRequest<ListsBody>(event, 'GET', '/api/v1/lists')) };
};
