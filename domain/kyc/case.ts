// A KYC case: its enums, the step order of the lifecycle in DOMAIN.md, and the
// pure transitions the case workflow and the API both rely on. The progress
// holds ids and enums only (it travels in Temporal payloads); texts live in
// Postgres. Four-eyes: everyone who completed a step or edited the case is in
// preparedBy, and none of them may decide it.
import { DomainRefusal } from '../refusal.ts';
import { z } from 'zod';
import { cvrSchema } from './cvr.ts';
import type { DueDiligence, RiskLevel } from './risk.ts';

export const CASE_TYPES = ['onboarding', 'periodic_review', 'event_review'] as const;
export const CASE_STATUSES = ['open', 'in_review', 'approved', 'declined', 'monitoring', 'ended', 'deleted'] as const;
/** The steps of an open case, in lifecycle order. */
export const CASE_STEPS = ['data_collection', 'screening', 'risk', 'report', 'review'] as const;
export const CASE_DECISIONS = ['approve', 'reject', 'return'] as const;
export const SECTION_KEYS = ['client_description', 'ownership_and_control', 'screening_summary', 'risk_rationale', 'conclusion'] as const;
export const HIT_DECISIONS = ['open', 'confirmed', 'dismissed'] as const;
export const APPROVAL_CAPACITIES = ['reviewer', 'compliance_officer'] as const;

export const caseTypeSchema = z.enum(CASE_TYPES);
export const caseStatusSchema = z.enum(CASE_STATUSES);
export const caseStepSchema = z.enum(CASE_STEPS);
export const sectionKeySchema = z.enum(SECTION_KEYS);
export type CaseType = z.infer<typeof caseTypeSchema>;
export type CaseStatus = z.infer<typeof caseStatusSchema>;
export type CaseStep = z.infer<typeof caseStepSchema>;
export type CaseDecision = (typeof CASE_DECISIONS)[number];
export type SectionKey = (typeof SECTION_KEYS)[number];
export type HitDecision = (typeof HIT_DECISIONS)[number];
export type ApprovalCapacity = (typeof APPROVAL_CAPACITIES)[number];

const iso2 = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter country code');
export const clientSchema = z.object({
  kind: z.enum(['company', 'person']),
  name: z.string().trim().min(1).max(300),
  cvr: cvrSchema.optional(),
  country: iso2.optional(),
  birthDate: z.iso.date().optional(),
});
export const createCaseSchema = z.union([
  z.object({ type: caseTypeSchema, cvr: cvrSchema }).strict(),
  z.object({ type: caseTypeSchema, client: clientSchema }).strict(),
]);
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

/** Data collection outcome: `collected` from the registry, `manual` without a CVR, else what went wrong. */
export type RegistryStatus = 'pending' | 'collected' | 'manual' | 'not_found' | 'unavailable';

export interface CaseProgress {
  /** Onboarding ends approved or declined; a review ends approved (continued) or with the relationship ended. */
  caseType: CaseType;
  status: CaseStatus;
  step: CaseStep | null;
  /** Users who prepared or edited the case: they may not decide it. */
  preparedBy: string[];
  registry: RegistryStatus;
  /** null until screening ran. */
  hits: { id: string; decision: HitDecision }[] | null;
  riskLevel: RiskLevel | null;
  dueDiligence: DueDiligence | null;
  /** The report version (hash) submitted for review. */
  reportVersion: string | null;
  approvals: { actorId: string; capacity: ApprovalCapacity }[];
  /** § 18 applies (a confirmed PEP the rule covers): a compliance officer approves besides the reviewer. */
  pep: boolean;
}

export function initialProgress(caseType: CaseType = 'onboarding'): CaseProgress {
  return {
    caseType, pep: false, status: 'open', step: 'data_collection', preparedBy: [], registry: 'pending',
    hits: null, riskLevel: null, dueDiligence: null, reportVersion: null, approvals: [],
  };
}

/** `conflict`: wrong state; `forbidden`: four-eyes or role; `stale_version`: approving another report version. */
export class CaseTransitionError extends DomainRefusal {
  override name = 'CaseTransitionError';
}

const withPreparer = (p: CaseProgress, actorId: string): string[] => (p.preparedBy.includes(actorId) ? p.preparedBy : [...p.preparedBy, actorId]);

function requireStep(progress: CaseProgress, step: CaseStep): void {
  if (progress.status !== 'open' || progress.step !== step) throw new CaseTransitionError(`the case is not at step ${step}`);
}

/** A handler completes the current step; each step has its own condition. The report step ends by submission. */
export function completeStep(progress: CaseProgress, step: CaseStep, actorId: string): CaseProgress {
  requireStep(progress, step);
  switch (step) {
    case 'data_collection':
      if (progress.registry !== 'collected' && progress.registry !== 'manual') {
        throw new CaseTransitionError(progress.registry === 'pending'
          ? 'the registry lookup has not finished yet'
          : 'the company data could not be collected from the registry; retry the lookup first');
      }
      break;
    case 'screening': {
      if (!progress.hits) throw new CaseTransitionError('screening has not finished yet');
      const open = progress.hits.filter((h) => h.decision === 'open').length;
      if (open) throw new CaseTransitionError(`${open} screening hit(s) are still unresolved`);
      break;
    }
    case 'risk':
      if (!progress.riskLevel) throw new CaseTransitionError('the risk assessment has not finished yet');
      break;
    case 'report':
      throw new CaseTransitionError('the report step ends by submitting the report');
    case 'review':
      throw new CaseTransitionError('a reviewer decides the review step');
  }
  const next = CASE_STEPS[CASE_STEPS.indexOf(step) + 1]!;
  return { ...progress, step: next, preparedBy: withPreparer(progress, actorId) };
}

export function decideHit(progress: CaseProgress, hitId: string, decision: Exclude<HitDecision, 'open'>, actorId: string): CaseProgress {
  // While monitoring, a hit raised by a new list version is decided on the case as it stands.
  const monitoringTask = progress.status === 'monitoring' && progress.hits?.some((h) => h.id === hitId && h.decision === 'open');
  if (!monitoringTask) requireStep(progress, 'screening');
  if (!progress.hits?.some((h) => h.id === hitId)) throw new CaseTransitionError('no such hit on this case');
  return { ...progress, hits: progress.hits.map((h) => (h.id === hitId ? { ...h, decision } : h)), preparedBy: withPreparer(progress, actorId) };
}

/**
 * Hits that ongoing monitoring added to the case (open, from a new list
 * version). Hits the case already knows keep their decisions; before screening
 * has run (hits null) nothing changes, as screening reads every hit anyway.
 */
export function addMonitoringHits(progress: CaseProgress, hitIds: readonly string[]): CaseProgress {
  if (!progress.hits) return progress;
  const known = new Set(progress.hits.map((h) => h.id));
  const added = hitIds.filter((id) => !known.has(id));
  if (!added.length) return progress;
  return { ...progress, hits: [...progress.hits, ...added.map((id) => ({ id, decision: 'open' as const }))] };
}

export function overrideRisk(progress: CaseProgress, riskLevel: RiskLevel, dueDiligence: DueDiligence, actorId: string): CaseProgress {
  requireStep(progress, 'risk');
  if (!progress.riskLevel) throw new CaseTransitionError('the risk assessment has not finished yet');
  return { ...progress, riskLevel, dueDiligence, preparedBy: withPreparer(progress, actorId) };
}

export function submit(progress: CaseProgress, reportVersion: string, actorId: string): CaseProgress {
  requireStep(progress, 'report');
  // Whether every section is accepted, free of placeholders and concluded is the case file's submission gate (Postgres).
  if (!/^[0-9a-f]{64}$/.test(reportVersion)) throw new CaseTransitionError('not a report version');
  return { ...progress, status: 'in_review', step: 'review', reportVersion, approvals: [], preparedBy: withPreparer(progress, actorId) };
}

export interface DecisionArgs {
  decision: CaseDecision;
  actorId: string;
  /** The decider's roles (enums), to tell a reviewer from a compliance officer. */
  roles: readonly string[];
  reportVersion: string;
  returnTo?: CaseStep | undefined;
}

/** A reviewer decides; high risk needs a reviewer and a compliance officer. Nobody who prepared the case may decide it. */
export function decide(progress: CaseProgress, args: DecisionArgs): CaseProgress {
  if (progress.status !== 'in_review') throw new CaseTransitionError('the case is not waiting for review');
  if (progress.preparedBy.includes(args.actorId)) {
    throw new CaseTransitionError('four-eyes: you prepared or edited this case, so another reviewer must decide it', 'forbidden');
  }
  if (args.reportVersion !== progress.reportVersion) {
    throw new CaseTransitionError('the report has changed since you opened it; reload and review the current version', 'stale_version');
  }
  switch (args.decision) {
    case 'approve': {
      if (progress.approvals.some((a) => a.actorId === args.actorId)) throw new CaseTransitionError('you have already approved this case');
      // A hit that ongoing monitoring raised while the case was in review is unresolved screening: nobody approves past it.
      const open = progress.hits?.filter((h) => h.decision === 'open').length ?? 0;
      if (open) throw new CaseTransitionError(`${open} screening hit(s) raised during review are unresolved: return the case to screening so the handler decides them`);
      // High risk, and § 18 (a PEP): the person designated under § 7, stk. 2 approves as well.
      const needsCompliance = progress.riskLevel === 'high' || progress.pep;
      const hasCompliance = progress.approvals.some((a) => a.capacity === 'compliance_officer');
      const hasReviewer = progress.approvals.some((a) => a.capacity === 'reviewer');
      let capacity: ApprovalCapacity;
      if (needsCompliance && !hasCompliance && args.roles.includes('compliance_officer')) capacity = 'compliance_officer';
      else if (!hasReviewer && args.roles.includes('reviewer')) capacity = 'reviewer';
      else if (needsCompliance && !hasCompliance) {
        throw new CaseTransitionError(progress.pep
          ? 'a case with a politically exposed person needs its second approval from a compliance officer (hvidvaskloven § 18, stk. 3)'
          : 'a high-risk case needs its second approval from a compliance officer', 'forbidden');
      }
      else throw new CaseTransitionError('you may not approve this case', 'forbidden');
      const approvals = [...progress.approvals, { actorId: args.actorId, capacity }];
      const complete = needsCompliance ? approvals.some((a) => a.capacity === 'compliance_officer') && approvals.some((a) => a.capacity === 'reviewer') : true;
      return complete ? { ...progress, approvals, status: 'approved', step: null } : { ...progress, approvals };
    }
    case 'reject':
      // A reviewer's rejection declines an onboarding and ends a reviewed relationship (§ 14, stk. 1 and 5).
      return { ...progress, status: progress.caseType === 'onboarding' ? 'declined' : 'ended', step: null };
    case 'return': {
      const target = args.returnTo ?? 'report';
      if (target === 'review') throw new CaseTransitionError('a case cannot be returned to review');
      return { ...progress, status: 'open', step: target, reportVersion: null, approvals: [] };
    }
  }
}

export function startMonitoring(progress: CaseProgress): CaseProgress {
  if (progress.status !== 'approved') throw new CaseTransitionError('only an approved case is monitored');
  return { ...progress, status: 'monitoring', step: null };
}

/** The relationship ends: an approved one, or (§ 14, stk. 5) the one an open review case reviews. */
export function endRelationship(progress: CaseProgress): CaseProgress {
  const openReview = progress.caseType !== 'onboarding' && (progress.status === 'open' || progress.status === 'in_review');
  if (progress.status !== 'monitoring' && progress.status !== 'approved' && !openReview) {
    throw new CaseTransitionError('only an approved client relationship, or the one an open review case reviews, can end');
  }
  return { ...progress, status: 'ended', step: null };
}

/** § 14, stk. 1: the relationship is not established; an onboarding case that is open or in review ends declined. */
export function decline(progress: CaseProgress): CaseProgress {
  if (progress.caseType !== 'onboarding') throw new CaseTransitionError('a review of an existing relationship is not declined: end the relationship instead');
  if (progress.status !== 'open' && progress.status !== 'in_review') throw new CaseTransitionError('only an open case can be declined');
  return { ...progress, status: 'declined', step: null, approvals: [] };
}

/** Users who edited the case file in Postgres (sections, parties, verifications…) join those who prepared it: none may decide it. */
export function withEditors(progress: CaseProgress, editors: readonly string[]): CaseProgress {
  const added = editors.filter((e) => !progress.preparedBy.includes(e));
  return added.length ? { ...progress, preparedBy: [...progress.preparedBy, ...added] } : progress;
}

/** Statuses a case ends in; each starts the § 30 retention clock. */
export const CASE_OUTCOMES: readonly CaseStatus[] = ['declined', 'ended'];
