// One data-subject request for staff: requester, deadlines, manifest, plan and
// timeline, and the decisions (triage, plan, approval, extension), which the API
// sends to the workflow; a refusal by the workflow is shown, the form is kept.
// Lifting a flag or the suppression goes to the API only (no workflow involved).
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { DsrDetail } from '#lib/dsr.js';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f-]{36}$/i;

function requestId(event: RequestEvent): string {
	const id = event.params.id ?? '';
	if (!ID.test(id)) error(404, 'The request was not found', { requestId: event.locals.requestId });
	return id;
}

export const load: PageServerLoad = async (event) => {
	const id = requestId(event);
	const request = expectOk(event, await apiRequest<DsrDetail>(event, 'GET', `/api/v1/dsr/${id}`));
	return { request, me: event.locals.user!.id, workflowConsole: event.locals.user!.roles.includes('platform_admin') };
};

async function send(event: RequestEvent, action: string, path: string, body: unknown) {
	const result = await apiRequest(event, 'POST', path, body);
	if (result.ok) return { done: action };
	return fail(result.status >= 400 && result.status < 600 ? result.status : 500, { action, message: result.error.message });
}

const text = (form: FormData, name: string, max = 2000) => String(form.get(name) ?? '').slice(0, max).trim();

export const actions: Actions = {
	triage: async (event) => {
		const id = requestId(event);
		const form = await event.request.formData();
		const decision = text(form, 'decision', 20);
		const note = text(form, 'note');
		const body: Record<string, unknown> = { decision, ...(note ? { note } : {}) };
		if (decision === 'refuse') body.reason = text(form, 'reason', 40);
		if (decision === 'merge') body.mergeInto = text(form, 'mergeInto', 40);
		return send(event, 'triage', `/api/v1/dsr/${id}/triage`, body);
	},
	plan: async (event) => {
		// Each item's chosen action, and corrected values (rectification) typed beside an account.
		const form = await event.request.formData();
		const items: { itemId: string; action: string }[] = [];
		const corrections: { itemId: string; column: string; value: string }[] = [];
		for (const [name, value] of form.entries()) {
			const action = /^action:([0-9a-f-]{36})$/i.exec(name);
			if (action) items.push({ itemId: action[1]!, action: String(value).slice(0, 20) });
			const fix = /^fix:([0-9a-f-]{36}):(name|email)$/i.exec(name);
			if (fix && String(value).trim()) corrections.push({ itemId: fix[1]!, column: fix[2]!, value: String(value).slice(0, 400) });
		}
		return send(event, 'plan', `/api/v1/dsr/${requestId(event)}/plan`, { ...(items.length ? { items } : {}), ...(corrections.length ? { corrections } : {}) });
	},
	approve: async (event) => {
		const form = await event.request.formData();
		return send(event, 'approve', `/api/v1/dsr/${requestId(event)}/plan/approve`, { planHash: text(form, 'planHash', 64) });
	},
	extend: async (event) => {
		const form = await event.request.formData();
		const note = text(form, 'note');
		return send(event, 'extend', `/api/v1/dsr/${requestId(event)}/extend`, { reason: text(form, 'reason', 40), ...(note ? { note } : {}) });
	},
	lift: async (event) => {
		// A flag (kind) or the suppression, with the reason code and an optional note; what still applies is shown after.
		const form = await event.request.formData();
		const kind = text(form, 'kind', 40);
		const note = text(form, 'note', 4000);
		const id = requestId(event);
		const path = kind === 'suppression' ? `/api/v1/dsr/${id}/suppression/lift` : `/api/v1/dsr/${id}/flags/${encodeURIComponent(kind)}/lift`;
		const result = await apiRequest<{ subject: { restricted: boolean; mailStopped: boolean } }>(event, 'POST', path, { reason: text(form, 'reason', 40), ...(note ? { note } : {}) });
		if (result.ok) return { done: 'lift', kind, subject: result.data.subject };
		return fail(result.status >= 400 && result.status < 600 ? result.status : 500, { action: 'lift', kind, note, message: result.error.message });
	}
};
