// The data-subject request workflow, one per request (id dsr/<requestId>), reading
// like DOMAIN.md: received → identity verification (a signal from the requester;
// the window closes it as unverified) → triage (staff Update) → discovery through
// the personal-data registry → hold check → plan → approval by a second person →
// execution → verification → closed. Deadline reminders and the overdue alert run
// beside it on timers from domain/dsr/deadline.ts. Only ids, enums and instants travel.
// The requester gets an acknowledgement once verified and the response with its
// receipt at the end. After triage, customer organisations whose case data names the
// subject each get a child workflow; the requester's answers do not change.
import {
  allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate,
  ParentClosePolicy, proxyActivities, setHandler, startChild, upsertSearchAttributes,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { Activities } from '../activities/index.ts';
import { deadlineAlarms, extend } from '../domain/dsr/deadline.ts';
import {
  advance, approvePlan, close, closeUnverified, DsrTransitionError, infoProvided, initialDsrState, markVerified,
  proposePlan, recordExtension, triage, type DsrState,
} from '../domain/dsr/request.ts';
import {
  APPROVE_PLAN_UPDATE, CODE_VERIFIED_SIGNAL, DSR_STATE_QUERY, EXTEND_UPDATE, INFO_PROVIDED_SIGNAL, PROPOSE_PLAN_UPDATE, TRIAGE_UPDATE,
  type DsrWorkflowInput, type DsrWorkflowResult, type ExtendArgs, type PlanArgs, type TriageArgs,
} from '../domain/dsr/dsr-workflow.ts';
import { routedPartWorkflowId } from '../domain/dsr/routing.ts';
import { DueAt, RequestId, RequestStatus } from './search-attributes.ts';
import { dsrRoutedPart } from './dsr-routed-part.ts';
import { asFailure, refuseUnless } from './refusal.ts';

export const codeVerifiedSignal = defineSignal(CODE_VERIFIED_SIGNAL);
export const infoProvidedSignal = defineSignal(INFO_PROVIDED_SIGNAL);
export const triageUpdate = defineUpdate<DsrState, [TriageArgs]>(TRIAGE_UPDATE);
export const proposePlanUpdate = defineUpdate<DsrState, [PlanArgs]>(PROPOSE_PLAN_UPDATE);
export const approvePlanUpdate = defineUpdate<DsrState, [PlanArgs]>(APPROVE_PLAN_UPDATE);
export const extendUpdate = defineUpdate<DsrState, [ExtendArgs]>(EXTEND_UPDATE);
export const dsrStateQuery = defineQuery<DsrState>(DSR_STATE_QUERY);

const { recordDsrProgress, recordDsrAlarm } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { sendDsrAcknowledgement, sendDsrResponse, sendDsrExtensionNotice, findControllerOrganisations, recordImmediateRights } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
const { discoverPersonalData, checkLegalHolds, executeDsrPlan, verifyDsrExecution } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function validTriage(args: TriageArgs): void {
  if (args.decision === 'refuse' && !args.refusalReason) throw new DsrTransitionError('a refusal needs a reason');
  if (args.decision === 'merge' && !args.mergeInto) throw new DsrTransitionError('a merge needs the request it duplicates');
}

export async function dataSubjectRequest(input: DsrWorkflowInput): Promise<DsrWorkflowResult> {
  let state = initialDsrState(new Date(input.dueAt));
  const receivedAt = new Date(input.receivedAt);
  let transitions = 0;
  // One transition at a time, so projection writes keep the workflow's order.
  const lock = new Mutex();

  const projection = () => ({
    status: state.status, outcome: state.outcome, dueAt: state.dueAt, extended: state.extended,
    triageDecision: state.triage?.decision ?? null, planHash: state.plan?.planHash ?? null,
    planProposedBy: state.plan?.proposedBy ?? null, planApprovedBy: state.approvedBy,
  });

  const record = async (event: string, actorId: string | null = null): Promise<void> => {
    transitions += 1;
    upsertSearchAttributes([{ key: RequestStatus, value: state.status }, { key: DueAt, value: new Date(state.dueAt) }]);
    await recordDsrProgress({ requestId: input.requestId, projection: projection(), event, actorId, key: `${input.requestId}:${transitions}:${event}` });
  };

  /** Apply one transition under the lock. */
  const transition = (next: () => DsrState, event: string, actorId: string | null = null): Promise<DsrState> =>
    lock.runExclusive(async () => {
      try {
        state = next();
      } catch (error) {
        throw asFailure(error);
      }
      await record(event, actorId);
      return state;
    });

  setHandler(dsrStateQuery, () => state);
  setHandler(codeVerifiedSignal, () => {
    if (state.status === 'awaiting_verification') state = markVerified(state);
  });
  // Answers to a request for more information, counted so the lifecycle records each
  // one even when the answer arrives before it is back in triage (it may be sending mail).
  let infoAnswers = 0;
  setHandler(infoProvidedSignal, () => {
    if (state.status === 'awaiting_info') {
      state = infoProvided(state);
      infoAnswers += 1;
    }
  });
  setHandler(
    triageUpdate,
    (args) => transition(() => triage(state, args.decision, args.actorId), `triage:${args.decision}`, args.actorId),
    { validator: (args) => refuseUnless(() => { validTriage(args); triage(state, args.decision, args.actorId); }) },
  );
  setHandler(
    proposePlanUpdate,
    (args) => transition(() => proposePlan(state, args.planHash, args.actorId), 'plan_proposed', args.actorId),
    { validator: (args) => refuseUnless(() => proposePlan(state, args.planHash, args.actorId)) },
  );
  setHandler(
    approvePlanUpdate,
    (args) => transition(() => approvePlan(state, args.planHash, args.actorId), 'plan_approved', args.actorId),
    { validator: (args) => refuseUnless(() => approvePlan(state, args.planHash, args.actorId)) },
  );
  let extensionReason: ExtendArgs['reason'] | null = null;
  setHandler(
    extendUpdate,
    async (args) => {
      const next = await transition(() => recordExtension(state, extend(receivedAt, state.extended, new Date(Date.now())).dueAt), `extended:${args.reason}`, args.actorId);
      extensionReason = args.reason;
      return next;
    },
    {
      validator: (_args) => refuseUnless(() => {
        if (state.status === 'closed') throw new DsrTransitionError('the request is closed');
        extend(receivedAt, state.extended, new Date(Date.now()));
      }),
    },
  );

  const isClosed = () => state.status === 'closed';

  /** Reminders before the deadline and the overdue alert after it; re-planned when the deadline moves. */
  const watchDeadline = async (): Promise<void> => {
    const fired = new Set<string>();
    while (!isClosed()) {
      const dueAt = state.dueAt;
      const alarms = deadlineAlarms(new Date(dueAt), input.timing.reminderLeadsMs);
      const pending = [
        ...alarms.reminders.map((at) => ({ kind: 'deadline_reminder' as const, at })),
        { kind: 'deadline_overdue' as const, at: alarms.overdueAt },
      ].filter((a) => !fired.has(`${dueAt}:${a.kind}:${a.at.toISOString()}`));
      const next = pending[0];
      const moved = () => isClosed() || state.dueAt !== dueAt;
      if (!next) {
        await condition(moved);
        continue;
      }
      const wait = next.at.getTime() - Date.now();
      if (wait > 0 && (await condition(moved, wait))) continue;
      const key = `${dueAt}:${next.kind}:${next.at.toISOString()}`;
      fired.add(key);
      await recordDsrAlarm({ requestId: input.requestId, kind: next.kind, dueAt, key: `${input.requestId}:${key}` });
    }
  };

  upsertSearchAttributes([{ key: RequestId, value: input.requestId }]);
  await lock.runExclusive(() => record('received'));
  const watcher = watchDeadline();

  /** The requester is told of an extension and why (GDPR Art. 12(3)), beside the lifecycle so the staff Update returns at once. */
  const noticeExtension = async (): Promise<void> => {
    await condition(() => extensionReason !== null || isClosed());
    if (extensionReason !== null) await sendDsrExtensionNotice({ requestId: input.requestId, reason: extensionReason });
  };
  const extensionNotice = noticeExtension();

  const lifecycle = async (): Promise<void> => {
    // Identity: the requester confirms the mailed code (checked by the API, signalled here).
    const verified = await condition(() => state.status !== 'awaiting_verification', input.timing.verificationWindowMs);
    if (!verified) {
      await transition(() => closeUnverified(state), 'closed_unverified');
      return;
    }
    await transition(() => state, 'verified');
    // The same acknowledgement whatever is found; addresses are read by the activity.
    await sendDsrAcknowledgement({ requestId: input.requestId });
    // Withdrawal of consent and objection are effective at once; a withdrawal alone needs no plan or approval.
    const { immediateOnly } = await recordImmediateRights({ requestId: input.requestId });
    if (immediateOnly && state.status === 'triage') {
      await sendDsrResponse({ requestId: input.requestId, outcome: 'completed' });
      await transition(() => close(state, 'completed'), 'closed:completed');
      return;
    }

    // Triage, as often as more information is asked for.
    let answersRecorded = 0;
    for (;;) {
      await condition(() => (state.status !== 'triage' || infoAnswers > answersRecorded) && !lock.isLocked());
      if (infoAnswers > answersRecorded) {
        answersRecorded += 1;
        await transition(() => state, 'info_provided');
        continue;
      }
      if (state.status !== 'awaiting_info') break;
      await condition(() => state.status !== 'awaiting_info');
    }
    if (isClosed()) {
      // Refused or merged at triage: the requester is told, with how to complain.
      if (state.outcome) await sendDsrResponse({ requestId: input.requestId, outcome: state.outcome });
      return;
    }

    // Routing: each controller organisation gets its own part; none is told of another.
    const { orgIds } = await findControllerOrganisations({ requestId: input.requestId });
    for (const orgId of orgIds) {
      await startChild(dsrRoutedPart, {
        workflowId: routedPartWorkflowId(input.requestId, orgId), args: [{ requestId: input.requestId, orgId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }

    // Discovery through the registry, then the hold check: held rows are kept, whatever is asked.
    await discoverPersonalData({ requestId: input.requestId });
    await transition(() => advance(state, 'discovery', 'hold_check'), 'discovered');
    await checkLegalHolds({ requestId: input.requestId });
    await transition(() => advance(state, 'hold_check', 'plan_review'), 'holds_checked');

    // Plan, approved by a second person (the Updates move the state to executing).
    await condition(() => state.status === 'executing' && !lock.isLocked());
    await executeDsrPlan({ requestId: input.requestId });
    await transition(() => advance(state, 'executing', 'verifying'), 'executed');
    const check = await verifyDsrExecution({ requestId: input.requestId });
    await transition(() => advance(state, 'verifying', 'responding'), check.remaining === 0 ? 'verified_clean' : 'verified_with_remainder');
    // Rows kept on a legal basis are told in the response; the outcome says whether what was meant to happen did.
    const outcome = check.remaining === 0 ? 'completed' : 'partially_completed';
    await sendDsrResponse({ requestId: input.requestId, outcome });
    await transition(() => close(state, outcome), `closed:${outcome}`);
  };

  await lifecycle();
  await watcher;
  await extensionNotice;
  await condition(allHandlersFinished);
  return { outcome: state.outcome };
}
