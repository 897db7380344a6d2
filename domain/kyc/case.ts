// A KYC case: its enums, the step order of the lifecycle in DOMAIN.md, and the
// pure transitions the case workflow and the API both rely on.
import { z } from 'zod';
import { cvrSchema } from './cvr.ts';

export const CASE_TYPES = ['onboarding', 'periodic_review', 'event_review'] as const;
export const CASE_STATUSES = ['open', 'in_review', 'approved', 'rejected', 'monitoring', 'ended', 'deleted'] as const;
/** The steps of an open case, in lifecycle order. */
export const CASE_STEPS = ['data_collection', 'screening', 'risk', 'report', 'review'] as const;
export const CASE_DECISIONS = ['approve', 'reject', 'return'] as const;

export const caseTypeSchema = z.enum(CASE_TYPES);
export const caseStatusSchema = z.enum(CASE_STATUSES);
export const caseStepSchema = z.enum(CASE_STEPS);
export type CaseType = z.infer<typeof caseTypeSchema>;
export type CaseStatus = z.infer<typeof caseStatusSchema>;
export type CaseStep = z.infer<typeof caseStepSchema>;
export type CaseDecision = (typeof CASE_DECISIONS)[number];

export const createCaseSchema = z.object({
  type: caseTypeSchema,
  cvr: cvrSchema,
});
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

/** The live state the case workflow holds (ids and enums only). */
export interface CaseProgress {
  status: CaseStatus;
  step: CaseStep | null;
  /** Users who prepared the case (completed a step): they may not approve it. */
  preparedBy: string[];
}

export function initialProgress(): CaseProgress {
  return { status: 'open', step: 'data_collection', preparedBy: [] };
}

export class CaseTransitionError extends Error {
  override name = 'CaseTransitionError';
}

/** A handler completes the current step; the case moves to the next (review puts it in review). */
export function completeStep(progress: CaseProgress, step: CaseStep, actorId: string): CaseProgress {
  if (progress.status !== 'open' || progress.step !== step) {
    throw new CaseTransitionError(`the case is not at step ${step}`);
  }
  const next = CASE_STEPS[CASE_STEPS.indexOf(step) + 1] ?? null;
  const preparedBy = progress.preparedBy.includes(actorId) ? progress.preparedBy : [...progress.preparedBy, actorId];
  if (next === 'review') return { status: 'in_review', step: 'review', preparedBy };
  return { status: 'open', step: next, preparedBy };
}

/** A reviewer decides; four-eyes: nobody who prepared the case may decide it. */
export function decide(progress: CaseProgress, decision: CaseDecision, actorId: string, returnTo?: CaseStep): CaseProgress {
  if (progress.status !== 'in_review') throw new CaseTransitionError('the case is not waiting for review');
  if (progress.preparedBy.includes(actorId)) {
    throw new CaseTransitionError('four-eyes: you prepared this case, so another reviewer must decide it');
  }
  switch (decision) {
    case 'approve':
      return { ...progress, status: 'approved', step: null };
    case 'reject':
      return { ...progress, status: 'rejected', step: null };
    case 'return': {
      const target = returnTo ?? 'data_collection';
      if (target === 'review') throw new CaseTransitionError('a case cannot be returned to review');
      return { ...progress, status: 'open', step: target };
    }
  }
}
