// The client's upload page behind the e-mailed link: no login, the link is the
// key. Shows what the firm asks for, takes one document (streamed to the API,
// which checks type and size), and then the link is used up.
import { fail } from '@sveltejs/kit';
import { apiRequest } from '#lib/server/api.js';
import { forwardUpload } from '#lib/server/documents.js';
import type { UploadRequestView } from '#lib/documents.js';
import type { Actions, PageServerLoad } from './$types';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export const load: PageServerLoad = async (event) => {
	if (!TOKEN.test(event.params.token)) return { state: 'unknown' as const, request: null };
	const result = await apiRequest<UploadRequestView>(event, 'GET', `/api/v1/uploads/${event.params.token}`);
	if (result.ok) return { state: 'open' as const, request: result.data };
	if (result.status === 410) return { state: 'gone' as const, request: null, message: result.error.message };
	if (result.status === 404) return { state: 'unknown' as const, request: null };
	return { state: 'unavailable' as const, request: null };
};

export const actions: Actions = {
	default: async (event) => {
		if (!TOKEN.test(event.params.token)) return fail(404, { problem: 'unknown' });
		const outcome = await forwardUpload(event, `/api/v1/uploads/${event.params.token}`);
		if (outcome.ok) return { received: true, name: String(outcome.data.name ?? '') };
		return fail(outcome.status, { problem: outcome.code, message: outcome.message });
	}
};
