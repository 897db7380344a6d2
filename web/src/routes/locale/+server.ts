// The language switch posts here: remember the choice in the cn_locale cookie and
// go back to the page the user was on.
import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale } from '#lib/paraglide/runtime.js';
import { safeRedirectTarget } from '#lib/redirect-target.js';

const ONE_YEAR_S = 365 * 24 * 60 * 60;

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set('cn_locale', locale, {
			path: '/',
			maxAge: ONE_YEAR_S,
			sameSite: 'lax',
			// Readable by the page's script on purpose: the client picks the language from it.
			httpOnly: false,
			secure: url.protocol === 'https:'
		});
	}
	redirect(303, safeRedirectTarget(form.get('redirectTo')));
};
