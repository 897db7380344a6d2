// The console's visibility query: always this installation's task queue, always the
// caller's organisation unless the caller is platform staff, each filter once, and
// quotes in a value cannot end the string (the API validates values first anyway).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RESENDABLE_SIGNALS, WORKFLOW_TYPES, resendableSignals, statusFromEnum, visibilityQuery } from './console.ts';

const ORG = '9ee11d25-87bf-42e2-9b62-ad22291c6292';

test('an organisation\'s query is narrowed to its OrgId and the task queue', () => {
  assert.is(visibilityQuery({ orgId: ORG, taskQueue: 'clientnote' }), `TaskQueue = 'clientnote' AND OrgId = '${ORG}'`);
});

test('platform staff see every organisation', () => {
  assert.is(visibilityQuery({ orgId: null, taskQueue: 'clientnote' }), `TaskQueue = 'clientnote'`);
});

test('each filter becomes one condition', () => {
  const q = visibilityQuery({
    orgId: ORG, taskQueue: 'q', type: 'kycCase', status: 'continued_as_new', caseId: 'c', requestId: 'r',
    dueBefore: new Date('2026-12-24T00:00:00Z'), dueAfter: new Date('2026-12-01T00:00:00Z'),
  });
  assert.is(q, `TaskQueue = 'q' AND OrgId = '${ORG}' AND WorkflowType = 'kycCase' AND ExecutionStatus = 'ContinuedAsNew' AND CaseId = 'c'`
    + ` AND (RequestId = 'r' OR DocumentRequestId = 'r') AND DueAt < '2026-12-24T00:00:00.000Z' AND DueAt >= '2026-12-01T00:00:00.000Z'`);
});

test('a quote in a value stays inside the string', () => {
  const q = visibilityQuery({ orgId: "x' OR OrgId != 'y", taskQueue: 'q' });
  assert.is(q, `TaskQueue = 'q' AND OrgId = 'x\\' OR OrgId != \\'y'`);
});

test('statuses from Temporal\'s enum', () => {
  assert.is(statusFromEnum(1), 'running');
  assert.is(statusFromEnum(6), 'continued_as_new');
  assert.is(statusFromEnum(0), null);
  assert.is(statusFromEnum(99), null);
});

test('every workflow type says which signals are safe to resend', () => {
  assert.equal(Object.keys(RESENDABLE_SIGNALS).sort(), [...WORKFLOW_TYPES].sort());
  assert.equal(resendableSignals('documentRequest'), ['documentUploaded', 'documentRequestCancelled']);
  assert.equal(resendableSignals('kycCase'), []);
  assert.equal(resendableSignals('unknown'), []);
});

test.run();
