// Password reset: without a token, ask for a link (same answer whether or not the
// address has an account); with the token from the e-mail, choose a new password.
import { fail, redirect } from '@sveltejs/kit';
import { apiRequest } from '#lib/server/api.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => ({ token: event.url.searchParams.get('token') ?? '' });

export const actions: Actions = {
	request: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').trim().slice(0, 320);
		if (!email) return fail(400, { requested: false, throttled: false, missing: true });
		const result = await apiRequest<unknown>(event, 'POST', '/api/v1/auth/password-reset', { email });
		if (!result.ok && result.status === 429) return fail(429, { requested: false, throttled: true, missing: false });
		return { requested: true, throttled: false, missing: false };
	},
	confirm: async (event) => {
		const form = await event.request.formData();
		const token = String(form.get('token') ?? '');
		const password = String(form.get('password') ?? '');
		const result = await apiRequest<unknown>(event, 'POST', '/api/v1/auth/password-reset/confirm', { token, password });
		if (result.ok) redirect(303, '/login?reset=1');
		const fields = Object.fromEntries((result.error.fields ?? []).map((f) => [f.path, f.message]));
		return fail(result.status, { badLink: 'token' in fields, passwordError: fields.password ?? null });
	}
};
