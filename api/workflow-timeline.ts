// A workflow's Temporal history as the console shows it: each event as one
// readable entry (which activity ran and how long it took, which timer fired,
// which Update was accepted and by whom), the timers still pending and when
// they fire, and failures. The history holds ids only: the actor of an Update is
// read from its (encrypted) arguments here, server-side, and named by the route.
// Payload contents and failure messages are decoded only for platform admins;
// everyone else sees names, types, times and ids.
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import type { Payload } from '@temporalio/common';
import type { EncryptionCodec } from '../temporal/codec.ts';
import type { HistoryEvent, PendingActivity } from '../temporal/client/console.ts';

const { EventType } = proto.temporal.api.enums.v1;
type IFailure = temporal.api.failure.v1.IFailure;

export type TimelineCategory = 'workflow' | 'workflow_task' | 'activity' | 'local_activity' | 'timer' | 'signal' | 'update' | 'child' | 'search_attributes' | 'other';

export interface TimelineEntry {
  eventId: number;
  time: string;
  /** Temporal's event type without its prefix, e.g. `ActivityTaskCompleted`. */
  eventType: string;
  category: TimelineCategory;
  /** The activity type, timer id, signal or Update name, child workflow id, workflow type. */
  name: string | null;
  /** Activities: scheduled → closed; timers: started → fired; Updates: accepted → completed. */
  durationMs: number | null;
  attempt: number | null;
  /** Whom an Update was accepted for (the actor id in its arguments; the route adds the name). */
  actorId: string | null;
  failure: FailureView | null;
  /** A timer's start: when it fires. */
  firesAt: string | null;
  /** Decoded inputs or results: platform admins only. */
  payload?: unknown;
}

export interface FailureView { type: string | null; nonRetryable: boolean; message: string | null }

export interface PendingTimer { timerId: string; startedEventId: number; startedAt: string; firesAt: string }

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number | null =>
  t && t.seconds !== undefined && t.seconds !== null ? Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : null;
const isoOf = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

const TYPE_NAMES = new Map<number, string>(
  Object.entries(EventType).filter(([, v]) => typeof v === 'number').map(([k, v]) => [
    v as number,
    k.replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
  ]),
);
export const eventTypeName = (e: HistoryEvent): string => TYPE_NAMES.get(Number(e.eventType)) ?? 'Unspecified';

function categoryOf(type: string): TimelineCategory {
  if (type.startsWith('WorkflowTask')) return 'workflow_task';
  if (type.startsWith('ActivityTask')) return 'activity';
  if (type.startsWith('Timer')) return 'timer';
  if (type.startsWith('WorkflowExecutionUpdate')) return 'update';
  if (type === 'WorkflowExecutionSignaled' || type.startsWith('SignalExternal') || type === 'ExternalWorkflowExecutionSignaled') return 'signal';
  if (type.includes('ChildWorkflow')) return 'child';
  if (type === 'UpsertWorkflowSearchAttributes' || type === 'WorkflowPropertiesModified') return 'search_attributes';
  if (type.startsWith('WorkflowExecution')) return 'workflow';
  if (type === 'MarkerRecorded') return 'local_activity';
  return 'other';
}

/** The failure's innermost useful type: an activity failure's cause, an application failure's type. */
function failureTypeOf(failure: IFailure): { type: string | null; nonRetryable: boolean } {
  let f: IFailure | null | undefined = failure;
  while (f?.activityFailureInfo || f?.childWorkflowExecutionFailureInfo) {
    if (!f.cause) break;
    f = f.cause;
  }
  if (f?.applicationFailureInfo) return { type: f.applicationFailureInfo.type || 'ApplicationFailure', nonRetryable: Boolean(f.applicationFailureInfo.nonRetryable) };
  if (f?.timeoutFailureInfo) return { type: 'Timeout', nonRetryable: false };
  if (f?.canceledFailureInfo) return { type: 'Cancelled', nonRetryable: false };
  if (f?.terminatedFailureInfo) return { type: 'Terminated', nonRetryable: false };
  if (f?.serverFailureInfo) return { type: 'ServerFailure', nonRetryable: Boolean(f.serverFailureInfo.nonRetryable) };
  return { type: null, nonRetryable: false };
}

/**
 * Reads payloads: `decode` (platform admins) decrypts and parses them; `actorOnly`
 * (everyone) decrypts an Update's arguments only to take the actor id out of them.
 */
export class PayloadReader {
  constructor(private readonly codec: EncryptionCodec, readonly decode: boolean) {}

  async values(payloads: readonly temporal.api.common.v1.IPayload[] | null | undefined): Promise<unknown[]> {
    if (!payloads?.length) return [];
    try {
      const plain = await this.codec.decode(payloads as Payload[]);
      return plain.map((p) => {
        const text = Buffer.from(p.data ?? new Uint8Array()).toString('utf8');
        try { return JSON.parse(text); } catch { return text; }
      });
    } catch {
      return ['(not decodable)'];
    }
  }

  async failure(failure: IFailure | null | undefined): Promise<FailureView | null> {
    if (!failure) return null;
    const kind = failureTypeOf(failure);
    let message: string | null = null;
    if (this.decode) {
      // encodeCommonAttributes moves message and stack trace into an encrypted payload.
      let f: IFailure | null | undefined = failure;
      const messages: string[] = [];
      while (f) {
        if (f.encodedAttributes) {
          const [attrs] = await this.values([f.encodedAttributes]);
          const m = (attrs as { message?: string } | undefined)?.message;
          if (m) messages.push(m);
        } else if (f.message) messages.push(f.message);
        f = f.cause;
      }
      message = messages.join(': ') || null;
    }
    return { ...kind, message };
  }
}

const short = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text !== undefined && text.length > 4000 ? `${text.slice(0, 4000)}…` : value;
};

/** Timers started and neither fired nor cancelled, with when they fire. */
export function pendingTimers(events: readonly HistoryEvent[]): PendingTimer[] {
  const open = new Map<number, PendingTimer>();
  for (const e of events) {
    const type = Number(e.eventType);
    if (type === EventType.EVENT_TYPE_TIMER_STARTED) {
      const a = e.timerStartedEventAttributes!;
      const started = ms(e.eventTime) ?? 0;
      const fireMs = (ms(a.startToFireTimeout) ?? 0);
      open.set(Number(e.eventId), { timerId: a.timerId ?? '', startedEventId: Number(e.eventId), startedAt: isoOf(started)!, firesAt: isoOf(started + fireMs)! });
    } else if (type === EventType.EVENT_TYPE_TIMER_FIRED) {
      open.delete(Number(e.timerFiredEventAttributes?.startedEventId));
    } else if (type === EventType.EVENT_TYPE_TIMER_CANCELED) {
      open.delete(Number(e.timerCanceledEventAttributes?.startedEventId));
    }
  }
  // A closed run has no pending timers.
  const last = events.at(-1);
  const closed = last && [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  ].includes(Number(last.eventType));
  return closed ? [] : [...open.values()];
}

/** Readable entries for `events[from..to)`; earlier events are read for durations (schedule times). */
export async function timeline(events: readonly HistoryEvent[], from: number, to: number, reader: PayloadReader): Promise<TimelineEntry[]> {
  const timeOf = new Map<number, number>();
  const nameOf = new Map<number, string>();
  for (const e of events.slice(0, to)) {
    const id = Number(e.eventId);
    timeOf.set(id, ms(e.eventTime) ?? 0);
    if (e.activityTaskScheduledEventAttributes) nameOf.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
    if (e.timerStartedEventAttributes) nameOf.set(id, e.timerStartedEventAttributes.timerId ?? '');
  }
  const acceptedAt = new Map<string, number>();
  const updateNames = new Map<string, string>();
  for (const e of events.slice(0, to)) {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (a) {
      const id = a.acceptedRequest?.meta?.updateId ?? a.protocolInstanceId ?? '';
      acceptedAt.set(id, ms(e.eventTime) ?? 0);
      updateNames.set(id, a.acceptedRequest?.input?.name ?? '');
    }
  }

  const out: TimelineEntry[] = [];
  for (const e of events.slice(from, to)) {
    const eventType = eventTypeName(e);
    const time = ms(e.eventTime) ?? 0;
    const entry: TimelineEntry = {
      eventId: Number(e.eventId), time: isoOf(time)!, eventType, category: categoryOf(eventType),
      name: null, durationMs: null, attempt: null, actorId: null, failure: null, firesAt: null,
    };
    const since = (startId: unknown) => {
      const start = timeOf.get(Number(startId));
      return start === undefined ? null : time - start;
    };
    let payload: unknown;
    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      entry.name = a.workflowType?.name ?? null;
      entry.attempt = a.attempt ?? null;
      if (reader.decode) payload = await reader.values(a.input?.payloads);
    } else if (e.workflowExecutionCompletedEventAttributes) {
      if (reader.decode) payload = await reader.values(e.workflowExecutionCompletedEventAttributes.result?.payloads);
    } else if (e.workflowExecutionFailedEventAttributes) {
      entry.failure = await reader.failure(e.workflowExecutionFailedEventAttributes.failure);
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      entry.name = e.workflowExecutionContinuedAsNewEventAttributes.workflowType?.name ?? null;
    } else if (e.workflowTaskFailedEventAttributes) {
      entry.failure = await reader.failure(e.workflowTaskFailedEventAttributes.failure);
    } else if (e.workflowTaskStartedEventAttributes) {
      entry.attempt = null;
    } else if (e.activityTaskScheduledEventAttributes) {
      entry.name = e.activityTaskScheduledEventAttributes.activityType?.name ?? null;
      if (reader.decode) payload = await reader.values(e.activityTaskScheduledEventAttributes.input?.payloads);
    } else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      entry.name = nameOf.get(Number(a.scheduledEventId)) ?? null;
      entry.attempt = a.attempt ?? null;
      entry.failure = await reader.failure(a.lastFailure);
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      entry.name = nameOf.get(Number(a.scheduledEventId)) ?? null;
      entry.durationMs = since(a.scheduledEventId);
      if (reader.decode) payload = await reader.values(a.result?.payloads);
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      entry.name = nameOf.get(Number(a.scheduledEventId)) ?? null;
      entry.durationMs = since(a.scheduledEventId);
      entry.failure = await reader.failure(a.failure);
    } else if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      entry.name = nameOf.get(Number(a.scheduledEventId)) ?? null;
      entry.durationMs = since(a.scheduledEventId);
      entry.failure = await reader.failure(a.failure);
    } else if (e.activityTaskCanceledEventAttributes) {
      const a = e.activityTaskCanceledEventAttributes;
      entry.name = nameOf.get(Number(a.scheduledEventId)) ?? null;
      entry.durationMs = since(a.scheduledEventId);
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      entry.name = a.timerId ?? null;
      entry.firesAt = isoOf(time + (ms(a.startToFireTimeout) ?? 0));
    } else if (e.timerFiredEventAttributes) {
      entry.name = e.timerFiredEventAttributes.timerId ?? null;
      entry.durationMs = since(e.timerFiredEventAttributes.startedEventId);
    } else if (e.timerCanceledEventAttributes) {
      entry.name = e.timerCanceledEventAttributes.timerId ?? null;
      entry.durationMs = since(e.timerCanceledEventAttributes.startedEventId);
    } else if (e.workflowExecutionSignaledEventAttributes) {
      entry.name = e.workflowExecutionSignaledEventAttributes.signalName ?? null;
      if (reader.decode) payload = await reader.values(e.workflowExecutionSignaledEventAttributes.input?.payloads);
    } else if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) {
      const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
      entry.name = `${a.signalName ?? ''} → ${a.workflowExecution?.workflowId ?? ''}`;
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes;
      entry.name = a.acceptedRequest?.input?.name ?? null;
      // The actor is an id in the Update's first argument: decrypted here for everyone, only the id is kept.
      const args = await reader.values(a.acceptedRequest?.input?.args?.payloads);
      const actorId = (args[0] as { actorId?: unknown } | undefined)?.actorId;
      entry.actorId = typeof actorId === 'string' ? actorId : null;
      if (reader.decode) payload = args;
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const id = a.meta?.updateId ?? '';
      entry.name = updateNames.get(id) ?? null;
      const start = acceptedAt.get(id);
      entry.durationMs = start === undefined ? null : time - start;
      entry.failure = await reader.failure(a.outcome?.failure);
      if (reader.decode && a.outcome?.success) payload = await reader.values(a.outcome.success.payloads);
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      entry.name = e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId ?? null;
    } else if (e.childWorkflowExecutionStartedEventAttributes) {
      entry.name = e.childWorkflowExecutionStartedEventAttributes.workflowExecution?.workflowId ?? null;
    } else if (e.markerRecordedEventAttributes) {
      const a = e.markerRecordedEventAttributes;
      entry.name = a.markerName ?? null;
      // A local activity's marker: its type and attempt are in the marker's data.
      const data = a.details?.data?.payloads;
      if (data?.length) {
        const [marker] = await reader.values(data);
        const m = marker as { activity_type?: string; activityType?: string; attempt?: number; complete_time?: unknown; original_schedule_time?: unknown } | undefined;
        if (m?.activity_type || m?.activityType) entry.name = (m.activity_type ?? m.activityType)!;
        if (typeof m?.attempt === 'number') entry.attempt = m.attempt;
      }
      entry.failure = await reader.failure(a.failure);
    } else if (e.upsertWorkflowSearchAttributesEventAttributes) {
      // Search attributes are ids, enums and dates, never encrypted: shown to everyone.
      const fields = e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {};
      entry.name = Object.keys(fields).sort().join(', ');
    } else if (e.workflowExecutionCancelRequestedEventAttributes) {
      entry.name = e.workflowExecutionCancelRequestedEventAttributes.cause || null;
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      entry.name = e.workflowExecutionTerminatedEventAttributes.reason || null;
    }
    if (payload !== undefined) entry.payload = short(payload);
    out.push(entry);
  }
  return out;
}

export interface PendingActivityView {
  activityId: string;
  activityType: string;
  state: string;
  attempt: number;
  maximumAttempts: number;
  scheduledAt: string | null;
  lastStartedAt: string | null;
  nextAttemptAt: string | null;
  lastFailure: FailureView | null;
}

const ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel_requested', 4: 'paused', 5: 'pause_requested' };

export async function pendingActivityViews(pending: readonly PendingActivity[], reader: PayloadReader): Promise<PendingActivityView[]> {
  return Promise.all(pending.map(async (p) => ({
    activityId: p.activityId ?? '',
    activityType: p.activityType?.name ?? '',
    state: ACTIVITY_STATES[Number(p.state)] ?? 'unknown',
    attempt: p.attempt ?? 1,
    maximumAttempts: p.maximumAttempts ?? 0,
    scheduledAt: isoOf(ms(p.scheduledTime)),
    lastStartedAt: isoOf(ms(p.lastStartedTime)),
    nextAttemptAt: isoOf(ms(p.nextAttemptScheduleTime)),
    lastFailure: await reader.failure(p.lastFailure),
  })));
}

/** A pending activity that has failed at least once is retrying. */
export const isRetrying = (p: PendingActivity): boolean => (p.attempt ?? 1) > 1 || Boolean(p.lastFailure);

/** When an activity was first scheduled (its ActivityTaskScheduled event), by activity id. */
export function firstScheduledAt(events: readonly HistoryEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityId) out.set(a.activityId, isoOf(ms(e.eventTime))!);
  }
  return out;
}
