// The admins' workflow console (issue 16): which workflow types and statuses it
// knows, how its filters become a Temporal visibility query (always narrowed to
// the caller's organisation by the OrgId search attribute unless the caller is
// Clientnote staff), which actions exist, and which signals each workflow
// documents as safe to send again. Pure: the client layer runs the query.
import { DOCUMENT_REQUEST_CANCELLED_SIGNAL, DOCUMENT_REQUEST_WORKFLOW, DOCUMENT_UPLOADED_SIGNAL } from '../documents/document-request.ts';
import { DSR_WORKFLOW } from '../dsr/dsr-workflow.ts';
import { ROUTED_PART_WORKFLOW } from '../dsr/routing.ts';
import { KYC_CASE_WORKFLOW } from '../kyc/case-workflow.ts';
import { LIST_MONITORING_WORKFLOW } from '../lists/monitoring.ts';

export const WORKFLOW_TYPES = [KYC_CASE_WORKFLOW, DSR_WORKFLOW, ROUTED_PART_WORKFLOW, DOCUMENT_REQUEST_WORKFLOW, LIST_MONITORING_WORKFLOW] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

/** Temporal's execution statuses, as the API names them, and as visibility spells them. */
export const WORKFLOW_STATUS_QUERY = {
  running: 'Running', completed: 'Completed', failed: 'Failed', canceled: 'Canceled',
  terminated: 'Terminated', continued_as_new: 'ContinuedAsNew', timed_out: 'TimedOut',
} as const;
export type WorkflowStatus = keyof typeof WORKFLOW_STATUS_QUERY;
export const WORKFLOW_STATUSES = Object.keys(WORKFLOW_STATUS_QUERY) as WorkflowStatus[];

/** Temporal's WorkflowExecutionStatus enum number → our name (0 and unknown values: null). */
export function statusFromEnum(value: number | null | undefined): WorkflowStatus | null {
  return ([null, 'running', 'completed', 'failed', 'canceled', 'terminated', 'continued_as_new', 'timed_out'] as const)[value ?? 0] ?? null;
}

export interface WorkflowFilter {
  /** The caller's organisation; null only for Clientnote's platform staff (every workflow). */
  orgId: string | null;
  /** This installation's task queue (one per test lane). */
  taskQueue: string;
  type?: WorkflowType | undefined;
  status?: WorkflowStatus | undefined;
  caseId?: string | undefined;
  /** A data-subject request (and its routed parts) or a document request. */
  requestId?: string | undefined;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
}

/** A value in single quotes; the API validates every value (uuid, enum, date) before it gets here, this is the second guard. */
const quoted = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The visibility query for a filter. Newest first. */
export function visibilityQuery(filter: WorkflowFilter): string {
  const parts = [`TaskQueue = ${quoted(filter.taskQueue)}`];
  if (filter.orgId !== null) parts.push(`OrgId = ${quoted(filter.orgId)}`);
  if (filter.type) parts.push(`WorkflowType = ${quoted(filter.type)}`);
  if (filter.status) parts.push(`ExecutionStatus = ${quoted(WORKFLOW_STATUS_QUERY[filter.status])}`);
  if (filter.caseId) parts.push(`CaseId = ${quoted(filter.caseId)}`);
  if (filter.requestId) parts.push(`(RequestId = ${quoted(filter.requestId)} OR DocumentRequestId = ${quoted(filter.requestId)})`);
  if (filter.dueBefore) parts.push(`DueAt < ${quoted(filter.dueBefore.toISOString())}`);
  if (filter.dueAfter) parts.push(`DueAt >= ${quoted(filter.dueAfter.toISOString())}`);
  return parts.join(' AND ');
}

/** The console's actions (platform staff only), each with a mandatory reason and an audit event. */
export const WORKFLOW_ACTIONS = ['cancel', 'terminate', 'reset', 'signal'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/**
 * Signals that carry no arguments and that a workflow handles idempotently, so sending one
 * again (a lost delivery, a stuck run) changes nothing if it already arrived:
 * - documentRequest `documentUploaded`: the first ending wins (`ended ??= …`); the upload
 *   itself is already in Postgres when the API signals.
 * - documentRequest `documentRequestCancelled`: the same; the cancellation is in Postgres first.
 * Not listed: `codeVerified` (it would skip the requester's identity check), `infoProvided`
 * (each one counts as an answer) and `monitoringHits` (it carries the hit ids).
 */
export const RESENDABLE_SIGNALS: Readonly<Record<WorkflowType, readonly string[]>> = {
  [KYC_CASE_WORKFLOW]: [],
  [DSR_WORKFLOW]: [],
  [ROUTED_PART_WORKFLOW]: [],
  [DOCUMENT_REQUEST_WORKFLOW]: [DOCUMENT_UPLOADED_SIGNAL, DOCUMENT_REQUEST_CANCELLED_SIGNAL],
  [LIST_MONITORING_WORKFLOW]: [],
};

export function resendableSignals(type: string): readonly string[] {
  return (RESENDABLE_SIGNALS as Record<string, readonly string[]>)[type] ?? [];
}
