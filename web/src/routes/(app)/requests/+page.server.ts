// Placeholder for a later issue; only roles that will use the page may open it.
import { error } from '@sveltejs/kit';
import { canSee } from '#lib/navigation.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!canSee(locals.user!.roles, 'requests')) {
		error(403, 'Your role has no access to this page', { requestId: locals.requestId });
	}
	return {};
};
