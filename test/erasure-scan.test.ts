// The erasure scan (issue 6): a person who is a platform user in one customer
// organisation and a party in two organisations' cases asks for erasure in the
// privacy centre. Staff take it through verification, triage, the four-eyes plan
// and execution; both organisations decide their routed parts. Then the person's
// name and address are searched for everywhere: every Postgres table, document
// storage, the Temporal server's store and every workflow history (decoded), the
// API's and the worker's logs, and the development mail sink. Only what a hold or
// a legal basis keeps may still hold them: the request's own record (retained as
// its answer), the party in the case whose relationship is ongoing (hvidvaskloven
// § 30), and the response mailed after the erasure. Real API, worker, Temporal
// server, Postgres and SMTP sink.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers, DEMO_ORG_ID } from './harness/dsr.ts';
import { PDF, session, upload } from './harness/documents.ts';
import { eventually } from './harness/timeout.ts';
import { capturedLogger, scanFiles, scanMailSink, scanPostgres, scanTemporal, type Finding } from './harness/erasure-scan.ts';
import { DEMO_ORGS } from '../db/seeds/demo.ts';
import { createKnex } from '../db/knex.ts';

const scan = suite('erasure scan');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
const h = dsrHelpers(() => server);
const apiLog = capturedLogger('scan-web');
const workerLog = capturedLogger('scan-worker');
const startedAt = new Date();

const NAME = 'Ulrikke Scanlund';
const EMAIL = 'ulrikke.scanlund@example.test';
/** What must be gone: the full name, the rarer surname on its own, the address and its local part. */
const NEEDLES = [NAME, 'Scanlund', EMAIL, 'ulrikke.scanlund'];
const NORDISK_ID = DEMO_ORGS[1].id;

scan.before(async () => {
  await resetDatabase();
  server = await startApi({ logger: apiLog.logger });
  worker = await startWorker({ mailSink: server.mailSink, logger: workerLog.logger });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
});
scan.after(async () => {
  await worker?.close();
  await server?.close();
});

const ok = (res: { status: number; body: unknown }, status: number, what: string) => assert.is(res.status, status, `${what}: ${JSON.stringify(res.body)}`);

/** A case of `orgId` naming the person as director, in its registry facts, a drafted section and a note. */
async function caseNaming(orgId: string, relationshipEndedOn: string | null, retentionUntil: string | null) {
  const caseId = randomUUID();
  await server.knex('cases').insert({
    id: caseId, orgId, type: 'onboarding', status: relationshipEndedOn ? 'ended' : 'monitoring', clientKind: 'company', clientName: 'Fjordlinjen ApS',
    clientFacts: { name: 'Fjordlinjen ApS', directors: [{ name: NAME, role: 'direktør' }] }, relationshipEndedOn, retentionUntil,
  });
  const [party] = await server.knex('case_parties').insert({ orgId, caseId, registryId: `client:${randomUUID()}`, kind: 'person', name: NAME, birthDate: '1971-04-09', country: 'DK', roles: ['director'] }).returning('id');
  await server.knex('case_sections').insert({ orgId, caseId, key: 'client_description', text: `Direktør ${NAME} er eneste reelle ejer.`, accepted: true });
  return { caseId, partyId: party.id as string };
}

scan('after an erasure the person is found nowhere but where a hold or a legal basis keeps them', async () => {
  // 1. A platform user of the Demo organisation: invited (mail), accepted, logged in, one wrong password (throttle).
  const demoAdmin = await login(server.baseUrl, 'admin@demo.test');
  ok(await demoAdmin.request('POST', '/api/v1/users/invitations', { email: EMAIL, roles: ['handler'], locale: 'en' }), 201, 'invite');
  const token = await eventually(async () => server.mailSink.messages().find((m) => m.to.includes(EMAIL))?.text.match(/token=([A-Za-z0-9_-]+)/)?.[1], 10_000, 'invitation mail');
  ok(await request(server.baseUrl, 'POST', '/api/v1/invitations/accept', { token, name: NAME, password: 'lantern-orbit-mosaic-42', locale: 'en' }), 201, 'accept');
  const self = await login(server.baseUrl, EMAIL, 'lantern-orbit-mosaic-42');
  ok(await self.request('POST', '/api/v1/case-views', { name: `${NAME}s sager`, filters: { assignee: 'me' } }), 201, 'saved view');
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/auth/login', { email: EMAIL, password: 'wrong-password-1' })).status, 401);

  // 2. Nordisk's client ended the relationship in 2018; its 5 years are over: the organisation may erase.
  const ended = await caseNaming(NORDISK_ID, '2018-01-31', '2023-01-31');
  const nordiskHandler = await session(server.baseUrl, 'handler@nordisk.test');
  ok(await upload(server.baseUrl, `/api/v1/cases/${ended.caseId}/documents`, { bytes: Buffer.concat([PDF, Buffer.from(`% ${NAME} pas`)]), name: `${NAME} pas.pdf`, type: 'application/pdf' }, { session: nordiskHandler, fields: { partyId: ended.partyId } }), 201, 'upload');
  const nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  ok(await nordisk.request('POST', `/api/v1/cases/${ended.caseId}/document-requests`, { email: EMAIL, description: `Kære ${NAME}, send venligst dit pas.`, locale: 'da', partyId: ended.partyId }), 201, 'document request');
  ok(await nordisk.request('POST', `/api/v1/cases/${ended.caseId}/notes`, { text: `Ringede til ${NAME} om passet.` }), 201, 'note');
  await eventually(async () => server.mailSink.messages().some((m) => m.to.includes(EMAIL) && /pas/.test(m.text)) || undefined, 15_000, 'the upload link mailed');
  const storedKeys = (await server.knex('case_documents').where({ partyId: ended.partyId }).pluck('storage_key')) as string[];
  assert.is(storedKeys.length, 1);

  // 3. The Demo organisation's relationship with another client of hers is ongoing: § 30 holds that party.
  const ongoing = await caseNaming(DEMO_ORG_ID, null, null);

  // 4. The erasure request, verified, triaged, planned by one officer, approved by another, executed.
  const { requestId } = await h.submitAndVerify(EMAIL, ['erasure'], { name: NAME, relationship: 'platform_user', description: `Jeg er ${NAME}; slet alt om mig.` });
  await h.runToClose(requestId, pia, dennis);
  assert.is((await h.statusOf(requestId)).outcome, 'completed');

  // 5. Each organisation decides its part: erase what no hold covers.
  for (const [email, orgParty] of [['admin@nordisk.test', ended], ['admin@demo.test', ongoing]] as const) {
    const admin = await login(server.baseUrl, email);
    const part = await eventually(async () => (await admin.request('GET', '/api/v1/dsr/forwarded?open=true')).body.items.find((p: { requestId: string }) => p.requestId === requestId), 20_000, `part for ${email}`);
    ok(await admin.request('POST', `/api/v1/dsr/forwarded/${part.id}/decision`, { decision: 'erase_unheld' }), 200, `decision by ${email}`);
    await eventually(async () => (await server.knex('dsr_routed_items').where({ partyId: orgParty.partyId }).first('executedAt'))?.executedAt ?? undefined, 20_000, 'decision executed');
  }
  assert.is((await server.knex('dsr_routed_items').where({ partyId: ended.partyId }).first('action')).action, 'erased');
  assert.is((await server.knex('dsr_routed_items').where({ partyId: ongoing.partyId }).first('action')).action, 'held');

  // 6. The scan. What may keep the person, and why:
  const config = testConfig();
  const erasedAt = new Date((await server.knex('dsr_suppressions').first('createdAt')).createdAt);
  const allowed = (f: Finding): boolean => {
    switch (f.where) {
      // The request itself is retained as the record of what was asked and answered (GDPR Art. 5(2)); the manifest says so.
      case 'postgres': return (f.table === 'dsr_requests' && f.row.id === requestId)
        // The party in the ongoing relationship, under the § 30 hold.
        || (f.table === 'case_parties' && f.row.id === ongoing.partyId)
        // The ongoing case's own record of its director (registry facts and the drafted section), under the same hold.
        || ((f.table === 'cases' && f.row.id === ongoing.caseId) || (f.table === 'case_sections' && f.row.case_id === ongoing.caseId));
      // The response to this request, mailed after the erasure to the person's own mailbox.
      case 'mail_sink': return f.template === 'dsr_response.v1' && f.receivedAt.getTime() > erasedAt.getTime();
      default: return false;
    }
  };
  const storageDir = resolve(config.documentStorage.replace(/^file:/, ''));
  const temporalStore = process.env.CLIENTNOTE_TEST_TEMPORAL_DB;
  assert.ok(temporalStore, 'the runner names the Temporal server\'s store');
  // The sink forgets on a timer: wait until what was mailed before the erasure is gone.
  // (If it never does, the scan below lists what it kept.)
  await eventually(async () => scanMailSink(server.mailSink, NEEDLES).every(allowed) || undefined, 10_000, 'the sink forgets the erased address').catch(() => {});
  const temporal = await scanTemporal(config, startedAt, NEEDLES);
  // As the database owner, so no table is out of the scan's reach.
  const owner = createKnex(config.database.ownerUrl, { poolMax: 1 });
  const inPostgres = await scanPostgres(owner, NEEDLES).finally(() => owner.destroy());
  const findings = [
    ...inPostgres,
    ...scanFiles([storageDir, temporalStore!, `${temporalStore}-wal`], NEEDLES),
    ...apiLog.scan(NEEDLES), ...workerLog.scan(NEEDLES),
    ...scanMailSink(server.mailSink, NEEDLES),
    ...temporal.findings,
  ];
  const leaks = findings.filter((f) => !allowed(f));
  assert.equal(leaks, [], `the person is still found in:\n${JSON.stringify(leaks, null, 2).slice(0, 4000)}`);

  // The scan looked where the person had been (so a clean result means something).
  assert.ok(temporal.workflows >= 4, `workflows scanned: ${temporal.workflows}`);
  assert.ok(apiLog.lines.length > 20 && workerLog.lines.length > 0, `log lines: ${apiLog.lines.length} API, ${workerLog.lines.length} worker`);
  const kept = findings.filter(allowed).map((f) => (f.where === 'postgres' ? `${f.table}:${String(f.row.id ?? f.row.case_id)}` : f.where));
  for (const expected of [`dsr_requests:${requestId}`, `case_parties:${ongoing.partyId}`, 'mail_sink']) assert.ok(kept.includes(expected), `${expected} is kept (${kept.join(', ')})`);
  // The erased party's document is gone from the database and from storage.
  assert.is((await server.knex('case_documents').where({ caseId: ended.caseId })).length, 0);
  for (const key of storedKeys) assert.not.ok(existsSync(resolve(storageDir, ...key.split('/'))), `${key} removed from storage`);
  // What the case keeps still reads: the party is 'Erased person', the facts and texts say '[erased person]'.
  const erasedParty = await server.knex('case_parties').where({ id: ended.partyId }).first('name', 'birthDate', 'country');
  assert.equal(erasedParty, { name: 'Erased person', birthDate: null, country: null });
  const section = await server.knex('case_sections').where({ caseId: ended.caseId }).first('text');
  assert.is(section.text, 'Direktør [erased person] er eneste reelle ejer.');
});

scan.run();
