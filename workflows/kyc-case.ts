// The KYC case workflow, one per case (id kyc-case/<caseId>), reading like the
// lifecycle in DOMAIN.md: created → data collection → screening → risk →
// report → review → approved or rejected. Human steps are Updates whose
// validators enforce state and four-eyes before anything is recorded; the
// projection the UI reads is written by activities. Only ids and enums travel.
import {
  allHandlersFinished, ApplicationFailure, condition, defineQuery, defineUpdate,
  proxyActivities, setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  completeStep, decide, initialProgress, CaseTransitionError, type CaseProgress,
} from '../domain/kyc/case.ts';
import {
  COMPLETE_STEP_UPDATE, DECIDE_UPDATE, PROGRESS_QUERY,
  type CompleteStepArgs, type DecideArgs, type KycCaseInput, type KycCaseResult,
} from '../domain/kyc/case-workflow.ts';
import { CaseId, CaseStatus, CaseStep, OrgId } from './search-attributes.ts';

export const completeStepUpdate = defineUpdate<CaseProgress, [CompleteStepArgs]>(COMPLETE_STEP_UPDATE);
export const decideUpdate = defineUpdate<CaseProgress, [DecideArgs]>(DECIDE_UPDATE);
export const progressQuery = defineQuery<CaseProgress>(PROGRESS_QUERY);

const { recordCaseProgress } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Validators throw a plain error to reject an update before it reaches history. */
function rejectInvalid(transition: () => unknown): void {
  try {
    transition();
  } catch (error) {
    if (error instanceof CaseTransitionError) throw ApplicationFailure.nonRetryable(error.message, 'CaseTransition');
    throw error;
  }
}

export async function kycCase(input: KycCaseInput): Promise<KycCaseResult> {
  let progress = initialProgress();
  let transitions = 0;
  let busy = false;

  const record = async (event: string): Promise<void> => {
    transitions += 1;
    upsertSearchAttributes([
      { key: CaseStatus, value: progress.status },
      { key: CaseStep, value: progress.step },
    ]);
    await recordCaseProgress({
      orgId: input.orgId,
      caseId: input.caseId,
      status: progress.status,
      step: progress.step,
      event,
      key: `${input.caseId}:${transitions}:${event}`,
    });
  };

  /** Apply one transition at a time, so projection writes keep the workflow's order. */
  const transition = async (next: () => CaseProgress, event: string): Promise<CaseProgress> => {
    await condition(() => !busy);
    busy = true;
    try {
      try {
        progress = next();
      } catch (error) {
        if (error instanceof CaseTransitionError) throw ApplicationFailure.nonRetryable(error.message, 'CaseTransition');
        throw error;
      }
      await record(event);
      return progress;
    } finally {
      busy = false;
    }
  };

  setHandler(progressQuery, () => progress);
  setHandler(
    completeStepUpdate,
    (args) => transition(() => completeStep(progress, args.step, args.actorId), `step_completed:${args.step}`),
    { validator: (args) => rejectInvalid(() => completeStep(progress, args.step, args.actorId)) },
  );
  setHandler(
    decideUpdate,
    (args) => transition(() => decide(progress, args.decision, args.actorId, args.returnTo), `decision:${args.decision}`),
    { validator: (args) => rejectInvalid(() => decide(progress, args.decision, args.actorId, args.returnTo)) },
  );

  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: CaseId, value: input.caseId },
  ]);
  busy = true;
  try {
    await record('case_opened');
  } finally {
    busy = false;
  }

  await condition(() => progress.status === 'approved' || progress.status === 'rejected');
  await condition(allHandlersFinished);
  return { status: progress.status };
}
