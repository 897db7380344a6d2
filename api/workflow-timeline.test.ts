// The timeline's pure parts on hand-made history events: pending timers (started,
// neither fired nor cancelled, none once the run closed), event type names, durations
// from the scheduling event, and the actor read from an Update's (encrypted) arguments
// while its payload stays hidden from everyone but platform admins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import proto from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../temporal/codec.ts';
import type { HistoryEvent } from '../temporal/client/console.ts';
import { PayloadReader, eventTypeName, pendingTimers, timeline } from './workflow-timeline.ts';

const { EventType } = proto.temporal.api.enums.v1;
const at = (s: number) => ({ seconds: 1_800_000_000 + s, nanos: 0 });
const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);

const started = (id: number, s: number, timerId: string, fireSeconds: number): HistoryEvent =>
  ({ eventId: id, eventTime: at(s), eventType: EventType.EVENT_TYPE_TIMER_STARTED, timerStartedEventAttributes: { timerId, startToFireTimeout: { seconds: fireSeconds } } }) as unknown as HistoryEvent;

test('pending timers: started and neither fired nor cancelled, with when they fire', () => {
  const events = [
    started(5, 0, '1', 60),
    started(6, 0, '2', 3600),
    { eventId: 7, eventTime: at(60), eventType: EventType.EVENT_TYPE_TIMER_FIRED, timerFiredEventAttributes: { timerId: '1', startedEventId: 5 } },
  ] as unknown as HistoryEvent[];
  assert.equal(pendingTimers(events), [{ timerId: '2', startedEventId: 6, startedAt: new Date(1_800_000_000_000).toISOString(), firesAt: new Date(1_800_003_600_000).toISOString() }]);
  const closed = [...events, { eventId: 8, eventTime: at(61), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, workflowExecutionTerminatedEventAttributes: {} }] as unknown as HistoryEvent[];
  assert.equal(pendingTimers(closed), [], 'a closed run waits for nothing');
});

test('event type names without the prefix', () => {
  assert.is(eventTypeName({ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED } as unknown as HistoryEvent), 'WorkflowExecutionUpdateAccepted');
  assert.is(eventTypeName({ eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED } as unknown as HistoryEvent), 'ActivityTaskCompleted');
});

test('an activity\'s duration, and an Update\'s actor for everyone but its payload for platform admins only', async () => {
  const [args] = await codec.encode([defaultPayloadConverter.toPayload({ step: 'screening', actorId: 'user-1' })]);
  const events = [
    { eventId: 1, eventTime: at(0), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityId: '1', activityType: { name: 'collectCaseData' } } },
    { eventId: 2, eventTime: at(2), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, activityTaskCompletedEventAttributes: { scheduledEventId: 1 } },
    { eventId: 3, eventTime: at(3), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { meta: { updateId: 'u1' }, input: { name: 'completeStep', args: { payloads: [args] } } } } },
  ] as unknown as HistoryEvent[];
  const forAdmin = await timeline(events, 0, 3, new PayloadReader(codec, false));
  assert.is(forAdmin[1]!.name, 'collectCaseData');
  assert.is(forAdmin[1]!.durationMs, 2000);
  assert.is(forAdmin[2]!.name, 'completeStep');
  assert.is(forAdmin[2]!.actorId, 'user-1');
  assert.is(forAdmin[2]!.payload, undefined);
  const forStaff = await timeline(events, 2, 3, new PayloadReader(codec, true));
  assert.equal(forStaff[0]!.payload, [{ step: 'screening', actorId: 'user-1' }]);
});

test.run();
