// The workflow console's shapes (GET /api/v1/workflows…) and their labels in
// Danish and English: workflow types and statuses, each history event as a
// sentence (which activity ran and how long, which timer fired, which Update
// was accepted for whom), and durations.
import { caseStepLabel, m } from '#lib/i18n.js';
import type { CaseStep } from '#lib/api-types.js';
import { formatDateTime } from '#lib/dates.js';
import type { BadgeTone } from '#lib/components/Badge.svelte';

export const WORKFLOW_TYPES = ['kycCase', 'dataSubjectRequest', 'dsrRoutedPart', 'documentRequest', 'listMonitoring'] as const;
export const WORKFLOW_STATUSES = ['running', 'completed', 'failed', 'canceled', 'terminated', 'continued_as_new', 'timed_out'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export interface WorkflowSummary {
	workflowId: string;
	runId: string;
	type: string;
	status: WorkflowStatus | null;
	startTime: string | null;
	closeTime: string | null;
	historyLength: number;
	orgId: string | null;
	caseId: string | null;
	requestId: string | null;
	caseStatus: string | null;
	step: string | null;
	riskLevel: string | null;
	dueAt: string | null;
	clientName: string | null;
}
export interface FailureView {
	type: string | null;
	nonRetryable: boolean;
	message: string | null;
}
export interface PendingActivity {
	activityId: string;
	activityType: string;
	state: string;
	attempt: number;
	maximumAttempts: number;
	scheduledAt: string | null;
	lastStartedAt: string | null;
	nextAttemptAt: string | null;
	lastFailure: FailureView | null;
}
export interface TimelineEvent {
	eventId: number;
	time: string;
	eventType: string;
	category: string;
	name: string | null;
	durationMs: number | null;
	attempt: number | null;
	actor: { id: string; name: string | null } | null;
	failure: FailureView | null;
	firesAt: string | null;
	payload?: unknown;
}
export interface WorkflowDetail extends WorkflowSummary {
	taskQueue: string;
	pendingActivities: PendingActivity[];
	pendingTimers: { timerId: string; startedEventId: number; startedAt: string; firesAt: string }[];
	pendingChildren: { workflowId: string; type: string }[];
	events: TimelineEvent[];
	eventsTotal: number;
	eventsFrom: number;
	nextEventsFrom: number | null;
	payloadsDecoded: boolean;
	resendableSignals: string[];
	temporalUiUrl: string | null;
}

export function workflowTypeLabel(type: string): string {
	switch (type) {
		case 'kycCase':
			return m.wf_type_kycCase();
		case 'dataSubjectRequest':
			return m.wf_type_dataSubjectRequest();
		case 'dsrRoutedPart':
			return m.wf_type_dsrRoutedPart();
		case 'documentRequest':
			return m.wf_type_documentRequest();
		case 'listMonitoring':
			return m.wf_type_listMonitoring();
		default:
			return type;
	}
}

export function workflowStatusLabel(status: string | null): string {
	switch (status) {
		case 'running':
			return m.wf_status_running();
		case 'completed':
			return m.wf_status_completed();
		case 'failed':
			return m.wf_status_failed();
		case 'canceled':
			return m.wf_status_canceled();
		case 'terminated':
			return m.wf_status_terminated();
		case 'continued_as_new':
			return m.wf_status_continued_as_new();
		case 'timed_out':
			return m.wf_status_timed_out();
		default:
			return String(status ?? '');
	}
}

export function workflowStatusTone(status: string | null): BadgeTone {
	if (status === 'running') return 'info';
	if (status === 'completed' || status === 'continued_as_new') return 'success';
	if (status === 'failed' || status === 'timed_out' || status === 'terminated') return 'danger';
	return 'neutral';
}

/** A case's step in the user's language; other workflows' status codes (a request's) as they are. */
export function workflowStepLabel(w: { type: string; step: string | null }): string {
	if (!w.step) return '';
	return w.type === 'kycCase' ? caseStepLabel(w.step as CaseStep) : w.step;
}

/** `850 ms`, `3,2 s`, `4 min`, `2 t` / `2 h`, `3 d`, with the Danish decimal comma in both languages' numbers. */
export function formatDuration(ms: number | null): string {
	if (ms === null) return '–';
	const one = (v: number) => v.toLocaleString('da-DK', { maximumFractionDigits: 1 });
	if (ms < 1000) return m.duration_ms({ value: String(Math.max(0, Math.round(ms))) });
	if (ms < 60_000) return m.duration_s({ value: one(ms / 1000) });
	if (ms < 3_600_000) return m.duration_min({ value: one(ms / 60_000) });
	if (ms < 86_400_000) return m.duration_h({ value: one(ms / 3_600_000) });
	return m.duration_d({ value: one(ms / 86_400_000) });
}

/** One history event as a sentence in the user's language. */
export function eventLabel(e: TimelineEvent): string {
	const name = e.name ?? '';
	const duration = formatDuration(e.durationMs);
	switch (e.eventType) {
		case 'WorkflowExecutionStarted':
			return m.wf_ev_workflow_started({ name: workflowTypeLabel(name) });
		case 'WorkflowExecutionCompleted':
			return m.wf_ev_workflow_completed();
		case 'WorkflowExecutionFailed':
			return m.wf_ev_workflow_failed();
		case 'WorkflowExecutionCanceled':
			return m.wf_ev_workflow_canceled();
		case 'WorkflowExecutionCancelRequested':
			return m.wf_ev_workflow_cancel_requested();
		case 'WorkflowExecutionTerminated':
			return m.wf_ev_workflow_terminated();
		case 'WorkflowExecutionContinuedAsNew':
			return m.wf_ev_workflow_continued();
		case 'WorkflowExecutionTimedOut':
			return m.wf_ev_workflow_timed_out();
		case 'WorkflowTaskScheduled':
			return m.wf_ev_task_scheduled();
		case 'WorkflowTaskStarted':
			return m.wf_ev_task_started();
		case 'WorkflowTaskCompleted':
			return m.wf_ev_task_completed();
		case 'WorkflowTaskFailed':
			return m.wf_ev_task_failed();
		case 'WorkflowTaskTimedOut':
			return m.wf_ev_task_timed_out();
		case 'ActivityTaskScheduled':
			return m.wf_ev_activity_scheduled({ name });
		case 'ActivityTaskStarted':
			return m.wf_ev_activity_started({ name, attempt: String(e.attempt ?? 1) });
		case 'ActivityTaskCompleted':
			return m.wf_ev_activity_completed({ name, duration });
		case 'ActivityTaskFailed':
			return m.wf_ev_activity_failed({ name, duration });
		case 'ActivityTaskTimedOut':
			return m.wf_ev_activity_timed_out({ name, duration });
		case 'ActivityTaskCanceled':
			return m.wf_ev_activity_canceled({ name });
		case 'MarkerRecorded':
			return m.wf_ev_local_activity({ name });
		case 'TimerStarted':
			return m.wf_ev_timer_started({ name, at: formatDateTime(e.firesAt) });
		case 'TimerFired':
			return m.wf_ev_timer_fired({ name, duration });
		case 'TimerCanceled':
			return m.wf_ev_timer_canceled({ name, duration });
		case 'WorkflowExecutionSignaled':
			return m.wf_ev_signaled({ name });
		case 'SignalExternalWorkflowExecutionInitiated':
			return m.wf_ev_signal_sent({ name });
		case 'WorkflowExecutionUpdateAdmitted':
			return m.wf_ev_update_admitted();
		case 'WorkflowExecutionUpdateAccepted':
			return m.wf_ev_update_accepted({ name, actor: e.actor ? (e.actor.name ?? e.actor.id) : m.wf_unknown_actor() });
		case 'WorkflowExecutionUpdateCompleted':
			return e.failure ? m.wf_ev_update_rejected({ name }) : m.wf_ev_update_completed({ name, duration });
		case 'UpsertWorkflowSearchAttributes':
			return m.wf_ev_search_attributes({ name });
		case 'StartChildWorkflowExecutionInitiated':
			return m.wf_ev_child_initiated({ name });
		case 'ChildWorkflowExecutionStarted':
			return m.wf_ev_child_started({ name });
		default:
			return m.wf_ev_other({ type: e.eventType });
	}
}

/** The web path of a workflow's page (its id keeps its slashes: `/admin/workflows/kyc-case/<id>`). */
export const workflowHref = (workflowId: string): string => `/admin/workflows/${workflowId.split('/').map(encodeURIComponent).join('/')}`;
/** The API path of a workflow (its id URL-encoded as one segment). */
export const workflowApiPath = (workflowId: string): string => `/api/v1/workflows/${encodeURIComponent(workflowId)}`;
