// The retention workflows' shared names and shapes (docs/retention.md), used by
// the case workflow, the sweep, their activities and the API.
//
// Where a case stands at the end of its § 30 clock (cases.purge_status):
// `counting`: the clock runs; `announced`: the admins were told 30 days before;
// `held`: a legal hold keeps it; `awaiting_approval`: due, waiting for an org
// admin; `purged`: only the tombstone is left.
export const CASE_PURGE_STATUSES = ['counting', 'announced', 'held', 'awaiting_approval', 'purged'] as const;
export type CasePurgeStatus = (typeof CASE_PURGE_STATUSES)[number];

/** Signal to the case workflow: an org admin approved the purge (recorded in Postgres first). */
export const APPROVE_PURGE_SIGNAL = 'approvePurge';

/** The retention sweep's workflow type, and the Schedule that starts it daily. */
export const RETENTION_SWEEP_WORKFLOW = 'retentionSweep';
export const RETENTION_SWEEP_SCHEDULE_ID = 'retention-sweep';
/** Classes the sweep removes, in order (the audit trail's oldest segment comes last, by its own role). */
export const SWEPT_CLASSES = ['session', 'mail_log', 'dsr_export', 'dsr_record', 'user_account'] as const;

export interface RetentionSweepInput {
  /** Given when an admin starts the sweep from the page (the id the API answered with); the Schedule's runs make their own. */
  sweepId?: string;
  dryRun?: boolean;
  startedBy?: string | null;
  batchSize?: number;
}
export interface RetentionSweepResult { sweepId: string; status: 'completed' | 'skipped' }
