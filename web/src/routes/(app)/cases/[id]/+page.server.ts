// One case: header, stepper, parties and ownership, screening hits, risk,
// report sections, review and timeline. Every human step is a form action that
// calls the API (which sends it to the case workflow); a refusal comes back as
// the API's message. Unknown ids (and other organisations' cases) give the 404 page.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { classifyApiError, type FieldProblem, type Problem } from '#lib/api-problems.js';
import { api, apiRequest, expectOk, loginUrl } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { KycCaseView } from '#lib/kyc-case.js';
import type { CaseDetail, CaseFileSettings } from '#lib/api-types.js';
import type { CaseDocumentsBody } from '#lib/documents.js';
import { forwardUpload } from '#lib/server/documents.js';
import type { CaseNote } from '#lib/components/CaseNotes.svelte';
import type { ActionFailure } from '#lib/case-form.js';
import type { Actions, PageServerLoad } from './$types';

/** An internal investigation as listed (compliance officers and its raiser only). */
/** One version of a report section (GET /cases/{id}/sections/{key}/versions). */
export interface SectionVersion { version: number; text: string; source: 'template' | 'ai' | 'handler'; model: string | null; fallbackReason: string | null; createdBy: string | null; createdAt: string }

export interface Investigation { id: string; note?: string; raisedBy?: string | null; createdAt: string }

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
	// Investigations (suspicion, §§ 25–26) exist on this page only for those the API shows them to: anyone else gets a 404
	// and the page says nothing about them.
	const investigations = await apiRequest<{ items: Investigation[] }>(event, 'GET', `/api/v1/cases/${event.params.id}/investigations`);
	// Whether CPR numbers may be entered: the organisation's case-file settings (a missing answer means no).
	const settings = await apiRequest<CaseFileSettings>(event, 'GET', '/api/v1/organisation/case-file-settings');
	// The reviewer's comparison: every version of each section (drafts and the handler's edits), while the case is in review.
	const versions: Record<string, SectionVersion[]> = {};
	if (found.status === 'in_review') {
		await Promise.all(found.sections.map(async (s) => {
			const res = await apiRequest<{ items: SectionVersion[] }>(event, 'GET', `/api/v1/cases/${event.params.id}/sections/${encodeURIComponent(s.key)}/versions`);
			if (res.ok) versions[s.key] = res.data.items;
		}));
	}
	return {
		case: found, user: { id: user.id, roles: user.roles }, documents: documents.ok ? documents.data : null, notes: notes.ok ? notes.data.items : null,
		handlers: handlers.ok ? handlers.data.items : [], canAssign: user.roles.includes('handler') || user.roles.includes('org_admin'),
		investigations: investigations.ok ? (investigations.data.items ?? []) : null,
		cprEnabled: settings.ok ? settings.data.cprEnabled === true : false,
		// "New AI draft" is offered only where the organisation switched AI drafting on.
		aiDrafting: settings.ok ? settings.data.aiDrafting === true : false,
		versions
	};
};

const field = (form: FormData, name: string, max = 20_000) => String(form.get(name) ?? '').slice(0, max);

/** What a refused form sends back (#lib/case-form.js): problem keys by form and field, what was typed. */
export type { ActionFailure };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARTY_FIELDS = ['kind', 'name', 'birthDate', 'nationality', 'address', 'country', 'cvr', 'cpr', 'roles', 'reason'] as const;

/** A party form's fields as the API takes them: empty optional fields are left out, roles are the checked boxes. */
function partyBody(form: FormData, cprEnabled: boolean) {
	const values: Record<string, string> = {};
	for (const name of PARTY_FIELDS) if (name !== 'roles') values[name] = field(form, name, name === 'address' ? 500 : 200).trim();
	const roles = form.getAll('roles').map(String).filter(Boolean);
	values.roles = roles.join(',');
	const body: Record<string, unknown> = { roles };
	for (const name of ['kind', 'name', 'birthDate', 'nationality', 'address', 'country', 'cvr'] as const) if (values[name]) body[name] = name === 'nationality' || name === 'country' ? values[name]!.toUpperCase() : values[name];
	if (cprEnabled && values.cpr) body.cpr = values.cpr;
	return { values, body, roles };
}

const refuse = (status: number, failure: Omit<ActionFailure, 'requestId'> & { requestId?: string | null }) =>
	fail(status, { requestId: null, ...failure } satisfies ActionFailure);

/**
 * Sends one step to the API; success reloads the page (post/redirect/get), a refusal comes
 * back with its problem keys, by field where the form has the field, and the typed values.
 */
async function act(event: RequestEvent, action: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, form: { fields?: readonly string[]; values?: Record<string, string> } = {}) {
	const id = event.params.id ?? '';
	const values = form.values ?? {};
	if (!UUID.test(id)) return refuse(404, { action, problem: { kind: 'code', code: 'not_found' }, fields: {}, values });
	const result = await apiRequest<unknown>(event, method, `/api/v1/cases/${id}${path}`, body);
	if (result.ok) redirect(303, `/cases/${id}`);
	if (result.status === 401) redirect(303, loginUrl(event.url));
	const { problem, fields } = classifyApiError(result.status, result.error, form.fields ?? []);
	// What blocks the case, when the workflow refused for that reason (code `incomplete`): the page names each.
	const blockingReasons = result.error.details?.blockingReasons;
	return refuse(result.status, {
		action, problem, fields, values, requestId: problem?.kind === 'code' && result.status >= 500 ? (result.error.requestId ?? null) : null,
		...(blockingReasons?.length ? { blockingReasons } : {})
	});
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
		// As for hits: nothing is chosen for the handler, and every decision carries a reason.
		const form = await event.request.formData();
		const docId = field(form, 'docId', 40);
		const reason = field(form, 'reason', 2000);
		const decision = field(form, 'decision', 20);
		const values = { decision, reason };
		const action = `document:${docId}`;
		const fields: Record<string, FieldProblem> = {};
		if (decision !== 'accepted' && decision !== 'rejected') fields.decision = 'choose';
		if (!reason.trim()) fields.reason = 'reason';
		if (Object.keys(fields).length) return refuse(400, { action, problem: null, fields, values });
		return act(event, action, 'POST', `/documents/${encodeURIComponent(docId)}/decision`, { decision, reason: reason.trim() }, { fields: ['decision', 'reason'], values });
	},
	documentKind: async (event) => {
		const form = await event.request.formData();
		const docId = field(form, 'docId', 40);
		const documentKind = field(form, 'documentKind', 40);
		const values = { documentKind };
		if (!documentKind) return refuse(400, { action: `documentKind:${docId}`, problem: null, fields: { documentKind: 'choose' }, values });
		return act(event, `documentKind:${docId}`, 'PATCH', `/documents/${encodeURIComponent(docId)}/kind`, { documentKind }, { fields: ['documentKind'], values });
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
		const form = await event.request.formData();
		const text = field(form, 'text', 200_000);
		const usableForDrafting = form.get('usableForDrafting') === 'true';
		return act(event, 'addNote', 'POST', '/notes', { text, usableForDrafting }, { fields: ['text'], values: { text: text.slice(0, 20_000), usableForDrafting: usableForDrafting ? 'true' : '' } });
	},
	noteUsable: async (event) => {
		// Whether AI drafting may cite the note as evidence (issue 13).
		const form = await event.request.formData();
		const noteId = field(form, 'noteId', 40);
		return act(event, `note:${noteId}`, 'PATCH', `/notes/${encodeURIComponent(noteId)}`, { usableForDrafting: form.get('usableForDrafting') === 'true' });
	},
	redraft: async (event) => {
		// A new AI draft of a section not yet accepted; it arrives in the background as a new version (202).
		const key = field(await event.request.formData(), 'key', 40);
		return act(event, `redraft:${key}`, 'POST', `/sections/${encodeURIComponent(key)}/draft`);
	},
	pepLeftOffice: async (event) => {
		// § 18, stk. 6: the day a confirmed PEP left office.
		const form = await event.request.formData();
		const hitId = field(form, 'hitId', 40);
		const leftOfficeOn = field(form, 'leftOfficeOn', 10);
		const action = `pepLeftOffice:${hitId}`;
		if (!DATE.test(leftOfficeOn)) return refuse(400, { action, problem: null, fields: { leftOfficeOn: 'date' }, values: { leftOfficeOn } });
		return act(event, action, 'PUT', `/hits/${encodeURIComponent(hitId)}/pep-left-office`, { leftOfficeOn }, { fields: ['leftOfficeOn'], values: { leftOfficeOn } });
	},
	pepCleared: async (event) => {
		// A compliance officer records that the former PEP's risk is no longer increased (no earlier than 12 months after).
		const hitId = field(await event.request.formData(), 'hitId', 40);
		return act(event, `pepCleared:${hitId}`, 'POST', `/hits/${encodeURIComponent(hitId)}/pep-cleared`);
	},
	endRelationship: async (event) => {
		const endedOn = field(await event.request.formData(), 'endedOn', 10);
		if (!DATE.test(endedOn)) return refuse(400, { action: 'endRelationship', problem: null, fields: { endedOn: 'date' }, values: { endedOn } });
		return act(event, 'endRelationship', 'POST', '/relationship-end', { endedOn }, { fields: ['endedOn'], values: { endedOn } });
	},

	// The case file (issue 12, docs/case-file.md).
	identity: async (event) => {
		const form = await event.request.formData();
		const partyId = field(form, 'partyId', 40);
		const action = `identity:${partyId}`;
		const values = { method: field(form, 'method', 20), documentId: field(form, 'documentId', 40), description: field(form, 'description', 2000) };
		const fields: Record<string, FieldProblem> = {};
		if (!['id_document', 'mitid', 'other'].includes(values.method)) fields.method = 'choose';
		if (values.method === 'id_document' && !values.documentId) fields.documentId = 'choose';
		if (values.method === 'other' && !values.description.trim()) fields.description = 'required';
		if (Object.keys(fields).length) return refuse(400, { action, problem: null, fields, values });
		const body = {
			method: values.method,
			...(values.method === 'id_document' ? { documentId: values.documentId } : {}),
			...(values.method !== 'id_document' && values.description.trim() ? { description: values.description.trim() } : {})
		};
		return act(event, action, 'PUT', `/parties/${encodeURIComponent(partyId)}/identity`, body, { fields: ['method', 'documentId', 'description'], values });
	},
	addParty: async (event) => {
		const form = await event.request.formData();
		const { values, body, roles } = partyBody(form, form.get('cprEnabled') === '1');
		const fields: Record<string, FieldProblem> = {};
		if (values.kind !== 'person' && values.kind !== 'company') fields.kind = 'choose';
		if (!values.name) fields.name = 'required';
		// A party is on the case for a role (acts on the client's behalf, signs, owns…).
		if (roles.length === 0) fields.roles = 'choose';
		if (values.birthDate && !DATE.test(values.birthDate)) fields.birthDate = 'date';
		if (Object.keys(fields).length) return refuse(400, { action: 'addParty', problem: null, fields, values });
		return act(event, 'addParty', 'POST', '/parties', body, { fields: PARTY_FIELDS, values });
	},
	correctParty: async (event) => {
		const form = await event.request.formData();
		const partyId = field(form, 'partyId', 40);
		const action = `party:${partyId}`;
		const { values, body, roles } = partyBody(form, form.get('cprEnabled') === '1');
		const registry = form.get('source') === 'registry';
		const fields: Record<string, FieldProblem> = {};
		if (!values.name) fields.name = 'required';
		if (values.birthDate && !DATE.test(values.birthDate)) fields.birthDate = 'date';
		// Correcting what the registry says needs a reason (it is kept beside the registry's values).
		if (registry && (values.reason ?? '').length < 5) fields.reason = 'reason';
		if (Object.keys(fields).length) return refuse(400, { action, problem: null, fields, values });
		delete body.kind;
		// The registry's own roles (chair, legal owner…) stay; the API keeps them beside the ones given here.
		if (roles.length === 0 && registry) delete body.roles;
		if (values.reason) body.reason = values.reason;
		return act(event, action, 'PATCH', `/parties/${encodeURIComponent(partyId)}`, body, { fields: PARTY_FIELDS, values });
	},
	removeParty: async (event) => {
		const partyId = field(await event.request.formData(), 'partyId', 40);
		return act(event, `remove:${partyId}`, 'DELETE', `/parties/${encodeURIComponent(partyId)}`);
	},
	relationship: async (event) => {
		const form = await event.request.formData();
		const names = ['purpose', 'nature', 'expectedActivity', 'sourceOfFunds', 'sourceOfWealth', 'product', 'deliveryChannel'] as const;
		const values = Object.fromEntries(names.map((n) => [n, field(form, n, 4000).trim()])) as Record<(typeof names)[number], string>;
		const enhanced = form.get('enhanced') === '1';
		const fields: Record<string, FieldProblem> = {};
		for (const n of ['purpose', 'nature', 'expectedActivity'] as const) if (!values[n]) fields[n] = 'required';
		if (values.product !== 'standard' && values.product !== 'high_risk') fields.product = 'choose';
		if (values.deliveryChannel !== 'in_person' && values.deliveryChannel !== 'remote') fields.deliveryChannel = 'choose';
		if (enhanced && !values.sourceOfFunds) fields.sourceOfFunds = 'required';
		if (enhanced && !values.sourceOfWealth) fields.sourceOfWealth = 'required';
		if (Object.keys(fields).length) return refuse(400, { action: 'relationship', problem: null, fields, values });
		const body = {
			purpose: values.purpose, nature: values.nature, expectedActivity: values.expectedActivity, product: values.product, deliveryChannel: values.deliveryChannel,
			...(values.sourceOfFunds ? { sourceOfFunds: values.sourceOfFunds } : {}), ...(values.sourceOfWealth ? { sourceOfWealth: values.sourceOfWealth } : {})
		};
		return act(event, 'relationship', 'PUT', '/business-relationship', body, { fields: names, values });
	},
	language: async (event) => {
		const language = field(await event.request.formData(), 'language', 2);
		if (language !== 'da' && language !== 'en') return refuse(400, { action: 'language', problem: null, fields: { language: 'choose' }, values: { language } });
		return act(event, 'language', 'PUT', '/language', { language }, { fields: ['language'], values: { language } });
	},
	conclusion: async (event) => {
		// No outcome is chosen for the handler: establish or decline, explicitly.
		const outcome = field(await event.request.formData(), 'outcome', 20);
		if (outcome !== 'establish' && outcome !== 'decline') return refuse(400, { action: 'conclusion', problem: null, fields: { outcome: 'choose' }, values: { outcome } });
		return act(event, 'conclusion', 'PUT', '/conclusion', { outcome }, { fields: ['outcome'], values: { outcome } });
	},
	decline: async (event) => {
		const reason = field(await event.request.formData(), 'reason', 4000);
		if (!reason.trim()) return refuse(400, { action: 'decline', problem: null, fields: { reason: 'reason' }, values: { reason } });
		return act(event, 'decline', 'POST', '/decline', { reason: reason.trim() }, { fields: ['reason'], values: { reason } });
	},
	authorityReport: async (event) => {
		// The freeze of a sanctioned client's funds, as reported to the authority (kind sanctions_freeze).
		const form = await event.request.formData();
		const values = { recipient: field(form, 'recipient', 40), reportedAt: field(form, 'reportedAt', 10), reference: field(form, 'reference', 200) };
		const fields: Record<string, FieldProblem> = {};
		if (!values.recipient) fields.recipient = 'choose';
		if (!DATE.test(values.reportedAt)) fields.reportedAt = 'date';
		if (!values.reference.trim()) fields.reference = 'required';
		if (Object.keys(fields).length) return refuse(400, { action: 'authorityReport', problem: null, fields, values });
		return act(event, 'authorityReport', 'POST', '/authority-reports', { kind: 'sanctions_freeze', recipient: values.recipient, reportedAt: values.reportedAt, reference: values.reference.trim() },
			{ fields: ['recipient', 'reportedAt', 'reference'], values });
	},
	investigate: async (event) => {
		const note = field(await event.request.formData(), 'note', 20_000);
		if (!note.trim()) return refuse(400, { action: 'investigate', problem: null, fields: { note: 'required' }, values: { note } });
		return act(event, 'investigate', 'POST', '/investigations', { note: note.trim() }, { fields: ['note'], values: { note } });
	}
};
