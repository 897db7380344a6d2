// Login as a plain form action: works without JavaScript, one message for any wrong
// credential, and the e-mail address stays in the form when it fails.
import { fail, redirect } from '@sveltejs/kit';
import { api, forwardSetCookies } from '#lib/server/api.js';
import { safeRedirectTarget } from '#lib/redirect-target.js';
import type { Actions, PageServerLoad } from './$types';

export type LoginProblem = 'missing' | 'failed' | 'totp' | 'throttled' | 'unavailable';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return { redirectTo };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').trim().slice(0, 320);
		const password = String(form.get('password') ?? '');
		const redirectTo = safeRedirectTarget(form.get('redirectTo'));

		if (!email || !password) {
			return fail(400, { email, problem: 'missing' as LoginProblem, requestId: null });
		}

		const result = await api.login(event, { email, password });
		if (result.ok) {
			forwardSetCookies(result.response, event.cookies);
			redirect(303, redirectTo);
		}

		const problem: LoginProblem =
			result.status === 429
				? 'throttled'
				: result.status >= 500
					? 'unavailable'
					: result.error.code === 'totp_required'
						? 'totp'
						: 'failed';
		return fail(result.status >= 400 && result.status < 600 ? result.status : 400, {
			email,
			problem,
			requestId: problem === 'unavailable' ? (result.error.requestId ?? event.locals.requestId) : null
		});
	}
};
