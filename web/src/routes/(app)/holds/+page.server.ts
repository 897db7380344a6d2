// Legal holds for compliance and privacy officers: the active holds, placing one
// with its basis and review date, and releasing one. The API scopes them to the
// officer's organisation (Clientnote's privacy officers see all).
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { Actions, PageServerLoad } from './$types';

export interface Hold {
	id: string;
	scopeKind: 'user' | 'case' | 'email';
	scopeKey: string;
	basis: string;
	reviewOn: string;
	placedAt: string;
}

const MAY_HOLD = new Set(['compliance_officer', 'privacy_officer']);

function guard(event: RequestEvent) {
	if (!event.locals.user!.roles.some((r) => MAY_HOLD.has(r))) {
		error(403, 'Your role cannot manage legal holds', { requestId: event.locals.requestId });
	}
}

export const load: PageServerLoad = async (event) => {
	guard(event);
	const page = expectOk(event, await apiRequest<{ items: Hold[] }>(event, 'GET', '/api/v1/holds?active=true&limit=200'));
	return { holds: page.items, canHoldEmail: event.locals.user!.orgId === null };
};

export const actions: Actions = {
	place: async (event) => {
		guard(event);
		const form = await event.request.formData();
		const kind = String(form.get('kind') ?? '');
		const target = String(form.get('target') ?? '').trim().slice(0, 254);
		const note = String(form.get('note') ?? '').trim().slice(0, 2000);
		const scope = kind === 'email' ? { kind, email: target } : kind === 'case' ? { kind, caseId: target } : { kind: 'user', userId: target };
		const result = await apiRequest(event, 'POST', '/api/v1/holds', {
			scope,
			basis: String(form.get('basis') ?? ''),
			reviewOn: String(form.get('reviewOn') ?? ''),
			...(note ? { note } : {})
		});
		if (result.ok) return { placed: true };
		return fail(result.status >= 400 && result.status < 600 ? result.status : 500, { message: result.error.message, fields: result.error.fields ?? [] });
	},
	release: async (event) => {
		guard(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		if (!/^[0-9a-f-]{36}$/i.test(id)) return fail(400, { message: 'not a hold', fields: [] });
		const result = await apiRequest(event, 'POST', `/api/v1/holds/${id}/release`);
		if (result.ok) return { released: true };
		return fail(result.status >= 400 && result.status < 600 ? result.status : 500, { message: result.error.message, fields: [] });
	}
};
