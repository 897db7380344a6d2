// The logout button posts here: end the session at the API (with the session's CSRF
// token), pass on the cookie it clears, and go to the login page.
import { redirect, type RequestHandler } from '@sveltejs/kit';
import { api, forwardSetCookies } from '#lib/server/api.js';

export const POST: RequestHandler = async (event) => {
	if (event.locals.user) {
		const result = await api.logout(event);
		const forwarded = result.ok ? forwardSetCookies(result.response, event.cookies) : 0;
		if (forwarded === 0) event.cookies.delete('cn_session', { path: '/', secure: event.url.protocol === 'https:' });
	}
	redirect(303, '/login');
};
