// Login as a plain form action: works without JavaScript, one message for any wrong
// credential, and the e-mail address stays in the form when it fails.
import { fail, redirect } from '@sveltejs/kit';
import { apiRequest, forwardSetCookies } from '#lib/server/api.js';
import type { SessionBody } from '#lib/api-types.js';
import { safeRedirectTarget } from '#lib/redirect-target.js';
import type { Actions, PageServerLoad } from './$types';

export type LoginProblem = 'missing' | 'failed' | 'totp' | 'throttled' | 'unavailable';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return {
		redirectTo,
		email: (url.searchParams.get('email') ?? '').slice(0, 320),
		notice: url.searchParams.get('invited') ? ('invited' as const) : url.searchParams.get('reset') ? ('reset' as const) : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').trim().slice(0, 320);
		const password = String(form.get('password') ?? '');
		const totp = String(form.get('totp') ?? '').trim().slice(0, 32);
		const redirectTo = safeRedirectTarget(form.get('redirectTo'));

		if (!email || !password) {
			return fail(400, { email, problem: 'missing' as LoginProblem, requestId: null });
		}

		const result = await apiRequest<SessionBody>(event, 'POST', '/api/v1/auth/login', { email, password, ...(totp ? { totp } : {}) });
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
