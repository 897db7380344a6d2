// Retention that deletes (docs/retention.md), on the real Temporal dev server,
// worker and Postgres, over HTTP: retention classes and their bounds; the sweep
// (due rows go, held rows and rows not yet due stay, a dry run removes nothing,
// two sweeps at once, a failure after a committed batch, a hold placed between
// batches, certificates that match what went); the Schedule; and a case at the
// end of its § 30 clock — notice, approval awaited and escalated, who may
// approve, a hold that wins, storage failing while files go, the tombstone, and
// the erasure scan finding nothing of the case afterwards.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { createRetentionRepository, hashBatches, hashKeys } from '../db/repositories/retention.ts';
import { createDocumentStorage } from '../providers/storage/index.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';
import { RETENTION_SWEEP_SCHEDULE_ID } from '../domain/retention/workflow.ts';
import { manualSweepWorkflowId } from '../temporal/client/retention.ts';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { dataConverter } from '../temporal/data-converter.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually } from './harness/timeout.ts';
import { caseWhen, driveToReview } from './harness/kyc-case.ts';
import { PDF, session, upload } from './harness/documents.ts';
import { scanFiles, scanPostgres, scanTemporal } from './harness/erasure-scan.ts';
import { join } from 'node:path';
import { createKnex } from '../db/knex.ts';

const retention = suite('retention');
let server: RunningApi;
let worker: RunningWorker;
let admin: ApiClient;
let handler: ApiClient;
let compliance: ApiClient;
let platform: ApiClient;
/** Storage deletes that fail on purpose (the first `failDeletes` of them). */
let failDeletes = 0;
let failedDeletes = 0;
/** Called after each committed sweep batch; tests set it. */
let afterBatch: ((key: string) => Promise<void>) | null = null;

const DEMO = DEMO_ORGS[0].id;
const NORDISK = DEMO_ORGS[1].id;
const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const DAY = 86_400_000;

retention.before(async () => {
  await resetDatabase();
  server = await startApi();
  const real = createDocumentStorage(testConfig());
  const flaky: DocumentStorage = {
    describe: `${real.describe} (failing on purpose)`, put: (k, d) => real.put(k, d), get: (k) => real.get(k),
    async delete(key) {
      if (failedDeletes < failDeletes) {
        failedDeletes += 1;
        throw Object.assign(new Error('storage is down'), { code: 'EIO' });
      }
      return real.delete(key);
    },
  };
  worker = await startWorker({
    mailSink: server.mailSink, documentStorage: flaky,
    afterCommit: async (activity, key) => { if (activity === 'sweepRetentionClass') await afterBatch?.(key); },
  });
  admin = await login(server.baseUrl, 'admin@demo.test');
  handler = await login(server.baseUrl, 'handler@demo.test');
  compliance = await login(server.baseUrl, 'compliance@demo.test');
  platform = await login(server.baseUrl, 'privacy@clientnote.test');
});
retention.after(async () => {
  await worker?.close();
  await server?.close();
});

retention('classes: periods within bounds are kept, outside them refused with the reason; fixed classes and other roles refused', async () => {
  try {
    await classesAndBounds();
  } finally {
    await server.knex('retention_settings').delete();
  }
});

async function classesAndBounds() {
  const list = await admin.request('GET', '/api/v1/retention/classes');
  assert.is(list.status, 200);
  const mail = list.body.items.find((c: any) => c.class === 'mail_log');
  assert.equal([mail.period, mail.bounds, mail.source], [{ value: 12, unit: 'months' }, { min: { value: 1, unit: 'months' }, max: { value: 24, unit: 'months' } }, 'default']);
  const caseData = list.body.items.find((c: any) => c.class === 'case_data');
  assert.equal([caseData.fixed, caseData.period, caseData.approval], [true, { value: 5, unit: 'years' }, 'org_admin']);
  assert.match(caseData.law, /§ 30/);

  for (const bad of [{ value: 48, unit: 'months' }, { value: 0, unit: 'months' }, { value: -3, unit: 'days' }, { value: 10 ** 9, unit: 'years' }, { value: 2.5, unit: 'months' }]) {
    const res = await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: bad });
    assert.is(res.status, 400, JSON.stringify(bad));
    assert.match(res.body.error.fields[0].path, /^period/);
  }
  const outside = await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 25, unit: 'months' } });
  assert.match(outside.body.error.fields[0].message, /between 1 months and 24 months/);
  assert.equal(outside.body.error.details.bounds, { min: { value: 1, unit: 'months' }, max: { value: 24, unit: 'months' } });
  assert.is((await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 3, unit: 'weeks' } })).status, 400);
  assert.is((await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 3, unit: 'months' }, extra: 1 })).status, 400);
  const fixed = await admin.request('PUT', '/api/v1/retention/classes/case_data', { period: { value: 10, unit: 'years' } });
  assert.equal([fixed.status, fixed.body.error.details.reason], [409, 'fixed_period']);
  assert.is((await admin.request('PUT', '/api/v1/retention/classes/dsr_export', { period: { value: 30, unit: 'days' } })).status, 409);
  assert.is((await admin.request('PUT', '/api/v1/retention/classes/no_such_class', { period: { value: 3, unit: 'months' } })).status, 404);
  assert.is((await handler.request('GET', '/api/v1/retention/classes')).status, 403);
  assert.is((await handler.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 3, unit: 'months' } })).status, 403);
  assert.is((await compliance.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 3, unit: 'months' } })).status, 403);
  assert.is((await compliance.request('GET', '/api/v1/retention/classes')).status, 200);

  const set = await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 6, unit: 'months' } });
  assert.equal([set.status, set.body.period, set.body.source], [200, { value: 6, unit: 'months' }, 'organisation']);
  // The other organisation and the platform keep their own values.
  const nordisk = await login(server.baseUrl, 'admin@nordisk.test');
  assert.equal((await nordisk.request('GET', '/api/v1/retention/classes')).body.items.find((c: any) => c.class === 'mail_log').period, { value: 12, unit: 'months' });
  const plat = await platform.request('PUT', '/api/v1/retention/classes/session', { period: { value: 14, unit: 'days' } });
  assert.equal([plat.status, plat.body.source], [200, 'platform']);
  assert.equal((await admin.request('GET', '/api/v1/retention/classes')).body.items.find((c: any) => c.class === 'session').period, { value: 14, unit: 'days' });
  const audited = await server.knex('audit_events').where({ action: 'retention.period_set', orgId: DEMO }).first();
  assert.equal([audited.targetId, audited.details], ['mail_log', { value: 6, unit: 'months' }]);
}

/** Rows of every swept class, some due and some not, with their keys. */
async function seedSweepRows() {
  const k = server.knex;
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const henrik = user('handler@demo.test').id;
  const helle = user('handler2@demo.test').id;
  const session = async (userId: string, expiredDaysAgo: number) => (await k('sessions').insert({
    userId, tokenHash: randomBytes(32), csrfToken: 'x', expiresAt: ago(expiredDaysAgo), createdAt: ago(expiredDaysAgo + 1), lastSeenAt: ago(expiredDaysAgo + 1),
  }).returning('id'))[0].id as string;
  const mail = async (orgId: string | null, daysAgo: number) => (await k('mail_log').insert({
    orgId, recipientUserId: null, template: 'invitation', templateVersion: 1, locale: 'da', businessKey: randomUUID(), status: 'sent', createdAt: ago(daysAgo), sentAt: ago(daysAgo),
  }).returning('id'))[0].id as string;
  const dsr = async (closedDaysAgo: number | null, emailKey = randomBytes(8).toString('hex')) => (await k('dsr_requests').insert({
    rights: ['access'], relationship: 'other', status: closedDaysAgo === null ? 'triage' : 'closed', requesterName: 'Ane Andersen', requesterEmail: 'ane@example.dk', emailKey,
    receivedAt: ago(2000), dueAt: ago(1970), statusTokenHash: randomBytes(32), closedAt: closedDaysAgo === null ? null : ago(closedDaysAgo),
  }).returning('id'))[0].id as string;
  const due = {
    session: [await session(henrik, 40), await session(helle, 31)],
    mail_log: [await mail(DEMO, 400), await mail(null, 380)],
    dsr_record: [await dsr(3 * 366)],
    dsr_export: [] as string[],
    user_account: [] as string[],
  };
  const kept = {
    session: [await session(henrik, 5)],
    mail_log: [await mail(DEMO, 200), await mail(NORDISK, 30)],
    dsr_record: [await dsr(100), await dsr(null)],
    user_account: [] as string[],
  };
  // An export served 8 days ago goes; one served yesterday stays.
  const exported = await dsr(null);
  await k('dsr_exports').insert({ requestId: exported, content: JSON.stringify({ name: 'Ane Andersen' }), expiresAt: ago(1), createdAt: ago(8) });
  due.dsr_export.push(exported);
  const fresh = await dsr(null);
  await k('dsr_exports').insert({ requestId: fresh, content: JSON.stringify({ name: 'Ane Andersen' }), expiresAt: ago(-6), createdAt: ago(1) });
  // A closed record whose restriction is still in effect stays: the flag must outlive it.
  const restricted = await dsr(4 * 366);
  await k('dsr_processing_flags').insert({ requestId: restricted, subjectKey: 'k', kind: 'restriction' });
  kept.dsr_record.push(restricted);
  // A closed account: closed 13 months ago it goes (anonymised), closed last month it stays.
  const closedUser = async (daysAgo: number) => {
    const [row] = await k('users').insert({ orgId: DEMO, email: `closed-${randomUUID()}@demo.test`, name: 'Lukket Konto', active: false, deactivatedAt: ago(daysAgo) }).returning('id');
    await k('user_roles').insert({ userId: row.id, role: 'handler' });
    return row.id as string;
  };
  due.user_account.push(await closedUser(400));
  kept.user_account.push(await closedUser(20));
  return { due, kept };
}

async function startSweep(options: { dryRun?: boolean; batchSize?: number } = {}) {
  const sweepId = randomUUID();
  const { workflowId } = await server.workflows.retention.startSweep({ sweepId, ...options });
  return { sweepId, result: await server.workflows.retention.sweepResult(workflowId) };
}

const exists = async (table: string, key: string, id: string) => (await server.knex(table).where(key, id).first()) !== undefined;

retention('a dry run removes nothing and certifies what would go; the sweep then removes exactly that, and certifies it', async () => {
  const { due, kept } = await seedSweepRows();
  // The forecast counts what is due now and what comes due soon (the session that expired 5 days ago, in 25 days).
  const forecast = await platform.request('GET', '/api/v1/retention/forecast?days=30');
  assert.is(forecast.status, 200);
  const sessions = forecast.body.items.find((i: any) => i.class === 'session');
  assert.ok(sessions.dueNow >= 2 && sessions.dueWithin >= 1, JSON.stringify(sessions));
  assert.is((await admin.request('GET', '/api/v1/retention/forecast')).status, 403);
  assert.is((await platform.request('GET', '/api/v1/retention/forecast?days=-1')).status, 400);
  assert.is((await platform.request('GET', '/api/v1/retention/forecast?days=100000')).status, 400);
  const dry = await startSweep({ dryRun: true });
  assert.is(dry.result.status, 'completed');
  const dryCerts = await server.knex('retention_certificates').where({ sweepId: dry.sweepId });
  const dryCount = (cls: string) => dryCerts.find((c) => c.class === cls)!.count;
  assert.ok(dryCerts.every((c) => c.dryRun));
  assert.ok(dryCount('session') >= 2 && dryCount('mail_log') >= 2 && dryCount('dsr_record') >= 1 && dryCount('dsr_export') >= 1 && dryCount('user_account') >= 1);
  for (const id of due.session) assert.ok(await exists('sessions', 'id', id), 'a dry run deletes nothing');

  const real = await startSweep();
  assert.is(real.result.status, 'completed');
  for (const id of due.session) assert.not.ok(await exists('sessions', 'id', id), 'due session gone');
  for (const id of due.mail_log) assert.not.ok(await exists('mail_log', 'id', id), 'due mail gone');
  for (const id of due.dsr_record) assert.not.ok(await exists('dsr_requests', 'id', id), 'due DSR record gone');
  for (const id of due.dsr_export) assert.not.ok(await exists('dsr_exports', 'request_id', id), 'served export gone');
  for (const id of due.dsr_export) assert.ok(await exists('dsr_requests', 'id', id), 'an open request stays when its export goes');
  for (const id of kept.session) assert.ok(await exists('sessions', 'id', id));
  for (const id of kept.mail_log) assert.ok(await exists('mail_log', 'id', id));
  for (const id of kept.dsr_record) assert.ok(await exists('dsr_requests', 'id', id));
  const anonymised = await server.knex('users').where({ id: due.user_account[0] }).first();
  assert.equal([anonymised.name, anonymised.email.startsWith('erased-'), anonymised.erasedAt !== null], ['Erased user', true, true]);
  assert.is((await server.knex('user_roles').where({ userId: due.user_account[0] })).length, 0);
  assert.is((await server.knex('users').where({ id: kept.user_account[0] }).first()).name, 'Lukket Konto');

  // The certificates hold the counts and a hash over the batches' key hashes; the same keys as the dry run found.
  const certs = await server.knex('retention_certificates').where({ sweepId: real.sweepId });
  assert.equal(certs.map((c) => c.class).sort(), ['dsr_export', 'dsr_record', 'mail_log', 'session', 'user_account']);
  for (const cert of certs) {
    const batches = await server.knex('retention_sweep_batches').where({ sweepId: real.sweepId, class: cert.class }).orderBy('batchNo');
    assert.is(cert.count, batches.reduce((n, b) => n + b.count, 0));
    assert.is(cert.keysHash, hashBatches(batches.map((b) => b.keysHash)));
    assert.is(cert.count, dryCount(cert.class), `${cert.class}: the sweep removed what the dry run found`);
  }
  const sessionBatch = await server.knex('retention_sweep_batches').where({ sweepId: real.sweepId, class: 'session' }).first();
  assert.is(sessionBatch.keysHash, hashKeys(due.session), 'the hash is over exactly the removed keys');
  // Nothing is due afterwards: a second sweep removes nothing.
  const again = await startSweep();
  assert.ok((await server.knex('retention_certificates').where({ sweepId: again.sweepId })).every((c) => c.count === 0));

  // Over HTTP: the platform admin sees the sweeps and downloads a certificate; others may not.
  const sweeps = await platform.request('GET', '/api/v1/retention/sweeps');
  assert.is(sweeps.status, 200);
  const listed = sweeps.body.items.find((s: any) => s.id === real.sweepId);
  assert.equal([listed.status, listed.dryRun, listed.progress.session], ['completed', false, 2]);
  const certId = listed.certificates.find((c: any) => c.class === 'session').id;
  const download = await platform.request('GET', `/api/v1/retention/certificates/${certId}?download=1`);
  assert.equal([download.status, download.body.count, download.body.keysHash], [200, 2, hashBatches([hashKeys(due.session)])]);
  assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="sletningsbevis-/);
  assert.is((await admin.request('GET', `/api/v1/retention/certificates/${certId}`)).status, 404, 'an organisation does not see the platform\'s certificates');
  assert.is((await admin.request('GET', '/api/v1/retention/sweeps')).status, 403);
  assert.is((await admin.request('POST', '/api/v1/retention/sweeps', { dryRun: true })).status, 403);
  assert.is((await platform.request('POST', '/api/v1/retention/sweeps', { dryRun: 'yes' })).status, 400);
  assert.is((await platform.request('GET', '/api/v1/retention/certificates/not-a-uuid')).status, 400);
});

retention('an organisation\'s own shorter period applies to its rows only', async () => {
  const k = server.knex;
  const mail = async (orgId: string, daysAgo: number) => (await k('mail_log').insert({
    orgId, template: 'invitation', templateVersion: 1, locale: 'da', businessKey: randomUUID(), status: 'sent', createdAt: new Date(Date.now() - daysAgo * DAY),
  }).returning('id'))[0].id as string;
  const demoOld = await mail(DEMO, 70);
  const nordiskOld = await mail(NORDISK, 70);
  assert.is((await admin.request('PUT', '/api/v1/retention/classes/mail_log', { period: { value: 2, unit: 'months' } })).status, 200);
  try {
    await startSweep();
    assert.not.ok(await exists('mail_log', 'id', demoOld), 'Demo\'s two months are up');
    assert.ok(await exists('mail_log', 'id', nordiskOld), 'Nordisk keeps the default twelve months');
  } finally {
    await k('retention_settings').delete();
  }
});

retention('two sweeps at once: one runs, the other is skipped; the API answers 409 while one runs', async () => {
  const k = server.knex;
  for (let i = 0; i < 30; i += 1) {
    await k('mail_log').insert({ orgId: DEMO, template: 'invitation', templateVersion: 1, locale: 'da', businessKey: randomUUID(), status: 'sent', createdAt: new Date(Date.now() - 400 * DAY) });
  }
  let release!: () => void;
  const paused = new Promise<void>((r) => { release = r; });
  let reached!: () => void;
  const inBatch = new Promise<void>((r) => { reached = r; });
  afterBatch = async () => { reached(); await paused; };
  try {
    const first = randomUUID();
    const { workflowId } = await server.workflows.retention.startSweep({ sweepId: first, batchSize: 10 });
    await inBatch;
    const busy = await platform.request('POST', '/api/v1/retention/sweeps', { dryRun: false });
    assert.equal([busy.status, busy.body.error.details.reason], [409, 'sweep_running']);
    const second = await startSweep();
    assert.is(second.result.status, 'skipped');
    assert.is((await k('retention_sweeps').where({ id: second.sweepId }).first()).status, 'skipped');
    afterBatch = null;
    release();
    assert.is((await server.workflows.retention.sweepResult(workflowId)).status, 'completed');
  } finally {
    afterBatch = null;
    release();
  }
  // Started over HTTP now that none runs.
  const started = await platform.request('POST', '/api/v1/retention/sweeps', { dryRun: true });
  assert.is(started.status, 202);
  await server.workflows.retention.sweepResult(manualSweepWorkflowId(started.body.id));
  assert.equal((await k('audit_events').where({ action: 'retention.sweep_started', targetId: started.body.id })).map((e) => [e.targetType, e.details.dryRun]), [['retention_sweep', true]]);
});

retention('a failure after a committed batch: the retry goes on, nothing is deleted or counted twice', async () => {
  const k = server.knex;
  const ids: string[] = [];
  for (let i = 0; i < 35; i += 1) {
    ids.push((await k('mail_log').insert({ orgId: NORDISK, template: 'invitation', templateVersion: 1, locale: 'da', businessKey: randomUUID(), status: 'sent', createdAt: new Date(Date.now() - (500 + i) * DAY) }).returning('id'))[0].id);
  }
  let crashed = 0;
  afterBatch = async (key) => {
    if (key.endsWith(':mail_log:2') && crashed === 0) {
      crashed += 1;
      throw new Error('the worker died after the second batch committed');
    }
  };
  try {
    const sweep = await startSweep({ batchSize: 10 });
    assert.is(sweep.result.status, 'completed');
    assert.is(crashed, 1);
    const batches = await k('retention_sweep_batches').where({ sweepId: sweep.sweepId, class: 'mail_log' }).orderBy('batchNo');
    assert.equal(batches.map((b) => b.batchNo), [1, 2, 3, 4], 'batch numbers go on after the retry');
    assert.is(batches.reduce((n, b) => n + b.count, 0), 35);
    assert.is((await k('retention_certificates').where({ sweepId: sweep.sweepId, class: 'mail_log' }).first()).count, 35);
    assert.is((await k('mail_log').whereIn('id', ids)).length, 0);
  } finally {
    afterBatch = null;
  }
});

retention('a hold placed while the sweep runs keeps what it covers from the next batch on', async () => {
  const k = server.knex;
  const henrik = user('handler@demo.test').id;
  const helle = user('handler2@demo.test').id;
  const sessionOf = async (userId: string, expiredDaysAgo: number) => (await k('sessions').insert({
    userId, tokenHash: randomBytes(32), csrfToken: 'x', expiresAt: new Date(Date.now() - expiredDaysAgo * DAY),
  }).returning('id'))[0].id as string;
  // Henrik's sessions are the oldest (first batch); Helle's come in later batches.
  const henriks = [];
  for (let i = 0; i < 5; i += 1) henriks.push(await sessionOf(henrik, 300 + i));
  const helles = [];
  for (let i = 0; i < 12; i += 1) helles.push(await sessionOf(helle, 100 + i));
  let holdId: string | null = null;
  afterBatch = async (key) => {
    if (key.endsWith(':session:1') && !holdId) {
      const hold = await compliance.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: helle }, basis: 'litigation', reviewOn: '2031-01-01' });
      assert.is(hold.status, 201);
      holdId = hold.body.id;
    }
  };
  try {
    const sweep = await startSweep({ batchSize: 5 });
    assert.is(sweep.result.status, 'completed');
    assert.ok(holdId, 'the hold was placed after the first batch');
    assert.is((await k('sessions').whereIn('id', henriks)).length, 0, 'the first batch went');
    assert.is((await k('sessions').whereIn('id', helles)).length, 12, 'the held user\'s sessions stay');
  } finally {
    afterBatch = null;
    if (holdId) await compliance.request('POST', `/api/v1/holds/${holdId}/release`);
  }
});

retention('the daily Schedule: Copenhagen time, overlap skip, a short catch-up window; creating it again updates it', async () => {
  await server.workflows.retention.ensureSchedule();
  await server.workflows.retention.ensureSchedule();
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    const handle = client.schedule.getHandle(RETENTION_SWEEP_SCHEDULE_ID);
    const described = await handle.describe();
    assert.is(described.spec.timezone, 'Europe/Copenhagen');
    assert.is(described.policies.overlap, ScheduleOverlapPolicy.SKIP);
    assert.ok(described.policies.catchupWindow <= 3_600_000);
    assert.is(described.action.type, 'startWorkflow');
    assert.is((described.action as { workflowType: string }).workflowType, 'retentionSweep');
    const next = described.info.nextActionTimes[0]!;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(next);
    assert.is(local, '03:15');
    await handle.delete();
  } finally {
    await connection.close();
  }
});

retention('a case at the end of its clock: notice, approval awaited and escalated, a hold wins, an org admin approves, storage fails and recovers, only the tombstone is left', async () => {
  const settings = createCaseDataRepository(server.knex);
  await settings.saveSettings(DEMO, { retentionSeconds: 3, purgeNoticeSeconds: 1, purgeEscalationSeconds: 2, holdRecheckSeconds: 1 });
  const canary = `Kanarie${randomBytes(4).toString('hex')}`;
  try {
    const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
    assert.is(created.status, 201);
    const id = created.body.id as string;
    // Things only this case holds: a note, a document with its file, a hand-added person.
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/notes`, { text: `Samtale med ${canary} om ejerforhold`, usableForDrafting: true })).status, 201);
    const party = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', roles: ['representative'], name: `${canary} Hansen`, birthDate: '1971-03-04', country: 'DK' });
    assert.is(party.status, 201, JSON.stringify(party.body));
    const doc = await upload(server.baseUrl, `/api/v1/cases/${id}/documents`, { bytes: Buffer.concat([PDF, Buffer.from(canary)]), name: `${canary}.pdf`, type: 'application/pdf' }, { session: await session(server.baseUrl, 'handler@demo.test') });
    assert.is(doc.status, 201, JSON.stringify(doc.body));
    const storageKeys = (await server.knex('case_documents').where({ caseId: id }).pluck('storage_key')) as string[];
    const version = await driveToReview(handler, id);
    const reviewer = await login(server.baseUrl, 'reviewer@demo.test');
    assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version })).status, 200);
    await caseWhen(handler, id, (x) => x.status === 'monitoring', 'monitoring');
    const since = new Date();
    server.mailSink.clear();
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: '2026-11-30' })).status, 200);

    // The notice went to the admins; then the case waits for an approval, and the admins are reminded.
    await eventually(async () => server.mailSink.messages().some((m) => m.subject.startsWith('Varsel: en sags oplysninger slettes')), 20_000, 'the purge notice');
    const waiting = async () => (await admin.request('GET', '/api/v1/retention/cases')).body.items.find((c: any) => c.caseId === id);
    await eventually(async () => (await waiting())?.purgeStatus === 'awaiting_approval', 20_000, 'awaiting approval');
    const escalatedTo = (email: string) => server.mailSink.messages().some((m) => m.subject.startsWith('Eskalering: sletning af en sag afventer godkendelse') && m.to.includes(email));
    await eventually(async () => escalatedTo('admin@demo.test') && escalatedTo('compliance@demo.test'), 20_000, 'the escalation to the admins and compliance officers');
    const notices = server.mailSink.messages().filter((m) => m.subject.startsWith('Varsel'));
    assert.equal(notices.flatMap((m) => m.to), ['admin@demo.test'], 'the notice goes to the organisation\'s admins');

    // Who may approve: not a handler or compliance officer, not another organisation's admin.
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/purge-approval`)).status, 403);
    assert.is((await compliance.request('POST', `/api/v1/cases/${id}/purge-approval`)).status, 403);
    const nordisk = await login(server.baseUrl, 'admin@nordisk.test');
    assert.is((await nordisk.request('POST', `/api/v1/cases/${id}/purge-approval`)).status, 404);
    assert.is((await admin.request('POST', `/api/v1/cases/${randomUUID()}/purge-approval`)).status, 404);
    assert.is((await admin.request('POST', '/api/v1/cases/not-a-case/purge-approval')).status, 400);

    // A hold placed while the purge waits wins: the approval finds the case held, nothing goes.
    const hold = await compliance.request('POST', '/api/v1/holds', { scope: { kind: 'case', caseId: id }, basis: 'authority_request', reviewOn: '2031-01-01' });
    assert.is(hold.status, 201);
    assert.is((await admin.request('POST', `/api/v1/cases/${id}/purge-approval`)).status, 202);
    await eventually(async () => (await waiting())?.purgeStatus === 'held', 20_000, 'held by the hold');
    assert.equal((await waiting()).holds.map((h: any) => h.id), [hold.body.id]);
    assert.ok(await exists('case_notes', 'case_id', id), 'nothing went while held');
    // Once released, it waits for a fresh approval: the earlier one was given before the hold.
    failDeletes = 2;
    assert.is((await compliance.request('POST', `/api/v1/holds/${hold.body.id}/release`)).status, 200);
    await eventually(async () => (await waiting())?.purgeStatus === 'awaiting_approval', 20_000, 'awaiting approval again');
    const approved = await admin.request('POST', `/api/v1/cases/${id}/purge-approval`);
    assert.is(approved.status, 202, JSON.stringify(approved.body));
    assert.is((await admin.request('POST', `/api/v1/cases/${id}/purge-approval`)).status, 409, 'approved once');
    await eventually(async () => (await waiting())?.purgeStatus === 'purged', 30_000, 'purged');

    // Storage failed twice while the files went: retried, and no key is left listed and unremoved.
    // The rows went first (purged above); the files follow, retried until storage answers.
    await eventually(async () => (await createRetentionRepository(server.knex).pendingFileDeletions(id)).length === 0, 30_000, 'every listed file removed');
    assert.is(failedDeletes, 2);
    const listed = (await server.knex('retention_file_deletions').where({ caseId: id }).pluck('storage_key')) as string[];
    for (const key of storageKeys) assert.ok(listed.includes(key), 'the uploaded document was listed for removal');
    const storage = createDocumentStorage(testConfig());
    for (const key of listed) assert.is(await storage.get(key), null, `${key} is gone from storage`);

    // The tombstone: id, type, dates, status; the certificate says what went.
    const tomb = await server.knex('cases').where({ id }).first();
    assert.equal([tomb.clientName, tomb.clientCvr, tomb.clientFacts, tomb.purgeStatus, tomb.purgedAt !== null], [null, null, null, 'purged', true]);
    const row = await waiting();
    const cert = await admin.request('GET', `/api/v1/retention/certificates/${row.certificateId}`);
    assert.is(cert.status, 200);
    assert.is(cert.body.class, 'case_data');
    assert.ok(cert.body.counts.case_parties >= 2 && cert.body.counts.case_notes === 1 && cert.body.counts.case_documents >= 1, JSON.stringify(cert.body.counts));
    assert.is((await nordisk.request('GET', `/api/v1/retention/certificates/${row.certificateId}`)).status, 404);
    const purgedEvent = await server.knex('audit_events').where({ action: 'case.purged', targetId: id }).first();
    assert.equal([purgedEvent.actorUserId, purgedEvent.details.certificateId], [user('admin@demo.test').id, row.certificateId]);

    // The erasure scan: nothing of the case anywhere — Postgres, document storage, Temporal histories.
    const config = testConfig();
    const owner = createKnex(config.database.ownerUrl, { poolMax: 1 });
    const inPostgres = await scanPostgres(owner, [canary]).finally(() => owner.destroy());
    assert.equal(inPostgres, [], JSON.stringify(inPostgres).slice(0, 500));
    assert.equal(scanFiles([join(config.dataDir, 'documents')], [canary]), []);
    assert.equal((await scanTemporal(config, since, [canary])).findings, []);
    const caseTables = ['case_parties', 'case_hits', 'case_sections', 'case_section_versions', 'case_notes', 'case_documents', 'case_events', 'case_approvals', 'case_relationships'];
    for (const table of caseTables) assert.is((await server.knex(table).where({ caseId: id })).length, 0, table);
  } finally {
    failDeletes = 0;
    await settings.saveSettings(DEMO, { retentionSeconds: null, purgeNoticeSeconds: null, purgeEscalationSeconds: null, holdRecheckSeconds: null });
  }
});

retention.run();
