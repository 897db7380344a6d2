// One case: header, stepper and timeline. Unknown ids (and other organisations'
// cases, which the API reports as not found) give the 404 page.
import { error } from '@sveltejs/kit';
import { api, expectOk } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.orgId || !canSee(user.roles, 'cases')) {
		error(403, 'Your role has no access to cases', { requestId: event.locals.requestId });
	}
	if (!UUID.test(event.params.id)) error(404, 'No such case', { requestId: event.locals.requestId });
	const found = expectOk(event, await api.getCase(event, event.params.id));
	return { case: found };
};
