// Accept an invitation from the e-mailed link: the token comes in the query, the
// person chooses a name and a password, then logs in. Works without JavaScript.
import { fail, redirect } from '@sveltejs/kit';
import { apiRequest } from '#lib/server/api.js';
import type { Actions, PageServerLoad } from './$types';

type Invitation = { email: string; organisation: string; roles: string[]; expiresAt: string };

export const load: PageServerLoad = async (event) => {
	const token = event.url.searchParams.get('token') ?? '';
	const result = token ? await apiRequest<Invitation>(event, 'POST', '/api/v1/invitations/lookup', { token }) : null;
	return { token, invitation: result?.ok ? result.data : null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const token = String(form.get('token') ?? '');
		const name = String(form.get('name') ?? '').slice(0, 200);
		const password = String(form.get('password') ?? '');
		const result = await apiRequest<{ userId: string; email: string }>(event, 'POST', '/api/v1/invitations/accept', {
			token,
			name,
			password,
			locale: event.locals.locale === 'en' ? 'en' : 'da'
		});
		if (result.ok) redirect(303, `/login?invited=1&email=${encodeURIComponent(result.data.email)}`);
		return fail(result.status, {
			name,
			gone: result.status === 404,
			// The address already has an account (in this or another organisation): docs/accounts.md.
			taken: result.status === 409,
			fields: Object.fromEntries((result.error.fields ?? []).map((f) => [f.path, f.message]))
		});
	}
};
