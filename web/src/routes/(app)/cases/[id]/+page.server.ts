// One case: header, stepper, parties and ownership, screening hits, risk,
// report sections, review and timeline. Every human step is a form action that
// calls the API (which sends it to the case workflow); a refusal comes back as
// the API's message. Unknown ids (and other organisations' cases) give the 404 page.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api, apiRequest, expectOk, loginUrl } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { KycCaseView } from '#lib/kyc-case.js';
import type { CaseDetail } from '#lib/api-types.js';
import type { CaseDocumentsBody } from '#lib/documents.js';
import { forwardUpload } from '#lib/server/documents.js';
import type { CaseNote } from '#lib/components/CaseNotes.svelte';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.orgId || !canSee(user.roles, 'cases')) {
		error(403, 'Your role has no access to cases', { requestId: event.locals.requestId });
	}
	if (!UUID.test(event.params.id)) error(404, 'No such case', { requestId: event.locals.requestId });
	const found = expectOk(event, await api.getCase(event, event.params.id)) as CaseDetail & KycCaseView;
	const documents = await apiRequest<CaseDocumentsBody>(event, 'GET', `/api/v1/cases/${event.params.id}/documents`);
	const notes = await apiRequest<{ items: CaseNote[] }>(event, 'GET', `/api/v1/cases/${event.params.id}/notes`);
	// The organisation's active handlers, to show who has the case and (for handlers and admins) to hand it over.
	const handlers = await apiRequest<{ items: { id: string; name: string }[] }>(event, 'GET', '/api/v1/case-handlers');
	return {
		case: found, user: { id: user.id, roles: user.roles }, documents: documents.ok ? documents.data : null, notes: notes.ok ? notes.data.items : null,
		handlers: handlers.ok ? handlers.data.items : [], canAssign: user.roles.includes('handler') || user.roles.includes('org_admin')
	};
};

const field = (form: FormData, name: string, max = 20_000) => String(form.get(name) ?? '').slice(0, max);

/** Sends one step to the API; success reloads the page (post/redirect/get), a refusal shows the API's message. */
async function act(event: RequestEvent, action: string, method: 'POST' | 'PUT', path: string, body?: unknown) {
	const id = event.params.id ?? '';
	if (!UUID.test(id)) return fail(404, { action, problem: 'not found' });
	const result = await apiRequest<unknown>(event, method, `/api/v1/cases/${id}${path}`, body);
	if (result.ok) redirect(303, `/cases/${id}`);
	if (result.status === 401) redirect(303, loginUrl(event.url));
	const detail = result.error.fields?.map((f) => `${f.path}: ${f.message}`).join('; ');
	return fail(result.status, { action, problem: detail ? `${result.error.message} (${detail})` : result.error.message, requestId: result.error.requestId ?? null });
}

export const actions: Actions = {
	complete: async (event) => {
		const step = field(await event.request.formData(), 'step', 40);
		return act(event, 'complete', 'POST', `/steps/${encodeURIComponent(step)}/complete`);
	},
	retryRegistry: async (event) => act(event, 'retryRegistry', 'POST', '/registry/retry'),
	assign: async (event) => act(event, 'assign', 'POST', '/assign', { assigneeId: field(await event.request.formData(), 'assigneeId', 40) }),
	hit: async (event) => {
		const form = await event.request.formData();
		const hitId = field(form, 'hitId', 40);
		const reason = field(form, 'reason', 2000).trim();
		return act(event, `hit:${hitId}`, 'POST', `/hits/${encodeURIComponent(hitId)}/decision`, { decision: field(form, 'decision', 20), ...(reason ? { reason } : {}) });
	},
	override: async (event) => {
		const form = await event.request.formData();
		return act(event, 'override', 'POST', '/risk/override', { riskLevel: field(form, 'riskLevel', 20), justification: field(form, 'justification', 4000) });
	},
	section: async (event) => {
		const form = await event.request.formData();
		const key = field(form, 'key', 40);
		return act(event, `section:${key}`, 'PUT', `/sections/${encodeURIComponent(key)}`, { text: field(form, 'text'), accepted: form.get('accept') === '1' });
	},
	submit: async (event) => act(event, 'submit', 'POST', '/submit'),
	decide: async (event) => {
		const form = await event.request.formData();
		const decision = field(form, 'decision', 20);
		const comment = field(form, 'comment', 4000).trim();
		const returnTo = field(form, 'returnTo', 40);
		return act(event, 'decide', 'POST', '/decision', {
			decision, reportVersion: field(form, 'reportVersion', 64), ...(comment ? { comment } : {}), ...(decision === 'return' && returnTo ? { returnTo } : {})
		});
	},
	uploadDocument: async (event) => {
		const id = event.params.id ?? '';
		if (!UUID.test(id)) return fail(404, { action: 'uploadDocument', problem: 'not found' });
		const outcome = await forwardUpload(event, `/api/v1/cases/${id}/documents`);
		if (outcome.ok) redirect(303, `/cases/${id}`);
		if (outcome.status === 401) redirect(303, loginUrl(event.url));
		return fail(outcome.status, { action: 'uploadDocument', problem: outcome.message });
	},
	documentDecision: async (event) => {
		const form = await event.request.formData();
		const docId = field(form, 'docId', 40);
		const reason = field(form, 'reason', 2000).trim();
		return act(event, `document:${docId}`, 'POST', `/documents/${encodeURIComponent(docId)}/decision`, { decision: field(form, 'decision', 20), ...(reason ? { reason } : {}) });
	},
	cancelDocumentRequest: async (event) => {
		const requestId = field(await event.request.formData(), 'requestId', 40);
		return act(event, 'cancelDocumentRequest', 'POST', `/document-requests/${encodeURIComponent(requestId)}/cancel`);
	},
	requestDocument: async (event) => {
		const form = await event.request.formData();
		return act(event, 'requestDocument', 'POST', '/document-requests', { email: field(form, 'email', 254), description: field(form, 'description', 2000), locale: field(form, 'locale', 2) || 'da' });
	},
	addNote: async (event) => {
		// The API holds the limit (10,000 characters); the text comes back with a refusal so it is not lost.
		const text = field(await event.request.formData(), 'text', 200_000);
		const outcome = await act(event, 'addNote', 'POST', '/notes', { text });
		return outcome && 'data' in outcome ? fail(outcome.status, { ...outcome.data, text: text.slice(0, 20_000) }) : outcome;
	},
	endRelationship: async (event) => act(event, 'endRelationship', 'POST', '/relationship-end', { endedOn: field(await event.request.formData(), 'endedOn', 10) })
};
