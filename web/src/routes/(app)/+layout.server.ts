// Every page of the logged-in app. hooks.server.ts has already sent anonymous users
// to /login; a missing user here means the API could not check the session.
import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.user) {
		error(503, 'The session could not be checked: the API did not answer', { requestId: locals.requestId });
	}
	return { user: locals.user };
};
