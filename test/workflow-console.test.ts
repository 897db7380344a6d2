// The admins' workflow console (issue 16) against the real dev server and a real
// worker: an org admin reads a real case workflow's history in order and its
// pending timer; the other organisation gets 404 and sees none of it; org admins
// may not act (403); each platform-staff action works on a real workflow and
// writes an audit event; Schedules list empty and with one; a workflow whose
// activity keeps failing (the worker's mail server is down) is on the health
// board with its last failure.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DEMO_ORGS } from '../db/seeds/demo.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import type { DevMailSink } from '../providers/mail/dev-sink.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { caseWhen, completeDataCollection } from './harness/kyc-case.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { START_ATTRIBUTE_KEYS } from '../temporal/client/start-attributes.ts';
import { SEARCH_ATTRIBUTE_FLAGS } from '../workflows/search-attributes.ts';

const t = suite('workflow console');
let api: RunningApi;
let worker: RunningWorker;
let connection: Connection;
let client: Client;
const as: Record<string, ApiClient> = {};
const wf = (id: string) => `/api/v1/workflows/${encodeURIComponent(id)}`;

/** Nothing listens on port 9 (discard): every mail the worker sends fails, so document requests retry their mail activity. */
const deadMailServer = { smtpUrl: 'smtp://127.0.0.1:9?ignoreTLS=true', close: async () => {} } as unknown as DevMailSink;

async function newCase(): Promise<{ caseId: string; workflowId: string }> {
  const created = await as.handler!.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const caseId = created.body.id as string;
  await caseWhen(as.handler!, caseId, (c) => c.registryStatus === 'collected' || c.registryStatus === 'manual', 'registry data');
  return { caseId, workflowId: `kyc-case/${caseId}` };
}

async function listed(who: ApiClient, query: string, workflowId: string) {
  return eventually(async () => {
    const res = await who.request('GET', `/api/v1/workflows?${query}`);
    assert.is(res.status, 200, JSON.stringify(res.body));
    return res.body.items.some((i: { workflowId: string }) => i.workflowId === workflowId) ? res.body : undefined;
  }, 20_000, `${workflowId} in the list`);
}

const auditOf = (targetId: string, action: string) => api.knex('audit_events').where({ targetType: 'workflow', targetId, action }).first();

t.before(async () => {
  await resetDatabase();
  api = await startApi();
  worker = await startWorker({ mailSink: deadMailServer });
  const config = testConfig();
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
  for (const [key, email] of Object.entries({ handler: 'handler@demo.test', admin: 'admin@demo.test', nordisk: 'admin@nordisk.test', staff: 'privacy@clientnote.test' })) {
    as[key] = await login(api.baseUrl, email);
  }
});
t.after(async () => {
  await worker?.close();
  await connection?.close();
  await api?.close();
});

let first: { caseId: string; workflowId: string };

t('an org admin finds a real case workflow by case id and reads its history in order, with its pending timer and who acted', async () => {
  first = await newCase();
  await withTimeout(completeDataCollection(as.handler!, first.caseId), 30_000, 'complete data collection');
  const list = await listed(as.admin!, `caseId=${first.caseId}`, first.workflowId);
  const item = list.items.find((i: { workflowId: string }) => i.workflowId === first.workflowId);
  assert.is(item.type, 'kycCase');
  assert.is(item.status, 'running');
  assert.is(item.orgId, DEMO_ORGS[0].id);
  assert.ok(item.dueAt, 'DueAt search attribute');
  assert.is(list.count, 1);

  const detail = await eventually(async () => {
    const res = await as.admin!.request('GET', wf(first.workflowId));
    assert.is(res.status, 200, JSON.stringify(res.body));
    return res.body.step === 'screening' || res.body.step === 'risk' ? res.body : undefined;
  }, 20_000, 'the case past data collection');
  assert.is(detail.status, 'running');
  assert.is(detail.payloadsDecoded, false);
  assert.is(detail.temporalUiUrl, null);
  const ids = detail.events.map((e: { eventId: number }) => e.eventId);
  assert.equal(ids, [...ids].sort((a: number, b: number) => a - b), 'events in order');
  assert.is(ids[0], 1);
  assert.is(detail.events[0].eventType, 'WorkflowExecutionStarted');
  assert.is(detail.events[0].name, 'kycCase');
  assert.ok(detail.events.every((e: { payload?: unknown }) => e.payload === undefined), 'no payloads for an org admin');
  const registry = detail.events.find((e: { eventType: string; name: string }) => e.eventType === 'ActivityTaskCompleted' && e.name === 'collectCaseData');
  assert.ok(registry, 'the registry activity and how long it took');
  assert.type(registry.durationMs, 'number');
  const accepted = detail.events.find((e: { eventType: string }) => e.eventType === 'WorkflowExecutionUpdateAccepted');
  assert.ok(accepted, 'the Update');
  assert.equal(accepted.actor, { id: '86925068-c9fe-4234-9020-336ecf10a70c', name: 'Henrik Handler' });
  // The SLA watch waits on a timer: pending, firing in the future.
  assert.ok(detail.pendingTimers.length >= 1, JSON.stringify(detail.pendingTimers));
  assert.ok(Date.parse(detail.pendingTimers[0].firesAt) > Date.now());
  assert.ok(detail.events.some((e: { eventType: string; firesAt: string | null }) => e.eventType === 'TimerStarted' && e.firesAt));

  const paged = await as.admin!.request('GET', `${wf(first.workflowId)}?eventsFrom=2&eventsLimit=3`);
  assert.is(paged.status, 200);
  assert.equal(paged.body.events.map((e: { eventId: number }) => e.eventId), [3, 4, 5]);
  assert.is(paged.body.nextEventsFrom, 5);

  const raw = await as.admin!.request('GET', `${wf(first.workflowId)}/history.json`);
  assert.is(raw.status, 200);
  assert.match(raw.headers.get('content-disposition') ?? '', /attachment/);
  assert.ok(raw.body.events.length >= detail.eventsTotal);
});

t('the other organisation gets 404 for it and sees none of Demo\'s workflows', async () => {
  for (const path of [wf(first.workflowId), `${wf(first.workflowId)}/history.json`]) {
    const res = await as.nordisk!.request('GET', path);
    assert.is(res.status, 404, path);
    assert.is(res.body.error.code, 'not_found');
  }
  const all = await as.nordisk!.request('GET', '/api/v1/workflows?limit=200');
  assert.is(all.status, 200);
  assert.ok(all.body.items.every((i: { orgId: string }) => i.orgId === DEMO_ORGS[1].id), JSON.stringify(all.body.items));
  const byCase = await as.nordisk!.request('GET', `/api/v1/workflows?caseId=${first.caseId}`);
  assert.equal(byCase.body.items, []);
  assert.is(byCase.body.count, 0);
});

t('bad input: unknown workflow 404, malformed filters 400', async () => {
  assert.is((await as.admin!.request('GET', wf(`kyc-case/${randomUUID()}`))).status, 404);
  assert.is((await as.staff!.request('GET', wf('no-such-workflow'))).status, 404);
  for (const query of ['status=sleeping', 'type=nope', 'caseId=123', 'dueBefore=tomorrow', 'limit=0', 'cursor=%27%20OR%201%3D1', 'orgId=x']) {
    const res = await as.admin!.request('GET', `/api/v1/workflows?${query}`);
    assert.is(res.status, 400, query);
    assert.is(res.body.error.code, 'validation_failed');
  }
  const due = await as.admin!.request('GET', `/api/v1/workflows?dueAfter=2000-01-01&type=kycCase&status=running`);
  assert.is(due.status, 200, JSON.stringify(due.body));
});

t('org admins may not act on workflows or Schedules (403), whatever the organisation', async () => {
  for (const who of [as.admin!, as.nordisk!]) {
    assert.is((await who.request('POST', `${wf(first.workflowId)}/actions`, { action: 'terminate', reason: 'Testing the console' })).status, 403);
    assert.is((await who.request('GET', '/api/v1/schedules')).status, 403);
  }
  assert.is((await client.workflow.getHandle(first.workflowId).describe()).status.name, 'RUNNING');
});

t('platform staff see decoded payloads and every organisation', async () => {
  const detail = await as.staff!.request('GET', wf(first.workflowId));
  assert.is(detail.status, 200);
  assert.is(detail.body.payloadsDecoded, true);
  assert.match(JSON.stringify(detail.body.events[0].payload), first.caseId);
  assert.match(detail.body.temporalUiUrl, /\/namespaces\/clientnote\/workflows\/kyc-case%2F/);
  const list = await listed(as.staff!, 'type=kycCase', first.workflowId);
  assert.ok(list.count >= 1);
});

t('each action needs a reason, works on a real workflow and writes an audit event', async () => {
  const missing = await as.staff!.request('POST', `${wf(first.workflowId)}/actions`, { action: 'cancel' });
  assert.is(missing.status, 400);
  assert.ok(missing.body.error.fields.some((f: { path: string }) => f.path === 'reason'));
  assert.is((await as.staff!.request('POST', `${wf(first.workflowId)}/actions`, { action: 'explode', reason: 'Testing the console' })).status, 400);
  assert.is((await as.staff!.request('POST', `${wf(`kyc-case/${randomUUID()}`)}/actions`, { action: 'cancel', reason: 'Testing the console' })).status, 404);
  const undocumented = await as.staff!.request('POST', `${wf(first.workflowId)}/actions`, { action: 'signal', signal: 'monitoringHits', reason: 'Testing the console' });
  assert.is(undocumented.status, 400, 'a signal the workflow does not document as safe to resend');

  // Reset to the last workflow task: a new run of the same workflow.
  const before = await client.workflow.getHandle(first.workflowId).describe();
  const reset = await as.staff!.request('POST', `${wf(first.workflowId)}/actions`, { action: 'reset', reason: 'Stuck after a deploy' });
  assert.is(reset.status, 200, JSON.stringify(reset.body));
  assert.is.not(reset.body.runId, before.runId);
  assert.is((await client.workflow.getHandle(first.workflowId).describe()).runId, reset.body.runId);
  const resetAudit = await auditOf(first.workflowId, 'workflow.reset');
  assert.ok(resetAudit, 'audit event for the reset');
  assert.is(resetAudit.orgId, DEMO_ORGS[0].id);
  assert.is(resetAudit.details.reason, 'Stuck after a deploy');
  assert.is(resetAudit.details.newRunId, reset.body.runId);

  // Cancel (a document request: it ends as cancelled; see the README on cancelling a case).
  const request = await as.handler!.request('POST', `/api/v1/cases/${first.caseId}/document-requests`, { email: 'client@example.test', description: 'Bank statement' });
  assert.is(request.status, 201, JSON.stringify(request.body));
  const cancelled = { workflowId: `document-request/${request.body.id}` };
  const cancel = await as.staff!.request('POST', `${wf(cancelled.workflowId)}/actions`, { action: 'cancel', reason: 'Client withdrew' });
  assert.is(cancel.status, 200, JSON.stringify(cancel.body));
  await eventually(async () => (await client.workflow.getHandle(cancelled.workflowId).describe()).status.name === 'CANCELLED', 20_000, 'cancelled');
  assert.ok(await auditOf(cancelled.workflowId, 'workflow.cancel'));

  // Terminate; a second terminate finds it closed (409).
  const terminated = await newCase();
  const terminate = await as.staff!.request('POST', `${wf(terminated.workflowId)}/actions`, { action: 'terminate', reason: 'Duplicate case' });
  assert.is(terminate.status, 200, JSON.stringify(terminate.body));
  assert.is((await client.workflow.getHandle(terminated.workflowId).describe()).status.name, 'TERMINATED');
  const history = await client.workflow.getHandle(terminated.workflowId).fetchHistory();
  const reason = history.events?.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason ?? '';
  assert.not.match(reason, 'Duplicate case', 'the free-text reason stays out of Temporal');
  assert.ok(await auditOf(terminated.workflowId, 'workflow.terminate'));
  assert.is((await as.staff!.request('POST', `${wf(terminated.workflowId)}/actions`, { action: 'terminate', reason: 'Again' })).status, 409);
  const closed = await as.admin!.request('GET', wf(terminated.workflowId));
  assert.is(closed.body.status, 'terminated');
  assert.equal(closed.body.pendingTimers, [], 'a closed run has no pending timers');
});

let documentRequestWorkflowId = '';

t('a documented signal is resent to a real document request, audited', async () => {
  const created = await as.handler!.request('POST', `/api/v1/cases/${first.caseId}/document-requests`, { email: 'client@example.test', description: 'Passport copy' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  documentRequestWorkflowId = `document-request/${created.body.id}`;
  const detail = await eventually(async () => {
    const res = await as.staff!.request('GET', wf(documentRequestWorkflowId));
    return res.status === 200 ? res.body : undefined;
  }, 20_000, 'the document request workflow');
  assert.equal(detail.resendableSignals, ['documentUploaded', 'documentRequestCancelled']);
  const sent = await as.staff!.request('POST', `${wf(documentRequestWorkflowId)}/actions`, { action: 'signal', signal: 'documentRequestCancelled', reason: 'The cancel from the case page was lost' });
  assert.is(sent.status, 200, JSON.stringify(sent.body));
  // A signal that arrives during a workflow task is written to the history when the task completes.
  await eventually(async () => (await client.workflow.getHandle(documentRequestWorkflowId).fetchHistory()).events
    ?.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'documentRequestCancelled'), 20_000, 'the signal in the history');
  const audit = await auditOf(documentRequestWorkflowId, 'workflow.signal');
  assert.is(audit?.details.signal, 'documentRequestCancelled');
});

t('a workflow whose activity keeps failing is on the health board with its last failure', async () => {
  // The document request's mail cannot be delivered (the worker's mail server is down): it retries.
  const board = await eventually(async () => {
    const res = await as.staff!.request('GET', '/api/v1/workflow-health?retryingMinutes=0');
    assert.is(res.status, 200, JSON.stringify(res.body));
    const w = res.body.failing.find((f: { workflowId: string }) => f.workflowId === documentRequestWorkflowId);
    return w && w.activities[0]?.attempt > 1 ? res.body : undefined;
  }, 30_000, 'the failing document request on the board');
  const failing = board.failing.find((f: { workflowId: string }) => f.workflowId === documentRequestWorkflowId);
  assert.is(failing.activities[0].activityType, 'sendDocumentRequestMail');
  assert.is(failing.activities[0].lastFailure.type, 'MailFailed');
  assert.match(failing.activities[0].lastFailure.message, 'mail server');
  assert.ok(board.retrying.some((r: { workflowId: string }) => r.workflowId === documentRequestWorkflowId));
  assert.ok(Array.isArray(board.lists) && board.lists.length > 0, 'sanctions list ages');
  assert.type(board.lists[0].ageDays, 'number');

  // The organisation's admin sees it too, without the decoded message; the other organisation does not.
  const own = await as.admin!.request('GET', '/api/v1/workflow-health');
  const mine = own.body.failing.find((f: { workflowId: string }) => f.workflowId === documentRequestWorkflowId);
  assert.is(mine.activities[0].lastFailure.type, 'MailFailed');
  assert.is(mine.activities[0].lastFailure.message, null);
  const other = await as.nordisk!.request('GET', '/api/v1/workflow-health');
  assert.equal(other.body.failing, []);
  // And the list's failing filter finds it.
  const list = await as.admin!.request('GET', '/api/v1/workflows?failing=true');
  assert.ok(list.body.items.some((i: { workflowId: string }) => i.workflowId === documentRequestWorkflowId));
  assert.ok(list.body.items.every((i: { status: string }) => i.status === 'running'));
});

t('a case past its due date is on the board as overdue, for its organisation only', async () => {
  // A two-second SLA (a duration from the organisation's settings), so the case is overdue at once.
  await createCaseDataRepository(api.knex).saveSettings(DEMO_ORGS[0].id, { slaSeconds: 2 });
  const late = await newCase();
  await createCaseDataRepository(api.knex).saveSettings(DEMO_ORGS[0].id, { slaSeconds: 30 * 86_400 });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const board = await eventually(async () => {
    const res = await as.admin!.request('GET', '/api/v1/workflow-health');
    return res.body.overdue?.some((o: { workflowId: string }) => o.workflowId === late.workflowId) ? res.body : undefined;
  }, 20_000, 'the overdue case on the board');
  const item = board.overdue.find((o: { workflowId: string }) => o.workflowId === late.workflowId);
  assert.is(item.caseId, late.caseId);
  assert.ok(Date.parse(item.dueAt) < Date.now());
  const other = await as.nordisk!.request('GET', '/api/v1/workflow-health');
  assert.ok(other.body.overdue.every((o: { orgId: string }) => o.orgId === DEMO_ORGS[1].id));
  const filtered = await as.admin!.request('GET', `/api/v1/workflows?dueBefore=${encodeURIComponent(new Date().toISOString())}&status=running&type=kycCase`);
  assert.ok(filtered.body.items.some((i: { workflowId: string }) => i.workflowId === late.workflowId));
  assert.not.ok(filtered.body.items.some((i: { workflowId: string }) => i.workflowId === first.workflowId), 'the 30-day case is not due yet');
});

t('Schedules: the list works empty and with one; pause, resume and trigger are audited', async () => {
  const mine = (items: { scheduleId: string; workflowType: string | null; paused: boolean }[]) => items.filter((s) => s.scheduleId.startsWith('console-test-'));
  const empty = await as.staff!.request('GET', '/api/v1/schedules');
  assert.is(empty.status, 200);
  assert.equal(mine(empty.body.items), []);

  const scheduleId = `console-test-${randomUUID()}`;
  const config = testConfig();
  await client.schedule.create({
    scheduleId,
    spec: { intervals: [{ every: '1 day' }] },
    // A queue no worker polls: a triggered run waits there and is terminated below.
    action: { type: 'startWorkflow', workflowType: 'listMonitoring', taskQueue: `${config.temporal.taskQueue}-none`, args: [{ versionId: randomUUID() }] },
  });
  try {
    const one = await eventually(async () => {
      const res = await as.staff!.request('GET', '/api/v1/schedules');
      return mine(res.body.items).length === 1 ? res.body : undefined;
    }, 20_000, 'the schedule listed');
    assert.is(mine(one.items)[0]!.workflowType, 'listMonitoring');
    assert.is(mine(one.items)[0]!.paused, false);
    for (const action of ['pause', 'resume', 'trigger'] as const) {
      const res = await as.staff!.request('POST', `/api/v1/schedules/${scheduleId}/actions`, { action, reason: 'Console test' });
      assert.is(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      if (action === 'pause') assert.is((await client.schedule.getHandle(scheduleId).describe()).state.paused, true);
      if (action === 'resume') assert.is((await client.schedule.getHandle(scheduleId).describe()).state.paused, false);
      assert.ok(await api.knex('audit_events').where({ targetType: 'schedule', targetId: scheduleId, action: `schedule.${action}` }).first(), action);
    }
    await eventually(async () => (await client.schedule.getHandle(scheduleId).describe()).info.recentActions.length > 0, 20_000, 'the triggered run');
    assert.is((await as.staff!.request('POST', `/api/v1/schedules/${scheduleId}/actions`, { action: 'pause' })).status, 400);
    assert.is((await as.staff!.request('POST', '/api/v1/schedules/console-test-none/actions', { action: 'trigger', reason: 'Console test' })).status, 404);
  } finally {
    const described = await client.schedule.getHandle(scheduleId).describe().catch(() => null);
    for (const run of described?.info.recentActions ?? []) {
      await client.workflow.getHandle(run.action.workflow.workflowId).terminate('console test').catch(() => {});
    }
    await client.schedule.getHandle(scheduleId).delete();
  }
});

t('the attributes set at start are the ones the workflows upsert and the server registers', () => {
  const TYPES: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime' };
  for (const key of Object.values(START_ATTRIBUTE_KEYS)) {
    assert.ok((SEARCH_ATTRIBUTE_FLAGS as readonly string[]).includes(`${key.name}=${TYPES[key.type]}`), key.name);
  }
});

t('the routes are in the OpenAPI document', async () => {
  const doc = (await request(api.baseUrl, 'GET', '/api/v1/openapi.json')).body;
  for (const path of ['/api/v1/workflows', '/api/v1/workflows/{workflowId}', '/api/v1/workflows/{workflowId}/history.json', '/api/v1/workflows/{workflowId}/actions']) {
    assert.ok(doc.paths[path], path);
  }
});

t.run();
