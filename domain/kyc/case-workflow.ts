// The case workflow's public messages: names and argument shapes shared by the
// workflow (which defines them) and the API's WorkflowGateway (which sends them),
// so the API never imports workflow code. Ids, enums, hashes and durations only.
import type { CaseDecision, CaseProgress, CaseStep, CaseType, HitDecision, SectionKey } from './case.ts';
import type { DueDiligence, RiskLevel } from './risk.ts';

export const KYC_CASE_WORKFLOW = 'kycCase';
export const COMPLETE_STEP_UPDATE = 'completeStep';
export const DECIDE_UPDATE = 'decide';
export const DECIDE_HIT_UPDATE = 'decideHit';
export const OVERRIDE_RISK_UPDATE = 'overrideRisk';
export const SUBMIT_UPDATE = 'submit';
export const RETRY_REGISTRY_UPDATE = 'retryRegistry';
export const END_RELATIONSHIP_UPDATE = 'endRelationship';
/** § 14, stk. 1: an onboarding case ends declined (the reason is written to Postgres by the API). */
export const DECLINE_UPDATE = 'decline';
/** A handler asks for a new AI draft of a section (it arrives as a new version). */
export const REDRAFT_SECTION_UPDATE = 'redraftSection';
export const PROGRESS_QUERY = 'progress';
/** Signal from ongoing monitoring: hits (ids) a new list version raised on the case. */
export const MONITORING_HITS_SIGNAL = 'monitoringHits';

export const kycCaseWorkflowId = (caseId: string): string => `kyc-case/${caseId}`;

/** Durations in seconds, from the organisation's settings (tests use seconds). */
export interface CaseDurations {
  reviewIntervalSeconds: Record<RiskLevel, number>;
  retentionSeconds: number;
  /** Once retention is up, how often an active legal hold on the case is checked again (default: daily). */
  holdRecheckSeconds?: number;
  /** How long before the end of retention the organisation's admins are told (default 30 days). */
  purgeNoticeSeconds?: number;
  /** How long a due purge waits for an admin's approval before the admins are reminded again (default 7 days). */
  purgeEscalationSeconds?: number;
  /** From opening to the due date, and how long before it the handler is reminded. */
  slaSeconds?: number;
  slaReminderSeconds?: number;
}

/** The reminder comes three days before the due date, or halfway for short SLAs. */
export const slaReminderFor = (slaSeconds: number): number => Math.min(3 * 86_400, Math.floor(slaSeconds / 2));

export const DEFAULT_CASE_DURATIONS: CaseDurations = {
  reviewIntervalSeconds: { high: 365 * 86_400, medium: 2 * 365 * 86_400, low: 3 * 365 * 86_400 },
  retentionSeconds: 5 * 365 * 86_400 + 86_400,
  slaSeconds: 30 * 86_400,
  slaReminderSeconds: 3 * 86_400,
};

export interface KycCaseInput {
  caseId: string;
  orgId: string;
  durations?: CaseDurations;
  /** Onboarding unless told (a periodic review's workflow is started with its type). */
  caseType?: CaseType;
  /** Set by continue-as-new: the state to resume from. */
  resume?: { progress: CaseProgress; transitions: number };
}
export interface KycCaseResult { status: CaseProgress['status'] }
export interface CompleteStepArgs { step: CaseStep; actorId: string }
export interface DecideArgs { decision: CaseDecision; actorId: string; roles: string[]; reportVersion: string; returnTo?: CaseStep }
export interface DecideHitArgs { hitId: string; decision: Exclude<HitDecision, 'open'>; actorId: string }
export interface OverrideRiskArgs { riskLevel: RiskLevel; dueDiligence: DueDiligence; actorId: string }
export interface SubmitArgs { reportVersion: string; actorId: string }
export interface ActorArgs { actorId: string }
export interface RedraftSectionArgs { key: SectionKey; actorId: string }
export interface MonitoringHitsArgs { hitIds: string[]; listVersionId: string }
