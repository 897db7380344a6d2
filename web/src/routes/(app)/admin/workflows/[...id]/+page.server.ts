// One workflow in the console: status, step, pending activities and timers, the
// history as a paged timeline (200 events a page, so a 5,000-event history stays
// fast), and for Clientnote's platform admins the actions, each confirmed with its
// consequence and a reason. Another organisation's workflow is a 404 from the API.
import { error, fail } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import { workflowApiPath, type WorkflowDetail } from '#lib/workflow-console.js';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 200;
const ACTIONS = new Set(['cancel', 'terminate', 'reset', 'signal']);

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.roles.includes('org_admin') && !user.roles.includes('platform_admin')) {
		error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	}
	const workflowId = event.params.id;
	const from = Math.max(0, Number.parseInt(event.url.searchParams.get('from') ?? '0', 10) || 0);
	const workflow = expectOk(event, await apiRequest<WorkflowDetail>(event, 'GET', `${workflowApiPath(workflowId)}?eventsFrom=${from}&eventsLimit=${PAGE}`));
	const confirm = event.url.searchParams.get('confirm');
	return { workflow, pageSize: PAGE, confirm: confirm && workflow.temporalUiUrl !== null ? confirm : null };
};

export const actions: Actions = {
	act: async (event) => {
		const form = await event.request.formData();
		const action = String(form.get('action') ?? '');
		const reason = String(form.get('reason') ?? '').trim().slice(0, 500);
		const signal = String(form.get('signal') ?? '') || undefined;
		if (!ACTIONS.has(action)) return fail(400, { problem: 'action' });
		const result = await apiRequest<{ auditEventId: string }>(event, 'POST', `${workflowApiPath(event.params.id)}/actions`, { action, reason, ...(signal ? { signal } : {}) });
		if (!result.ok) return fail(result.status, { problem: result.error.fields?.[0]?.path ?? result.error.code, code: result.error.code, reason, action });
		return { done: action, auditEventId: result.data.auditEventId };
	}
};
