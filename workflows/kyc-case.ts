// The KYC case workflow, one per case (id kyc-case/<caseId>), reading like the
// lifecycle in DOMAIN.md: created → data collection → screening → risk →
// report → review → approved → monitoring → relationship ended → retention.
// Human steps are Updates whose validators enforce state and four-eyes before
// anything is recorded; entering a step runs its automated part (registry,
// screening, risk, drafting) as activities that write the projection the UI
// reads. Monitoring waits for the periodic review with continue-as-new. Only
// ids, enums, hashes and durations travel.
import {
  ActivityFailure, ApplicationFailure, allHandlersFinished, isCancellation, condition, continueAsNew, defineQuery, defineUpdate,
  defineSignal, ParentClosePolicy, proxyActivities, proxyLocalActivities, setHandler, sleep, startChild, upsertSearchAttributes,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { Activities } from '../activities/index.ts';
import {
  addMonitoringHits, completeStep, decide, decideHit, decline, endRelationship, initialProgress, overrideRisk, startMonitoring, submit, withEditors,
  CaseTransitionError, type CaseProgress, type CaseStep, type SectionKey,
} from '../domain/kyc/case.ts';
import type { CaseGate } from '../domain/kyc/case-file.ts';
import {
  COMPLETE_STEP_UPDATE, DECIDE_HIT_UPDATE, DECIDE_UPDATE, DECLINE_UPDATE, REDRAFT_SECTION_UPDATE, DEFAULT_CASE_DURATIONS, END_RELATIONSHIP_UPDATE,
  KYC_CASE_WORKFLOW, MONITORING_HITS_SIGNAL, OVERRIDE_RISK_UPDATE, PROGRESS_QUERY, RETRY_REGISTRY_UPDATE, SUBMIT_UPDATE, kycCaseWorkflowId,
  type ActorArgs, type CompleteStepArgs, type RedraftSectionArgs, type DecideArgs, type DecideHitArgs, type KycCaseInput,
  type KycCaseResult, type MonitoringHitsArgs, type OverrideRiskArgs, type SubmitArgs,
} from '../domain/kyc/case-workflow.ts';
import { CaseId, CaseStatus, CaseStep as CaseStepAttribute, DueAt, OrgId, RiskLevel } from './search-attributes.ts';
import { asFailure, refuseUnless } from './refusal.ts';

export const completeStepUpdate = defineUpdate<CaseProgress, [CompleteStepArgs]>(COMPLETE_STEP_UPDATE);
export const decideUpdate = defineUpdate<CaseProgress, [DecideArgs]>(DECIDE_UPDATE);
export const decideHitUpdate = defineUpdate<CaseProgress, [DecideHitArgs]>(DECIDE_HIT_UPDATE);
export const overrideRiskUpdate = defineUpdate<CaseProgress, [OverrideRiskArgs]>(OVERRIDE_RISK_UPDATE);
export const submitUpdate = defineUpdate<CaseProgress, [SubmitArgs]>(SUBMIT_UPDATE);
export const retryRegistryUpdate = defineUpdate<CaseProgress, [ActorArgs]>(RETRY_REGISTRY_UPDATE);
export const endRelationshipUpdate = defineUpdate<CaseProgress, [ActorArgs]>(END_RELATIONSHIP_UPDATE);
export const declineUpdate = defineUpdate<CaseProgress, [ActorArgs]>(DECLINE_UPDATE);
export const redraftSectionUpdate = defineUpdate<CaseProgress, [RedraftSectionArgs]>(REDRAFT_SECTION_UPDATE);
export const progressQuery = defineQuery<CaseProgress>(PROGRESS_QUERY);
export const monitoringHitsSignal = defineSignal<[MonitoringHitsArgs]>(MONITORING_HITS_SIGNAL);

const { markRegistryUnavailable, openPeriodicReview, startRetention, caseHoldActive } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// The registry is someone else's system: a few attempts, then the handler is told and may retry.
const { collectCaseData } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 4 },
});
const { sendCaseSlaMail } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});
// The projection write is a short, idempotent transaction in the worker's own Postgres: as a local
// activity it costs no round trip through the Temporal server (bench/README.md, "Cases").
const { recordCaseProgress } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// The automated parts of screening, risk and report run in the worker too (the stored lists' index,
// the risk model, the drafter). The registry lookup stays an ordinary activity: it is someone else's system.
const steps = proxyLocalActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// AI drafting talks to someone else's system: an ordinary activity, retried on 429 (after its Retry-After),
// 5xx, timeouts and broken answers; a misconfiguration fails at once and the template stands.
const aiDrafting = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 4, nonRetryableErrorTypes: ['AiMisconfigured', 'CaseNotFound'] },
});
// The case file's gate check reads Postgres in the worker: a short local activity, run under the lock.
const { checkCaseFile } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});
// The approved case file as a PDF, stored encrypted as a case document (idempotent on the report version).
// A few attempts, beside the flow (the approval does not wait for it).
const { storeCaseFilePdf } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

export async function kycCase(input: KycCaseInput): Promise<KycCaseResult> {
  let upserted = '';
  const durations = input.durations ?? DEFAULT_CASE_DURATIONS;
  let progress = input.resume?.progress ?? initialProgress(input.caseType ?? 'onboarding');
  /** Who completed the step that drafting follows (the drafts' "who asked"). */
  let requester: string | null = null;
  let transitions = input.resume?.transitions ?? 0;
  // One transition at a time (Updates, timers and the main flow), so projection writes keep the workflow's order.
  const lock = new Mutex();
  const ids = { orgId: input.orgId, caseId: input.caseId };

  const record = async (event: string, extra: Partial<Parameters<typeof recordCaseProgress>[0]> = {}): Promise<void> => {
    transitions += 1;
    // The status and step go to visibility only when they change (a section edit changes neither),
    // which spares the server a visibility write per event.
    const attributes = `${progress.status}|${progress.step ?? ''}|${progress.riskLevel ?? ''}`;
    if (attributes !== upserted) {
      upsertSearchAttributes([
        { key: CaseStatus, value: progress.status },
        { key: CaseStepAttribute, value: progress.step ?? '' },
        ...(progress.riskLevel ? [{ key: RiskLevel, value: progress.riskLevel }] : []),
      ]);
      upserted = attributes;
    }
    await recordCaseProgress({ ...ids, status: progress.status, step: progress.step, event, key: `${input.caseId}:${transitions}:${event}`, ...extra });
  };

  /** The automated part of a step, run when the case enters it. */
  const enter = async (step: CaseStep | null): Promise<void> => {
    if (step === 'screening') {
      const { hits } = await steps.screenCaseParties(ids);
      progress = { ...progress, hits };
      await record('screened');
    } else if (step === 'risk') {
      const { riskLevel, dueDiligence, pep } = await steps.assessCaseRisk(ids);
      progress = { ...progress, riskLevel, dueDiligence, pep };
      await record('risk_assessed', { riskLevel, dueDiligence });
    } else if (step === 'report') {
      const { drafted } = await steps.draftCaseReport(ids);
      await record('report_drafted');
      // The model drafts the new sections in the background: the handler can read and edit the templates meanwhile.
      if (drafted.length && (await steps.aiDraftingEnabled(ids)).enabled) inBackground(draftWithAi(drafted, requester));
    }
  };

  /** The approved case file as a PDF; the approval stands without it if the store stays down (GET .../report.pdf still renders it). */
  const storePdf = async (reportVersion: string): Promise<void> => {
    try {
      await storeCaseFilePdf({ ...ids, reportVersion });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
  };

  /**
   * Work that runs beside the main flow (SLA timers, AI drafting). A cancelled workflow cancels it too: that
   * cancellation is expected and must not fail the workflow task; anything else still does.
   */
  const inBackground = (work: Promise<void>): void => {
    work.catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  };

  /** AI drafts of these sections, one after the other, outside the lock; each failure leaves the template, with its reason. */
  const draftWithAi = async (keys: readonly SectionKey[], requestedBy: string | null): Promise<void> => {
    for (const key of keys) {
      try {
        await aiDrafting.draftSectionWithAi({ ...ids, key, requestedBy });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const reason = error.cause instanceof ApplicationFailure ? (error.cause.type ?? 'failed') : 'timeout';
        await steps.recordAiDraftFailure({ ...ids, key, reason, requestedBy });
      }
    }
    await lock.runExclusive(() => record('report_ai_drafted'));
  };

  /**
   * The case file's gate: what Postgres holds must satisfy the rules of domain/kyc/case-file.ts before the case
   * passes (a confirmed sanctions match refuses as `sanctions_match`, anything else missing as `incomplete`).
   * The refusal carries the blocking reasons (codes and party ids), and nothing is recorded.
   */
  const passGate = async (gate: CaseGate | 'four_eyes'): Promise<void> => {
    const checked = await checkCaseFile({ ...ids, gate: gate === 'four_eyes' ? null : gate });
    // The PEP rule as the case file stands now (a hit confirmed since, or a former PEP cleared under § 18, stk. 6);
    // whoever edited the case file in Postgres joins those who prepared the case (four-eyes).
    progress = withEditors({ ...progress, pep: checked.pep }, checked.editors);
    const reasons = checked.blockingReasons;
    if (!reasons.length) return;
    const sanctions = reasons.some((r) => r.code === 'sanctions_match');
    throw asFailure(new CaseTransitionError(
      sanctions
        ? 'a confirmed sanctions match on the client, an owner or a person acting for it stops approval: decline the client or end the relationship, and record the freeze'
        : `the case file is incomplete: ${[...new Set(reasons.map((r) => r.code))].join(', ')}`,
      sanctions ? 'sanctions_match' : 'incomplete',
      { blockingReasons: reasons },
    ));
  };

  /** Apply one transition under the lock, after the case file passed `gate` when one is named. */
  const transition = (next: () => CaseProgress, event: string, extra: (p: CaseProgress) => Partial<Parameters<typeof recordCaseProgress>[0]> = () => ({}), gate?: CaseGate | 'four_eyes'): Promise<CaseProgress> =>
    lock.runExclusive(async () => {
      const before = progress;
      if (gate) await passGate(gate);
      try {
        progress = next();
      } catch (error) {
        throw asFailure(error);
      }
      await record(event, extra(progress));
      if (progress.status === 'open' && (progress.step !== before.step || before.status !== 'open')) await enter(progress.step);
      if (progress.status === 'approved') {
        progress = startMonitoring(progress);
        const level = progress.riskLevel ?? 'high';
        const reviewDueAt = new Date(Date.now() + durations.reviewIntervalSeconds[level] * 1000).toISOString();
        await record('monitoring_started', { reviewDueAt });
        // Rendered beside the flow, so the approver's request does not wait for the PDF.
        inBackground(storePdf(progress.reportVersion!));
      }
      return progress;
    });

  const collect = async (): Promise<void> => {
    try {
      const { registry } = await collectCaseData(ids);
      progress = { ...progress, registry };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      await markRegistryUnavailable(ids);
      progress = { ...progress, registry: 'unavailable' };
    }
    await record(`registry_${progress.registry}`, { registryStatus: progress.registry });
  };

  setHandler(progressQuery, () => progress);
  // Ongoing monitoring raised hits on this case (they are in Postgres already): open ones now block
  // the screening step, and while monitoring they are the handler's task to decide.
  setHandler(monitoringHitsSignal, (a) => { progress = addMonitoringHits(progress, a.hitIds); });
  setHandler(completeStepUpdate, (a) => (requester = a.actorId, transition(() => completeStep(progress, a.step, a.actorId), `step_completed:${a.step}`, undefined, a.step === 'data_collection' ? 'data_collection' : undefined)),
    { validator: (a) => refuseUnless(() => completeStep(progress, a.step, a.actorId)) });
  setHandler(decideHitUpdate, (a) => transition(() => decideHit(progress, a.hitId, a.decision, a.actorId), `hit_${a.decision}`, () => ({ hit: { id: a.hitId, decision: a.decision, actorId: a.actorId } })),
    { validator: (a) => refuseUnless(() => decideHit(progress, a.hitId, a.decision, a.actorId)) });
  setHandler(overrideRiskUpdate, (a) => transition(() => overrideRisk(progress, a.riskLevel, a.dueDiligence, a.actorId), 'risk_overridden', (p) => ({ riskLevel: p.riskLevel, dueDiligence: p.dueDiligence })),
    { validator: (a) => refuseUnless(() => overrideRisk(progress, a.riskLevel, a.dueDiligence, a.actorId)) });
  setHandler(submitUpdate, (a) => transition(() => submit(progress, a.reportVersion, a.actorId), 'submitted', (p) => ({ reportVersion: p.reportVersion }), 'submission'),
    { validator: (a) => refuseUnless(() => submit(progress, a.reportVersion, a.actorId)) });
  setHandler(decideUpdate, (a) => transition(() => decide(progress, a), `decision:${a.decision}`, (p) => ({
    decision: {
      actorId: a.actorId, decision: a.decision, reportVersion: a.reportVersion, returnTo: a.decision === 'return' ? (a.returnTo ?? 'report') : null,
      capacity: a.decision === 'approve' ? (p.approvals.find((x) => x.actorId === a.actorId)?.capacity ?? null) : null,
    },
  }), a.decision === 'approve' ? 'approval' : 'four_eyes'), { validator: (a) => refuseUnless(() => decide(progress, a)) });
  // A handler asks for a new AI draft of a section not yet accepted; it arrives as a new version.
  setHandler(redraftSectionUpdate, (a: RedraftSectionArgs) => lock.runExclusive(async () => {
    if (!(await steps.aiDraftingEnabled(ids)).enabled) throw asFailure(new CaseTransitionError('AI drafting is not switched on for your organisation'));
    inBackground(draftWithAi([a.key], a.actorId));
    return progress;
  }), { validator: (_a: RedraftSectionArgs) => refuseUnless(() => {
    if (progress.status !== 'open' || progress.step !== 'report') throw new CaseTransitionError('sections are drafted at the report step');
  }) });
  setHandler(declineUpdate, (_a) => transition(() => decline(progress), 'declined'), { validator: (_a) => refuseUnless(() => decline(progress)) });
  setHandler(retryRegistryUpdate, (_a: { actorId: string }) => lock.runExclusive(async () => {
    await collect();
    return progress;
  }), { validator: (_a: { actorId: string }) => refuseUnless(() => {
    if (progress.status !== 'open' || progress.step !== 'data_collection') throw new CaseTransitionError('the case is not at step data_collection');
    if (progress.registry === 'collected' || progress.registry === 'manual' || progress.registry === 'pending') throw new CaseTransitionError('the registry data is already there');
  }) });
  setHandler(endRelationshipUpdate, (_a: { actorId: string }) => transition(() => endRelationship(progress), 'relationship_ended'),
    { validator: (_a: { actorId: string }) => refuseUnless(() => endRelationship(progress)) });

  /** SLA: remind the handler before the due date and escalate once it passes, while the case is still open or in review. */
  const watchSla = async (slaSeconds: number, reminderSeconds: number): Promise<void> => {
    const openedAt = Date.now();
    const active = () => progress.status === 'open' || progress.status === 'in_review';
    const remindAt = openedAt + (slaSeconds - reminderSeconds) * 1000;
    // The reminder mails the assigned handler, the escalation the organisation's admins (ids only: the
    // activity reads the addresses). A mail that cannot be sent never fails the case (its event is recorded either way).
    const mail = async (kind: 'reminder' | 'overdue') => {
      try {
        await sendCaseSlaMail({ ...ids, kind });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
      }
    };
    if (!(await condition(() => !active(), Math.max(1, remindAt - Date.now())))) {
      await lock.runExclusive(() => record('sla_reminder'));
      await mail('reminder');
    }
    if (!(await condition(() => !active(), Math.max(1, openedAt + slaSeconds * 1000 - Date.now())))) {
      await lock.runExclusive(() => record('sla_overdue'));
      await mail('overdue');
    }
  };

  if (!input.resume) {
    upsertSearchAttributes([
      { key: OrgId, value: input.orgId },
      { key: CaseId, value: input.caseId },
      ...(durations.slaSeconds ? [{ key: DueAt, value: new Date(Date.now() + durations.slaSeconds * 1000) }] : []),
    ]);
    await lock.runExclusive(async () => {
      await record('case_opened');
      await collect();
    });
    if (durations.slaSeconds) {
      inBackground(watchSla(durations.slaSeconds, durations.slaReminderSeconds ?? Math.min(3 * 86_400, Math.floor(durations.slaSeconds / 2))));
    }
  }

  await condition(() => progress.status === 'monitoring' || progress.status === 'declined' || progress.status === 'ended');

  if (progress.status === 'monitoring') {
    // § 18, stk. 4: a PEP relationship is reviewed at the high-risk interval.
    const interval = durations.reviewIntervalSeconds[progress.pep ? 'high' : (progress.riskLevel ?? 'high')];
    const ended = await condition(() => progress.status !== 'monitoring', interval * 1000);
    if (!ended) {
      // The periodic review is due: open a new review case with its own workflow, then wait for the next one afresh.
      await lock.runExclusive(async () => {
        const key = `${input.caseId}:${transitions + 1}:periodic_review_opened`;
        const { caseId: reviewCaseId } = await openPeriodicReview({ ...ids, key });
        await startChild(KYC_CASE_WORKFLOW, {
          workflowId: kycCaseWorkflowId(reviewCaseId),
          args: [{ caseId: reviewCaseId, orgId: input.orgId, durations, caseType: 'periodic_review' }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        await record('periodic_review_opened');
      });
      await condition(allHandlersFinished);
      return continueAsNew<typeof kycCase>({ ...input, durations, resume: { progress, transitions } });
    }
  }

  // Every outcome starts the § 30 clock: a declined onboarding and an ended relationship alike.
  if (progress.status === 'ended' || progress.status === 'declined') {
    await lock.waitForUnlock();
    await startRetention(ids);
    await sleep(durations.retentionSeconds * 1000);
    // A legal hold on the case wins: the clock waits, checking again, until every hold is released.
    let held = false;
    while ((await caseHoldActive(ids)).held) {
      if (!held) await record('retention_held');
      held = true;
      await sleep((durations.holdRecheckSeconds ?? 86_400) * 1000);
    }
    // The deletion sweep (a later issue) deletes after this point.
    await record('retention_expired');
  }
  await condition(allHandlersFinished);
  return { status: progress.status };
}
