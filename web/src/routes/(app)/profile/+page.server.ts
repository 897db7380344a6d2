// My profile: name and language, password, two-factor set-up (TOTP with
// recovery codes shown once), and log out everywhere.
import { fail, redirect } from '@sveltejs/kit';
import { apiRequest, forwardSetCookies } from '#lib/server/api.js';
import type { Actions, PageServerLoad } from './$types';

const fieldsOf = (fields: { path: string; message: string }[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.path, f.message]));

export const load: PageServerLoad = ({ locals }) => ({ user: locals.user! });

export const actions: Actions = {
	profile: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest(event, 'PATCH', '/api/v1/auth/profile', { name: String(form.get('name') ?? ''), locale: form.get('locale') === 'en' ? 'en' : 'da' });
		if (!result.ok) return fail(result.status, { action: 'profile', fields: fieldsOf(result.error.fields) });
		return { action: 'profile', saved: true };
	},
	password: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest(event, 'POST', '/api/v1/auth/password', {
			currentPassword: String(form.get('currentPassword') ?? ''),
			newPassword: String(form.get('newPassword') ?? '')
		});
		if (!result.ok) return fail(result.status, { action: 'password', fields: fieldsOf(result.error.fields) });
		forwardSetCookies(result.response, event.cookies);
		return { action: 'password', saved: true };
	},
	totpSetup: async (event) => {
		const result = await apiRequest<{ secret: string; otpauthUrl: string }>(event, 'POST', '/api/v1/auth/totp/setup');
		if (!result.ok) return fail(result.status, { action: 'totp', message: result.error.message });
		return { action: 'totp', secret: result.data.secret, otpauthUrl: result.data.otpauthUrl };
	},
	totpEnable: async (event) => {
		const form = await event.request.formData();
		const secret = String(form.get('secret') ?? '');
		const result = await apiRequest<{ recoveryCodes: string[] }>(event, 'POST', '/api/v1/auth/totp/enable', { code: String(form.get('code') ?? '') });
		if (!result.ok) return fail(result.status, { action: 'totp', secret, otpauthUrl: String(form.get('otpauthUrl') ?? ''), fields: fieldsOf(result.error.fields) });
		return { action: 'totp', recoveryCodes: result.data.recoveryCodes };
	},
	totpDisable: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest(event, 'POST', '/api/v1/auth/totp/disable', { password: String(form.get('password') ?? '') });
		if (!result.ok) return fail(result.status, { action: 'totpDisable', message: result.error.message, fields: fieldsOf(result.error.fields) });
		return { action: 'totpDisable', saved: true };
	},
	logoutAll: async (event) => {
		const result = await apiRequest(event, 'POST', '/api/v1/auth/logout-all');
		if (result.ok) forwardSetCookies(result.response, event.cookies);
		event.cookies.delete('cn_session', { path: '/' });
		redirect(303, '/login');
	}
};
