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
  CaseTransitionError, type CaseProgress, type SectionKey,
} from '../domain/kyc/case.ts';
import type { BlockingReason, CaseGate } from '../domain/kyc/case-file.ts';
import {
  COMPLETE_STEP_UPDATE, DECIDE_HIT_UPDATE, DECIDE_UPDATE, DECLINE_UPDATE, REDRAFT_SECTION_UPDATE, DEFAULT_CASE_DURATIONS, END_RELATIONSHIP_UPDATE,
  KYC_CASE_WORKFLOW, MONITORING_HITS_SIGNAL, OVERRIDE_RISK_UPDATE, PROGRESS_QUERY, RETRY_REGISTRY_UPDATE, SUBMIT_UPDATE, kycCaseWorkflowId,
  type ActorArgs, type CompleteStepArgs, type RedraftSectionArgs, type DecideArgs, type DecideHitArgs, type KycCaseInput,
  type KycCaseResult, type MonitoringHitsArgs, type OverrideRiskArgs, type SubmitArgs,
} from '../domain/kyc/case-workflow.ts';
import { APPROVE_PURGE_SIGNAL } from '../domain/retention/workflow.ts';
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
export const approvePurgeSignal = defineSignal(APPROVE_PURGE_SIGNAL);

const {
  markRegistryUnavailable, openPeriodicReview, startRetention, caseHoldActive,
  setCasePurgeStatus, announceCasePurge, escalateCasePurge, casePurgeApproved,
} = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// The purge removes a case's rows and then its files from storage, heartbeating per file.
const { purgeCaseData } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
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
/** The event written when a case enters a step whose automated part runs at once. */
const ENTERED_EVENT = { screening: 'screened', risk: 'risk_assessed', report: 'report_drafted' } as const;
// Each transition is one local activity in the worker's own Postgres (advanceCase: the gate, the projection
// writes, the automated part of screening, risk and report: the stored lists' index, the risk model, the
// drafter), with no round trip through the Temporal server. The registry lookup stays an ordinary activity:
// it is someone else's system.
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
  /** An org admin approved the purge at the end of the retention clock (Signal; recorded in Postgres first). */
  let purgeApproved = false;
  // One transition at a time (Updates, timers and the main flow), so projection writes keep the workflow's order.
  const lock = new Mutex();
  const ids = { orgId: input.orgId, caseId: input.caseId };

  type ProgressRecord = Parameters<typeof steps.advanceCase>[0]['records'][number];
  /** A projection write for the next advance; its key follows the workflow's count of transitions. */
  const note = (records: ProgressRecord[], event: string, extra: Partial<ProgressRecord> = {}): void => {
    transitions += 1;
    records.push({ ...ids, status: progress.status, step: progress.step, event, key: `${input.caseId}:${transitions}:${event}`, ...extra });
  };
  /** Status, step and risk level go to visibility only when they change, which spares the server a visibility write per event. */
  const upsertVisibility = (): void => {
    const attributes = `${progress.status}|${progress.step ?? ''}|${progress.riskLevel ?? ''}`;
    if (attributes === upserted) return;
    upsertSearchAttributes([
      { key: CaseStatus, value: progress.status },
      { key: CaseStepAttribute, value: progress.step ?? '' },
      ...(progress.riskLevel ? [{ key: RiskLevel, value: progress.riskLevel }] : []),
    ]);
    upserted = attributes;
  };
  /** One event on its own (timers, the registry, AI drafting done). */
  const record = async (event: string, extra: Partial<ProgressRecord> = {}): Promise<void> => {
    const records: ProgressRecord[] = [];
    note(records, event, extra);
    await steps.advanceCase({ ...ids, records });
    upsertVisibility();
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
  const refusalOf = (reasons: readonly BlockingReason[]): unknown => {
    const sanctions = reasons.some((r) => r.code === 'sanctions_match');
    return asFailure(new CaseTransitionError(
      sanctions
        ? 'a confirmed sanctions match on the client, an owner or a person acting for it stops approval: decline the client or end the relationship, and record the freeze'
        : `the case file is incomplete: ${[...new Set(reasons.map((r) => r.code))].join(', ')}`,
      sanctions ? 'sanctions_match' : 'incomplete',
      { blockingReasons: reasons },
    ));
  };
  /** A decision's check (approval: the gate; every decision: the PEP rule and the editors, for four-eyes). */
  const passGate = async (gate: 'approval' | 'four_eyes'): Promise<void> => {
    const checked = await checkCaseFile({ ...ids, gate: gate === 'four_eyes' ? null : gate });
    // The PEP rule as the case file stands now (a hit confirmed since, or a former PEP cleared under § 18, stk. 6);
    // whoever edited the case file in Postgres joins those who prepared the case (four-eyes).
    progress = withEditors({ ...progress, pep: checked.pep }, checked.editors);
    if (checked.blockingReasons.length) throw refusalOf(checked.blockingReasons);
  };

  /**
   * One transition under the lock, in one local activity (issue 20): the case file's gate (data collection,
   * submission; a decision checks first, as it depends on the result), the transition's projection writes,
   * and the automated part of the step the case enters. Refused: the workflow's state is as before.
   */
  const transition = (next: () => CaseProgress, event: string, extra: (p: CaseProgress) => Partial<ProgressRecord> = () => ({}), gate?: CaseGate | 'four_eyes'): Promise<CaseProgress> =>
    lock.runExclusive(async () => {
      if (gate === 'approval' || gate === 'four_eyes') await passGate(gate);
      const before = { progress, transitions };
      try {
        progress = next();
      } catch (error) {
        throw asFailure(error);
      }
      const records: ProgressRecord[] = [];
      note(records, event, extra(progress));
      const entering = progress.status === 'open' && (progress.step !== before.progress.step || before.progress.status !== 'open') ? progress.step : null;
      if (progress.status === 'approved') {
        progress = startMonitoring(progress);
        const reviewDueAt = new Date(Date.now() + durations.reviewIntervalSeconds[progress.riskLevel ?? 'high'] * 1000).toISOString();
        note(records, 'monitoring_started', { reviewDueAt });
      }
      let enter: { step: 'screening' | 'risk' | 'report'; record: ProgressRecord } | undefined;
      if (entering === 'screening' || entering === 'risk' || entering === 'report') {
        const entered: ProgressRecord[] = [];
        note(entered, ENTERED_EVENT[entering]);
        enter = { step: entering, record: entered[0]! };
      }
      const result = await steps.advanceCase({
        ...ids, records, ...(enter ? { enter } : {}), ...(gate === 'data_collection' || gate === 'submission' ? { gate } : {}),
      });
      if (result.blocked.length) {
        progress = before.progress;
        transitions = before.transitions;
        throw refusalOf(result.blocked);
      }
      if (result.hits) progress = { ...progress, hits: result.hits };
      if (result.riskLevel && result.dueDiligence) progress = { ...progress, riskLevel: result.riskLevel, dueDiligence: result.dueDiligence, pep: result.pep ?? progress.pep };
      upsertVisibility();
      // The model drafts the new sections in the background: the handler can read and edit the templates meanwhile.
      if (result.aiDrafting && result.drafted?.length) inBackground(draftWithAi(result.drafted, requester));
      // The case file's PDF is rendered beside the flow, so the approver's request does not wait for it.
      if (progress.status === 'monitoring' && before.progress.status !== 'monitoring') inBackground(storePdf(progress.reportVersion!));
      return progress;
    });

  /** The registry lookup (an ordinary activity), then its event with any written before it, in one local activity. */
  const collect = async (records: ProgressRecord[] = []): Promise<void> => {
    try {
      const { registry } = await collectCaseData(ids);
      progress = { ...progress, registry };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      await markRegistryUnavailable(ids);
      progress = { ...progress, registry: 'unavailable' };
    }
    note(records, `registry_${progress.registry}`, { registryStatus: progress.registry });
    await steps.advanceCase({ ...ids, records });
    upsertVisibility();
  };

  setHandler(progressQuery, () => progress);
  // An org admin approved the purge at the end of retention (recorded in Postgres before the Signal).
  setHandler(approvePurgeSignal, () => { purgeApproved = true; });
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
      const opened: ProgressRecord[] = [];
      note(opened, 'case_opened');
      await collect(opened);
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
  // At its end the case's data is deleted once an org admin approves (docs/retention.md);
  // a legal hold placed at any moment before the purge wins.
  if (progress.status === 'ended' || progress.status === 'declined') {
    await lock.waitForUnlock();
    await startRetention(ids);
    await setCasePurgeStatus({ ...ids, status: 'counting' });
    const notice = Math.min(durations.purgeNoticeSeconds ?? 30 * 86_400, durations.retentionSeconds);
    await sleep((durations.retentionSeconds - notice) * 1000);
    await announceCasePurge(ids);
    await sleep(notice * 1000);
    let expired = false;
    let escalations = 0;
    for (;;) {
      let held = false;
      while ((await caseHoldActive(ids)).held) {
        if (!held) {
          await record('retention_held');
          await setCasePurgeStatus({ ...ids, status: 'held' });
        }
        held = true;
        await sleep((durations.holdRecheckSeconds ?? 86_400) * 1000);
      }
      if (!expired) await record('retention_expired');
      expired = true;
      await setCasePurgeStatus({ ...ids, status: 'awaiting_approval' });
      // Keeping data past its maximum is also a breach: without an approval the admins are reminded, again and again.
      while (!purgeApproved && !(await casePurgeApproved(ids)).approved) {
        if (!(await condition(() => purgeApproved, (durations.purgeEscalationSeconds ?? 7 * 86_400) * 1000))) {
          escalations += 1;
          await escalateCasePurge({ ...ids, round: escalations });
        }
      }
      const purged = await purgeCaseData(ids);
      if (purged.outcome === 'purged') break;
      purgeApproved = false;
    }
  }
  await condition(allHandlersFinished);
  return { status: progress.status };
}
