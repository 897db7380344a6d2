// One case: header, stepper, parties and ownership, screening hits, risk,
// report sections, review and timeline. Every human step is a form action that
// calls the API (which sends it to the case workflow); a refusal comes back as
// the API's message. Unknown ids (and other organisations' cases) give the 404 page.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { classifyApiError, type FieldProblem, type Problem } from '#lib/api-problems.js';
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

/**
 * What a refused form sends back: which form (`action`), a problem for the form as a whole
 * and problems by field (keys the page translates; never the API's English), what the
 * user typed (so nothing is lost), and the request id for support.
 */
export interface ActionFailure {
	action: string;
	problem: Problem | null;
	fields: Record<string, FieldProblem>;
	values: Record<string, string>;
	requestId: string | null;
}

const refuse = (status: number, failure: Omit<ActionFailure, 'requestId'> & { requestId?: string | null }) =>
	fail(status, { requestId: null, ...failure } satisfies ActionFailure);

/**
 * Sends one step to the API; success reloads the page (post/redirect/get), a refusal comes
 * back with its problem keys, by field where the form has the field, and the typed values.
 */
async function act(event: RequestEvent, action: string, method: 'POST' | 'PUT', path: string, body?: unknown, form: { fields?: readonly string[]; values?: Record<string, string> } = {}) {
	const id = event.params.id ?? '';
	const values = form.values ?? {};
	if (!UUID.test(id)) return refuse(404, { action, problem: { kind: 'code', code: 'not_found' }, fields: {}, values });
	const result = await apiRequest<unknown>(event, method, `/api/v1/cases/${id}${path}`, body);
	if (result.ok) redirect(303, `/cases/${id}`);
	if (result.status === 401) redirect(303, loginUrl(event.url));
	const { problem, fields } = classifyApiError(result.status, result.error, form.fields ?? []);
	return refuse(result.status, { action, problem, fields, values, requestId: problem?.kind === 'code' && result.status >= 500 ? (result.error.requestId ?? null) : null });
}

export const actions: Actions = {
	complete: async (event) => {
		const step = field(await event.request.formData(), 'step', 40);
		return act(event, 'complete', 'POST', `/steps/${encodeURIComponent(step)}/complete`);
	},
	retryRegistry: async (event) => act(event, 'retryRegistry', 'POST', '/registry/retry'),
	assign: async (event) => act(event, 'assign', 'POST', '/assign', { assigneeId: field(await event.request.formData(), 'assigneeId', 40) }),
	hit: async (event) => {
		// Nothing is chosen for the user: a decision and its reason are both required, for a
		// confirmation as much as for a dismissal (the API itself asks a reason of dismissals only).
		const form = await event.request.formData();
		const hitId = field(form, 'hitId', 40);
		const decision = field(form, 'decision', 20);
		const reason = field(form, 'reason', 2000);
		const action = `hit:${hitId}`;
		const values = { decision, reason };
		const fields: Record<string, FieldProblem> = {};
		if (decision !== 'confirmed' && decision !== 'dismissed') fields.decision = 'choose';
		if (!reason.trim()) fields.reason = 'reason';
		if (Object.keys(fields).length) return refuse(400, { action, problem: null, fields, values });
		return act(event, action, 'POST', `/hits/${encodeURIComponent(hitId)}/decision`, { decision, reason: reason.trim() }, { fields: ['decision', 'reason'], values });
	},
	override: async (event) => {
		const form = await event.request.formData();
		const values = { riskLevel: field(form, 'riskLevel', 20), justification: field(form, 'justification', 4000) };
		if (!values.justification.trim()) return refuse(400, { action: 'override', problem: null, fields: { justification: 'sentence' }, values });
		return act(event, 'override', 'POST', '/risk/override', values, { fields: ['riskLevel', 'justification'], values });
	},
	section: async (event) => {
		const form = await event.request.formData();
		const key = field(form, 'key', 40);
		const text = field(form, 'text');
		return act(event, `section:${key}`, 'PUT', `/sections/${encodeURIComponent(key)}`, { text, accepted: form.get('accept') === '1' }, { fields: ['text'], values: { text } });
	},
	submit: async (event) => act(event, 'submit', 'POST', '/submit'),
	decide: async (event) => {
		// No outcome is chosen for the reviewer, and every decision carries a comment.
		const form = await event.request.formData();
		const decision = field(form, 'decision', 20);
		const comment = field(form, 'comment', 4000);
		const returnTo = field(form, 'returnTo', 40);
		const values = { decision, comment, returnTo };
		const fields: Record<string, FieldProblem> = {};
		if (decision !== 'approve' && decision !== 'reject' && decision !== 'return') fields.decision = 'choose';
		if (decision === 'return' && !['data_collection', 'screening', 'risk', 'report'].includes(returnTo)) fields.returnTo = 'choose';
		if (!comment.trim()) fields.comment = 'reason';
		if (Object.keys(fields).length) return refuse(400, { action: 'decide', problem: null, fields, values });
		return act(event, 'decide', 'POST', '/decision', {
			decision, reportVersion: field(form, 'reportVersion', 64), comment: comment.trim(), ...(decision === 'return' ? { returnTo } : {})
		}, { fields: ['decision', 'comment', 'returnTo'], values });
	},
	uploadDocument: async (event) => {
		const id = event.params.id ?? '';
		if (!UUID.test(id)) return refuse(404, { action: 'uploadDocument', problem: { kind: 'code', code: 'not_found' }, fields: {}, values: {} });
		const outcome = await forwardUpload(event, `/api/v1/cases/${id}/documents`);
		if (outcome.ok) redirect(303, `/cases/${id}`);
		if (outcome.status === 401) redirect(303, loginUrl(event.url));
		return refuse(outcome.status, { action: 'uploadDocument', problem: classifyApiError(outcome.status, { code: outcome.code, message: outcome.message }).problem, fields: {}, values: {} });
	},
	documentDecision: async (event) => {
		const form = await event.request.formData();
		const docId = field(form, 'docId', 40);
		const reason = field(form, 'reason', 2000);
		const values = { decision: field(form, 'decision', 20), reason };
		return act(event, `document:${docId}`, 'POST', `/documents/${encodeURIComponent(docId)}/decision`, { decision: values.decision, ...(reason.trim() ? { reason: reason.trim() } : {}) }, { fields: ['decision', 'reason'], values });
	},
	cancelDocumentRequest: async (event) => {
		const requestId = field(await event.request.formData(), 'requestId', 40);
		return act(event, 'cancelDocumentRequest', 'POST', `/document-requests/${encodeURIComponent(requestId)}/cancel`);
	},
	requestDocument: async (event) => {
		const form = await event.request.formData();
		const values = { email: field(form, 'email', 254), description: field(form, 'description', 2000), locale: field(form, 'locale', 2) || 'da' };
		return act(event, 'requestDocument', 'POST', '/document-requests', values, { fields: ['email', 'description', 'locale'], values });
	},
	addNote: async (event) => {
		// The API holds the limit (10,000 characters); the text comes back with a refusal so it is not lost.
		const text = field(await event.request.formData(), 'text', 200_000);
		return act(event, 'addNote', 'POST', '/notes', { text }, { fields: ['text'], values: { text: text.slice(0, 20_000) } });
	},
	endRelationship: async (event) => {
		const endedOn = field(await event.request.formData(), 'endedOn', 10);
		return act(event, 'endRelationship', 'POST', '/relationship-end', { endedOn }, { fields: ['endedOn'], values: { endedOn } });
	}
};
