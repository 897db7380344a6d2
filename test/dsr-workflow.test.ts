// The dataSubjectRequest workflow end to end on the real Temporal server, the real
// worker and database, driven through the public and staff API: verification,
// triage, discovery, four-eyes plan approval, execution of access and erasure on
// platform-user data, and the deadline paths with second-scale durations passed in.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { decodeHistoryPayloads } from './harness/workflow-history.ts';
import { readZip } from './harness/zip-reader.ts';
import { eventually } from './harness/timeout.ts';
import { createDsrRepository } from '../db/repositories/dsr.ts';
import { tokenHash } from '../db/sha256.ts';
import { extendedDeadline, responseDeadline } from '../domain/dsr/deadline.ts';
import type { DsrTiming } from '../domain/dsr/dsr-workflow.ts';

const dsr = suite('data-subject request workflow');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
let handler: ApiClient;

dsr.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker();
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
  handler = await login(server.baseUrl, 'handler@demo.test');
});
dsr.after(async () => {
  await worker?.close();
  await server?.close();
});

const post = (path: string, body?: unknown) => request(server.baseUrl, 'POST', path, body);

/** Every payload of a workflow's history (inputs, results, signals, updates, failures), decoded with the codec. */
async function decodedHistory(workflowId: string): Promise<string> {
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return await decodeHistoryPayloads(history, config.codecKeys);
  } finally {
    await connection.close();
  }
}

async function codeFor(email: string): Promise<string> {
  return eventually(async () => server.mailSink.messages().find((m) => m.to.includes(email))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, `code for ${email}`);
}

const statusOf = async (id: string) => (await server.knex('dsr_requests').where({ id }).first('status', 'outcome'));
const waitForStatus = (id: string, status: string, ms = 20_000) =>
  eventually(async () => ((await statusOf(id))?.status === status ? true : undefined), ms, `request ${id} reaches ${status}`);

/** A platform user with a session, an invitation-free account and a login-throttle row: data to find. */
async function seedPlatformUser(email: string, name: string): Promise<string> {
  const id = randomUUID();
  await server.knex('users').insert({ id, orgId: '9ee11d25-87bf-42e2-9b62-ad22291c6292', email, name, passwordHash: 'x', locale: 'en' });
  await server.knex('user_roles').insert({ userId: id, role: 'handler' });
  await server.knex('sessions').insert({ userId: id, tokenHash: randomBytes(32), csrfToken: 'c', expiresAt: new Date(Date.now() + 3_600_000) });
  return id;
}

async function submitAndVerify(email: string, rights: string[], relationship = 'platform_user') {
  const res = await post('/api/v1/privacy/requests', { rights, name: 'Erik Eraseme', email, relationship, description: 'all of it', locale: 'en' });
  assert.is(res.status, 202);
  const { requestId, statusToken } = res.body as { requestId: string; statusToken: string };
  const verified = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: await codeFor(email) });
  assert.is(verified.status, 200, JSON.stringify(verified.body));
  await waitForStatus(requestId, 'triage');
  return { requestId, statusToken };
}

dsr('staff endpoints need privacy_officer or platform_admin', async () => {
  const list = await handler.request('GET', '/api/v1/dsr');
  assert.is(list.status, 403);
  const anonymous = await request(server.baseUrl, 'GET', '/api/v1/dsr');
  assert.is(anonymous.status, 401);
  const ok = await pia.request('GET', '/api/v1/dsr');
  assert.is(ok.status, 200);
  const missing = await pia.request('GET', `/api/v1/dsr/${randomUUID()}`);
  assert.is(missing.status, 404);
});

dsr('erasure and access for a platform user: triage, discovery, four-eyes plan, execution, verification', async () => {
  const email = 'erik.eraseme@example.test';
  const userId = await seedPlatformUser(email, 'Erik Eraseme');
  const { requestId, statusToken } = await submitAndVerify(email, ['erasure']);

  const queue = await pia.request('GET', '/api/v1/dsr?open=true');
  const listed = queue.body.items.find((i: { id: string }) => i.id === requestId);
  assert.ok(listed, 'in the queue');
  assert.is(listed.status, 'triage');
  assert.ok(listed.daysLeft >= 27 && listed.daysLeft <= 31, `days left ${listed.daysLeft}`);

  const early = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, {});
  assert.is(early.status, 409, 'no plan before triage');
  const triaged = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed', note: 'identity matches the account' });
  assert.is(triaged.status, 200, JSON.stringify(triaged.body));
  await waitForStatus(requestId, 'plan_review');
  const again = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' });
  assert.is(again.status, 409, 'triage happens once');

  const detail = await pia.request('GET', `/api/v1/dsr/${requestId}`);
  assert.is(detail.status, 200);
  assert.is(detail.body.requester.email, email);
  const tables = detail.body.manifest.map((i: { sourceTable: string }) => i.sourceTable);
  for (const table of ['users', 'sessions', 'user_roles', 'dsr_requests']) assert.ok(tables.includes(table), `${table} in ${tables}`);
  const userItem = detail.body.manifest.find((i: { sourceTable: string }) => i.sourceTable === 'users');
  assert.is(userItem.rowKey, userId);
  assert.is(userItem.action, 'anonymise');
  const own = detail.body.manifest.find((i: { sourceTable: string; rowKey: string }) => i.sourceTable === 'dsr_requests' && i.rowKey === requestId);
  assert.is(own.action, 'retain', 'the request itself is kept as its record');
  assert.ok(own.retentionBasis);

  const forbiddenAction = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, { items: [{ itemId: own.id, action: 'erase' }] });
  assert.is(forbiddenAction.status, 400, 'a retained record cannot be planned for erasure');
  const foreignItem = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, { items: [{ itemId: randomUUID(), action: 'export' }] });
  assert.is(foreignItem.status, 400);

  const proposed = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, {});
  assert.is(proposed.status, 200, JSON.stringify(proposed.body));
  const { planHash } = proposed.body;
  const selfApproval = await pia.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash });
  assert.is(selfApproval.status, 409, 'four-eyes: the proposer cannot approve');
  assert.match(selfApproval.body.error.message, /second person/);
  const stale = await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash: 'a'.repeat(64) });
  assert.is(stale.status, 409);
  assert.is(stale.body.error.code, 'stale_version');
  const approved = await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash });
  assert.is(approved.status, 200, JSON.stringify(approved.body));

  await waitForStatus(requestId, 'closed');
  assert.is((await statusOf(requestId)).outcome, 'completed');
  const user = await server.knex('users').where({ id: userId }).first();
  assert.not.match(JSON.stringify(user), /eraseme/i, 'the account is anonymised');
  assert.is(user.active, false);
  assert.is((await server.knex('sessions').where({ userId })).length, 0, 'sessions revoked');
  const status = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(status.body.status, 'closed');
  assert.is(status.body.outcome, 'completed');
  const history = await decodedHistory(`dsr/${requestId}`);
  assert.ok(history.includes(requestId), 'the scan reads decoded payloads');
  assert.not.match(history, /eraseme|all of it/i, 'no name, address or free text in the workflow history');
  const events = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.events.map((e: { kind: string }) => e.kind);
  for (const kind of ['received', 'verified', 'triage:proceed', 'discovered', 'plan_proposed', 'plan_approved', 'executed', 'verified_clean', 'closed:completed']) {
    assert.ok(events.includes(kind), `${kind} in ${events}`);
  }
});

dsr('access: the export holds the rows discovery found, without secrets, behind the status token', async () => {
  const email = 'anna.access@example.test';
  // A name a spreadsheet would run as a formula: the CSV must neutralise it.
  const userId = await seedPlatformUser(email, '=HYPERLINK("http://evil.test","Anna")');
  const { requestId, statusToken } = await submitAndVerify(email, ['access']);
  await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' });
  await waitForStatus(requestId, 'plan_review');
  const { planHash } = (await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, {})).body;
  assert.is((await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash })).status, 200);
  await waitForStatus(requestId, 'closed');
  const manifest = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.manifest as { sourceTable: string; action: string }[];
  const exported = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}/export?statusToken=${statusToken}&format=json`);
  assert.is(exported.status, 200);
  for (const item of manifest.filter((i) => i.action === 'export')) assert.ok(exported.body.tables[item.sourceTable], `${item.sourceTable} exported`);
  assert.is(exported.body.tables.users[0].id, userId);
  assert.is(exported.body.tables.users[0].email, email);
  assert.not.match(JSON.stringify(exported.body), /passwordHash|tokenHash|csrfToken|emailKey/, 'no secrets in the export');
  const zipped = await fetch(`${server.baseUrl}/api/v1/privacy/requests/${requestId}/export?statusToken=${statusToken}`);
  assert.is(zipped.status, 200);
  assert.is(zipped.headers.get('content-type'), 'application/zip');
  const files = readZip(Buffer.from(await zipped.arrayBuffer()));
  assert.ok(files.has('export.json'));
  for (const table of Object.keys(exported.body.tables)) assert.ok(files.has(`csv/${table}.csv`), `csv/${table}.csv`);
  const usersCsv = files.get('csv/users.csv')!.toString('utf8');
  assert.ok(usersCsv.includes(`"'=HYPERLINK(""http://evil.test"",""Anna"")"`), 'the formula is neutralised in CSV');
  assert.not.match(usersCsv, /(^|,)"=/m, 'no cell starts with =');
  const other = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}/export?statusToken=${'x'.repeat(43)}`);
  assert.is(other.status, 404);
  assert.is((await server.knex('users').where({ id: userId }).first()).email, email, 'access changes nothing');
});

dsr('triage: need_info waits; refuse needs a reason; merge needs another request; hostile bodies are refused', async () => {
  const { requestId } = await submitAndVerify('tom.triage@example.test', ['objection'], 'other');
  const noReason = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'refuse' });
  assert.is(noReason.status, 400);
  const unknownDecision = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'delete_all' });
  assert.is(unknownDecision.status, 400);
  const self = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'merge', mergeInto: requestId });
  assert.is(self.status, 400);
  const longNote = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed', note: 'x'.repeat(2001) });
  assert.is(longNote.status, 400);
  const info = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'need_info' });
  assert.is(info.status, 200);
  await waitForStatus(requestId, 'awaiting_info');
  await server.workflows.dsr.infoProvided(requestId);
  await waitForStatus(requestId, 'triage');
  const refused = await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'refuse', reason: 'manifestly_unfounded', note: '<script>x</script>' });
  assert.is(refused.status, 200);
  await waitForStatus(requestId, 'closed');
  const row = await server.knex('dsr_requests').where({ id: requestId }).first('outcome', 'refusalReason');
  assert.equal(row, { outcome: 'refused', refusalReason: 'manifestly_unfounded' });
});

async function startDirect(timing: DsrTiming, receivedAt: Date, dueAt: Date): Promise<string> {
  const id = randomUUID();
  await createDsrRepository(server.knex).create({
    id, rights: ['access'], relationship: 'other', locale: 'da', name: 'Tina Timer', email: `${id}@example.test`, emailKey: id,
    description: '', receivedAt, dueAt, statusTokenHash: tokenHash(randomUUID()),
  });
  await server.workflows.dsr.start({ requestId: id, receivedAt: receivedAt.toISOString(), dueAt: dueAt.toISOString(), timing });
  return id;
}

dsr('unverified: the verification window closes the request', async () => {
  const id = await startDirect({ verificationWindowMs: 1500, reminderLeadsMs: [] }, new Date(), new Date(Date.now() + 86_400_000));
  await waitForStatus(id, 'closed');
  assert.is((await statusOf(id)).outcome, 'unverified');
});

dsr('deadline: a reminder before and an overdue alert after, from the workflow\'s timers', async () => {
  const id = await startDirect({ verificationWindowMs: 60_000, reminderLeadsMs: [2500] }, new Date(), new Date(Date.now() + 3500));
  const kinds = await eventually(async () => {
    const events = (await server.knex('dsr_events').where({ requestId: id }).orderBy('createdAt')).map((e) => e.kind as string);
    return events.includes('deadline_overdue') ? events : undefined;
  }, 20_000, 'overdue alert');
  assert.ok(kinds.indexOf('deadline_reminder') >= 0 && kinds.indexOf('deadline_reminder') < kinds.indexOf('deadline_overdue'), kinds.join());
  const queue = await pia.request('GET', '/api/v1/dsr?open=true');
  assert.is(queue.body.items.find((i: { id: string }) => i.id === id).overdue, true);
});

dsr('extension: once, by two months from receipt, and not after the first month', async () => {
  const receivedAt = new Date();
  const id = await startDirect({ verificationWindowMs: 60_000, reminderLeadsMs: [] }, receivedAt, new Date(Date.now() + 86_400_000));
  const extended = await pia.request('POST', `/api/v1/dsr/${id}/extend`, { reason: 'complexity', note: 'many systems' });
  assert.is(extended.status, 200, JSON.stringify(extended.body));
  assert.is(extended.body.dueAt, extendedDeadline(receivedAt).dueAt.toISOString());
  await eventually(async () => (await server.knex('dsr_requests').where({ id }).first('extended')).extended === true, 10_000, 'projection');
  const twice = await pia.request('POST', `/api/v1/dsr/${id}/extend`, { reason: 'complexity' });
  assert.is(twice.status, 409);
  const badReason = await pia.request('POST', `/api/v1/dsr/${id}/extend`, { reason: 'lazy' });
  assert.is(badReason.status, 400);

  const old = new Date(Date.now() - 40 * 86_400_000);
  const late = await startDirect({ verificationWindowMs: 60_000, reminderLeadsMs: [] }, old, new Date(Date.now() - 5 * 86_400_000));
  const tooLate = await pia.request('POST', `/api/v1/dsr/${late}/extend`, { reason: 'complexity' });
  assert.is(tooLate.status, 409);
  assert.match(tooLate.body.error.message, /first month/);
});

dsr('staff enter a letter received earlier: backdated with evidence, identity checked by staff, deadline from the real receipt', async () => {
  const receivedAt = new Date(Date.now() - 40 * 86_400_000);
  const body = {
    rights: ['access'], name: 'Lars Letter', email: 'lars.letter@example.test', relationship: 'other', description: 'by post',
    receivedAt: receivedAt.toISOString(), identityVerifiedBy: 'identity_document',
  };
  const noEvidence = await pia.request('POST', '/api/v1/dsr', body);
  assert.is(noEvidence.status, 400);
  assert.is(noEvidence.body.error.fields[0].path, 'evidence');
  const future = await pia.request('POST', '/api/v1/dsr', { ...body, receivedAt: new Date(Date.now() + 86_400_000).toISOString(), evidence: 'x' });
  assert.is(future.status, 400);
  assert.is((await handler.request('POST', '/api/v1/dsr', { ...body, evidence: 'letter' })).status, 403);
  assert.is((await pia.request('POST', '/api/v1/dsr', { ...body, evidence: 'letter', identityVerifiedBy: 'vibes' })).status, 400);

  const entered = await pia.request('POST', '/api/v1/dsr', { ...body, evidence: 'scanned letter dated 40 days ago, ref. 17' });
  assert.is(entered.status, 201, JSON.stringify(entered.body));
  const { requestId, statusToken } = entered.body;
  await waitForStatus(requestId, 'triage');
  const listed = (await pia.request('GET', '/api/v1/dsr?open=true')).body.items.find((i: { id: string }) => i.id === requestId);
  assert.is(listed.dueAt, responseDeadline(receivedAt).dueAt.toISOString());
  assert.is(listed.overdue, true, 'received 40 days ago: already overdue');
  assert.ok(listed.verifiedAt);
  const page = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(page.body.status, 'in_progress');
  const extend = await pia.request('POST', `/api/v1/dsr/${requestId}/extend`, { reason: 'complexity' });
  assert.is(extend.status, 409, 'too late to extend a request received 40 days ago');
});

dsr.run();
