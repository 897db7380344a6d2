// Temporal Schedules (platform admins): their state and next runs; pause, resume
// or run now, each with a reason that goes to the audit trail.
import { error, fail } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { Actions, PageServerLoad } from './$types';

export interface ScheduleView {
	scheduleId: string;
	workflowType: string | null;
	paused: boolean;
	note: string | null;
	nextActionTimes: string[];
	recentActions: string[];
}

export const load: PageServerLoad = async (event) => {
	if (!event.locals.user!.roles.includes('platform_admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	return { schedules: expectOk(event, await apiRequest<{ items: ScheduleView[] }>(event, 'GET', '/api/v1/schedules')).items };
};

export const actions: Actions = {
	act: async (event) => {
		const form = await event.request.formData();
		const scheduleId = String(form.get('scheduleId') ?? '');
		const action = String(form.get('action') ?? '');
		const reason = String(form.get('reason') ?? '').trim().slice(0, 500);
		const result = await apiRequest<{ auditEventId: string }>(event, 'POST', `/api/v1/schedules/${encodeURIComponent(scheduleId)}/actions`, { action, reason });
		if (!result.ok) return fail(result.status, { scheduleId, problem: result.error.fields?.[0]?.path ?? result.error.code, code: result.error.code });
		return { scheduleId, done: action, auditEventId: result.data.auditEventId };
	}
};
