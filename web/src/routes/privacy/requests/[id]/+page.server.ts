// The status page, reached through the link with the status token (after the form
// and in the code mail): where the request stands, the code form while the e-mail
// is unconfirmed, and the export once there is one. A wrong token is a plain 404.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { apiRequest } from '#lib/server/api.js';
import type { PublicRequestStatus } from '#lib/dsr.js';
import type { Actions, PageServerLoad } from './$types';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const ID = /^[0-9a-f-]{36}$/i;

function target(event: RequestEvent): { id: string; token: string } {
	const id = event.params.id ?? '';
	const token = event.url.searchParams.get('token') ?? '';
	if (!ID.test(id) || !TOKEN.test(token)) error(404, 'The request was not found', { requestId: event.locals.requestId });
	return { id, token };
}

export const load: PageServerLoad = async (event) => {
	const { id, token } = target(event);
	const result = await apiRequest<PublicRequestStatus>(event, 'GET', `/api/v1/privacy/requests/${id}?statusToken=${encodeURIComponent(token)}`);
	if (!result.ok) {
		const status = result.status === 404 || result.status === 429 ? result.status : 503;
		error(status, result.error.message, { requestId: result.error.requestId ?? event.locals.requestId });
	}
	return { status: result.data, token };
};

export const actions: Actions = {
	verify: async (event) => {
		const { id, token } = target(event);
		const code = String((await event.request.formData()).get('code') ?? '').replace(/\s+/g, '').slice(0, 20);
		if (!/^\d{6}$/.test(code)) return fail(400, { codeProblem: 'wrong' as const });
		const result = await apiRequest(event, 'POST', `/api/v1/privacy/requests/${id}/verify`, { statusToken: token, code });
		if (result.ok) redirect(303, `/privacy/requests/${id}?token=${encodeURIComponent(token)}&verified=1`);
		if (result.status === 429) return fail(429, { codeProblem: 'blocked' as const });
		if (result.status === 404) error(404, 'The request was not found', { requestId: event.locals.requestId });
		return fail(400, { codeProblem: 'wrong' as const });
	},
	resend: async (event) => {
		const { id, token } = target(event);
		const result = await apiRequest(event, 'POST', `/api/v1/privacy/requests/${id}/resend`, { statusToken: token });
		if (result.ok) return { resent: true };
		return fail(result.status === 429 ? 429 : 400, { codeProblem: result.status === 429 ? ('too_soon' as const) : ('wrong' as const) });
	}
};
