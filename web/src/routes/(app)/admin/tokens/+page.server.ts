// API tokens of my organisation: create with scopes (the secret is shown once),
// list with last use, revoke.
import { error, fail } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { ApiToken } from '#lib/api-types.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.user!.roles.includes('org_admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	return { tokens: expectOk(event, await apiRequest<{ items: ApiToken[] }>(event, 'GET', '/api/v1/tokens')).items };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest<ApiToken & { token: string }>(event, 'POST', '/api/v1/tokens', {
			name: String(form.get('name') ?? ''),
			scopes: form.getAll('scopes').map(String)
		});
		// A field's own message says what to fix ("Choose at least one scope"), the general one does not.
		if (!result.ok) return fail(result.status, { message: result.error.fields?.[0]?.message ?? result.error.message });
		return { created: { name: result.data.name, token: result.data.token } };
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest(event, 'DELETE', `/api/v1/tokens/${encodeURIComponent(String(form.get('id') ?? ''))}`);
		if (!result.ok) return fail(result.status, { message: result.error.message });
		return { revoked: true };
	}
};
