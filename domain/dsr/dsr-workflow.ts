// The data-subject request workflow's public messages: names and argument shapes
// shared by the workflow (which defines them) and the API's gateway (which sends
// them), so the API never imports workflow code. Ids, enums and instants only.
import type { DsrState, ExtensionReason, RefusalReason, TriageDecision } from './request.ts';

export const DSR_WORKFLOW = 'dataSubjectRequest';
export const CODE_VERIFIED_SIGNAL = 'codeVerified';
export const INFO_PROVIDED_SIGNAL = 'infoProvided';
export const TRIAGE_UPDATE = 'triage';
export const PROPOSE_PLAN_UPDATE = 'proposePlan';
export const APPROVE_PLAN_UPDATE = 'approvePlan';
export const EXTEND_UPDATE = 'extend';
export const DSR_STATE_QUERY = 'dsrState';

export const dsrWorkflowId = (requestId: string): string => `dsr/${requestId}`;

/** Durations are inputs (never constants in workflow code), so tests run with seconds. */
export interface DsrTiming {
  /** How long the requester has to confirm the code before the request closes as unverified (14 days). */
  verificationWindowMs: number;
  /** Staff reminders this long before the deadline. */
  reminderLeadsMs: number[];
}

export const DEFAULT_DSR_TIMING: DsrTiming = {
  verificationWindowMs: 14 * 86_400_000,
  reminderLeadsMs: [7 * 86_400_000, 2 * 86_400_000],
};

export interface DsrWorkflowInput {
  requestId: string;
  /** Receipt instant (ISO); may be backdated by staff with evidence. */
  receivedAt: string;
  /** The deadline at start (ISO), from domain/dsr/deadline.ts; tests pass a near one. */
  dueAt: string;
  timing: DsrTiming;
}

export interface DsrWorkflowResult { outcome: DsrState['outcome'] }

export interface TriageArgs {
  decision: TriageDecision;
  actorId: string;
  refusalReason?: RefusalReason;
  mergeInto?: string;
}
export interface PlanArgs { planHash: string; actorId: string }
export interface ExtendArgs { reason: ExtensionReason; actorId: string }
