// The erasure ledger, the suppression list and `clientnote erasure replay` on the
// real parts: a pg_dump of the test database is taken before an erasure runs on the
// real workflow; the erasure writes ledger rows with keys and keyed hashes only;
// the older dump is restored into a fresh database (the person is back), replay
// runs against it from the exported ledger, and the person is gone again.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { childEnvironment } from '../config/index.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { createKnex, type Knex } from '../db/knex.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers } from './harness/dsr.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { PDF, session, upload } from './harness/documents.ts';
import { dsrEmailKey } from '../api/dsr-email-key.ts';

const replay = suite('erasure ledger, suppression and replay after a backup restore');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
let orgAdmin: ApiClient;
const h = dsrHelpers(() => server);
const work = mkdtempSync(join(tmpdir(), 'clientnote-replay-'));
const restoredDb = `cn_restore_${randomBytes(4).toString('hex')}`;
const restoredPartyDb = `cn_restore_${randomBytes(4).toString('hex')}`;

const EMAIL = 'rita.restore@example.test';
const NAME = 'Rita Restoreby';

replay.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
  orgAdmin = await login(server.baseUrl, 'admin@demo.test');
});
replay.after(async () => {
  await worker?.close();
  await server?.close();
  const admin = new pg.Client({ connectionString: testConfig().database.adminUrl });
  await admin.connect();
  for (const db of [restoredDb, restoredPartyDb]) await admin.query(`drop database if exists "${db}" with (force)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
});

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return withTimeout(new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: REPO_ROOT, env: childEnvironment({ LOG_LEVEL: 'silent', ...env }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  }), 60_000, `clientnote ${args.join(' ')}`);
}

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Everything about the person in the tables erasure touches: the users row, sessions, roles, throttle and invitation rows. */
async function traces(db: Knex, userId: string) {
  const user = await db('users').where({ id: userId }).first('email', 'name', 'active');
  return {
    user,
    sessions: (await db('sessions').where({ userId })).length,
    roles: (await db('user_roles').where({ userId })).length,
    throttle: (await db('login_throttle').where('key', `acct:${EMAIL}`)).length,
    invitations: (await db('invitations').whereRaw('lower(email) = ?', [EMAIL])).length,
  };
}

replay('an erasure writes a ledger of keys and keyed hashes; a restored older dump is erased again by replay', async () => {
  const config = testConfig();
  const userId = await h.seedPlatformUser(EMAIL, NAME);
  await server.knex('login_throttle').insert({ key: `acct:${EMAIL}`, points: 2, expire: Date.now() + 3_600_000 });
  await server.knex('invitations').insert({ orgId: '9ee11d25-87bf-42e2-9b62-ad22291c6292', email: EMAIL, roles: ['handler'], tokenHash: randomBytes(32), expiresAt: new Date(Date.now() + 86_400_000) });

  const { requestId } = await h.submitAndVerify(EMAIL, ['erasure'], { name: NAME });
  const since = new Date().toISOString();
  const dump = join(work, 'before-erasure.dump');
  await h.runToClose(requestId, pia, dennis, {
    // The backup: taken after the person's data exists, before the erasure runs.
    beforeApproval: async () => { run('pg_dump', ['--format=custom', '--file', dump, config.database.ownerUrl]); },
  });
  assert.is((await h.statusOf(requestId)).outcome, 'completed');

  // Erased in the live database, and the ledger says so with keys and keyed hashes only.
  const live = await traces(server.knex, userId);
  assert.not.match(JSON.stringify(live.user), /rita|restoreby/i);
  assert.equal([live.sessions, live.roles, live.throttle, live.invitations], [0, 0, 0, 0]);
  const ledger = await server.knex('erasure_ledger').where({ requestId });
  const tables = ledger.map((r) => r.sourceTable).sort();
  for (const t of ['invitations', 'login_throttle', 'sessions', 'user_roles', 'users']) assert.ok(tables.includes(t), `${t} in the ledger: ${tables}`);
  assert.not.match(JSON.stringify(ledger), /rita|restoreby|example\.test/i, 'no name or address in the ledger');
  assert.ok(ledger.every((r) => r.subjectKey === dsrEmailKey(config.secret, EMAIL)));
  const throttleRow = ledger.find((r) => r.sourceTable === 'login_throttle')!;
  assert.is(throttleRow.rowRefKind, 'hmac', 'a key that holds the address is stored as its HMAC');
  assert.is(ledger.find((r) => r.sourceTable === 'users')!.rowRef, userId);
  assert.ok(await server.knex('dsr_suppressions').where({ emailKey: dsrEmailKey(config.secret, EMAIL) }).first(), 'the address is suppressed');

  // The ledger is exported (it holds no personal values, so it may be kept beside the backups).
  const exported = await cli(['erasure', 'export', '--since', since]);
  assert.is(exported.code, 0, exported.stderr);
  const ledgerFile = join(work, 'ledger.json');
  writeFileSync(ledgerFile, exported.stdout);
  assert.is(JSON.parse(exported.stdout).entries.length, ledger.length);

  // Restore the older dump into a fresh database: the person is back.
  const restoredUrl = await restoreInto(dump, restoredDb);
  const restored = createKnex(restoredUrl, { poolMax: 1 });
  try {
    const back = await traces(restored, userId);
    assert.is(back.user.email, EMAIL, 'the restore brought the person back');
    assert.ok(back.sessions > 0 && back.throttle === 1 && back.invitations === 1);
    assert.is((await restored('erasure_ledger')).length, 0, 'the dump predates the ledger rows');

    const env = { DATABASE_URL: restoredUrl, DATABASE_APP_URL: withDatabase(config.database.appUrl, restoredDb) };
    const replayed = await cli(['erasure', 'replay', '--since', since, '--ledger', ledgerFile], env);
    assert.is(replayed.code, 0, replayed.stderr);
    const result = JSON.parse(replayed.stdout);
    assert.is(result.ok, true);
    assert.is(result.entries, ledger.length);
    assert.is(result.reapplied.users, 1);
    assert.is(result.reapplied.login_throttle, 1);
    assert.is(result.suppressions, 1);

    // Gone again: no trace of the name or address in any erased table of the restored database.
    const after = await traces(restored, userId);
    assert.not.match(JSON.stringify(after.user), /rita|restoreby/i);
    assert.is(after.user.active, false);
    assert.equal([after.sessions, after.roles, after.throttle, after.invitations], [0, 0, 0, 0]);
    const data = run('pg_dump', ['--data-only', '--exclude-table-data=dsr_requests', '--exclude-table-data=dsr_events', restoredUrl]);
    const left = data.split('\n').filter((line) => /rita\.restore@example\.test|Restoreby/i.test(line));
    assert.equal(left, [], 'outside the retained request record, the restored database no longer holds the person');
    assert.not.match(data, /rita\.restore@example\.test|Restoreby/i);
    assert.is((await restored('erasure_ledger')).length, ledger.length, 'the ledger is back in the restored database');
    assert.ok(await restored('dsr_suppressions').where({ emailKey: dsrEmailKey(config.secret, EMAIL) }).first());

    // Idempotent: a second replay (from the restored database's own ledger now) finds the rows gone.
    const again = await cli(['erasure', 'replay', '--since', since], env);
    assert.is(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout);
    assert.is(second.source, 'database');
    assert.is(second.suppressions, 0);
    assert.ok(second.alreadyErased >= 4, `already erased: ${second.alreadyErased}`);

    // A ledger naming a table this database cannot erase is a failure, and nothing changes.
    const bad = JSON.parse(exported.stdout);
    bad.entries[0].sourceTable = 'audit_events';
    const badFile = join(work, 'bad-ledger.json');
    writeFileSync(badFile, JSON.stringify(bad));
    await restored('users').where({ id: userId }).update({ name: 'Put Back' });
    const refused = await cli(['erasure', 'replay', '--since', since, '--ledger', badFile], env);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /audit_events is not an erasable registry entry/);
    assert.is((await restored('users').where({ id: userId }).first('name')).name, 'Put Back', 'nothing was changed');
  } finally {
    await restored.destroy();
  }
});

replay('usage: --since is required and must be an ISO time; an unreadable ledger is a failure', async () => {
  const none = await cli(['erasure', 'replay']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /--since is required/);
  const bad = await cli(['erasure', 'replay', '--since', 'yesterday']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /ISO 8601/);
  const sub = await cli(['erasure', 'forget']);
  assert.is(sub.code, 2);
  const missing = await cli(['erasure', 'replay', '--since', '2026-01-01T00:00:00Z', '--ledger', join(work, 'nope.json')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /cannot read the ledger file/);
  writeFileSync(join(work, 'not-a-ledger.json'), JSON.stringify({ entries: [{ id: 'x' }] }));
  const garbage = await cli(['erasure', 'replay', '--since', '2026-01-01T00:00:00Z', '--ledger', join(work, 'not-a-ledger.json')]);
  assert.is(garbage.code, 1);
  assert.match(garbage.stderr, /is not a ledger export/);
  assert.ok(readFileSync(join(work, 'not-a-ledger.json')).length > 0);
});

replay('suppression: platform mail to the erased address is not sent, an invitation is not mailed, and a new request still works', async () => {
  const config = testConfig();
  assert.ok(await server.knex('dsr_suppressions').where({ emailKey: dsrEmailKey(config.secret, EMAIL) }).first(), 'suppressed by the first test');
  const before = new Set(server.mailSink.messages().map((m) => m.id));
  const invited = await orgAdmin.request('POST', '/api/v1/users/invitations', { email: EMAIL.toUpperCase(), roles: ['handler'] });
  assert.is(invited.status, 201, JSON.stringify(invited.body));
  assert.is(invited.body.mail, 'suppressed', 'the invitation is recorded but not mailed');
  const reset = await request(server.baseUrl, 'POST', '/api/v1/auth/password-reset', { email: EMAIL });
  assert.ok(reset.status < 500);
  // A new data-subject request from the same person: the code arrives, and it verifies.
  const { requestId } = await h.submitAndVerify(EMAIL, ['access'], { name: NAME });
  const mails = server.mailSink.messages().filter((m) => m.to.includes(EMAIL) && !before.has(m.id));
  assert.ok(mails.length >= 1, 'the DSR code mail went out');
  assert.ok(mails.every((m) => m.headers['x-clientnote-template']?.startsWith('dsr_')), `only DSR mail: ${mails.map((m) => m.headers['x-clientnote-template'])}`);
  assert.ok(requestId);
});

/** Restore `dump` into a fresh database `name`; its owner URL. */
async function restoreInto(dump: string, name: string): Promise<string> {
  const config = testConfig();
  const admin = new pg.Client({ connectionString: config.database.adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}" owner "${new URL(config.database.ownerUrl).username}"`);
  await admin.end();
  const url = withDatabase(config.database.ownerUrl, name);
  run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', url, dump]);
  return url;
}

replay('a case party an organisation erased is erased again after a restore: its texts redacted, its documents deleted and their files removed', async () => {
  const config = testConfig();
  const name = 'Paula Partyrestore';
  const demoOrg = '9ee11d25-87bf-42e2-9b62-ad22291c6292';
  const caseId = randomUUID();
  await server.knex('cases').insert({ id: caseId, orgId: demoOrg, type: 'onboarding', status: 'ended', clientKind: 'company', clientName: 'Kajgaarden ApS', relationshipEndedOn: '2017-03-31', retentionUntil: '2022-03-31' });
  const [party] = await server.knex('case_parties').insert({ orgId: demoOrg, caseId, registryId: `client:${randomUUID()}`, kind: 'person', name, roles: ['director'] }).returning('id');
  await server.knex('case_sections').insert({ orgId: demoOrg, caseId, key: 'client_description', text: `Eneste direktør er ${name.toUpperCase()}.` });
  const handler = await session(server.baseUrl, 'handler@demo.test');
  const uploaded = await upload(server.baseUrl, `/api/v1/cases/${caseId}/documents`, { bytes: PDF, name: 'pas.pdf', type: 'application/pdf' }, { session: handler, fields: { partyId: party.id } });
  assert.is(uploaded.status, 201, JSON.stringify(uploaded.body));
  const { storageKey } = await server.knex('case_documents').where({ caseId }).first('storageKey');
  const storageDir = resolve(config.documentStorage.replace(/^file:/, ''));
  const file = resolve(storageDir, ...storageKey.split('/'));
  const storedBytes = readFileSync(file);

  const { requestId } = await h.submitAndVerify('paula.partyrestore@example.test', ['erasure'], { name, relationship: 'case_subject' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' })).status, 200);
  const part = await eventually(async () => (await orgAdmin.request('GET', '/api/v1/dsr/forwarded?open=true')).body.items.find((p: { requestId: string }) => p.requestId === requestId), 20_000, 'the forwarded part');
  const since = new Date().toISOString();
  const dump = join(work, 'before-party-erasure.dump');
  run('pg_dump', ['--format=custom', '--file', dump, config.database.ownerUrl]);
  assert.is((await orgAdmin.request('POST', `/api/v1/dsr/forwarded/${part.id}/decision`, { decision: 'erase_unheld' })).status, 200);
  await eventually(async () => (existsSync(file) ? undefined : true), 20_000, 'the file removed from storage');
  assert.is((await server.knex('case_parties').where({ id: party.id }).first('name')).name, 'Erased person');
  assert.is((await server.knex('case_sections').where({ caseId }).first('text')).text, 'Eneste direktør er [erased person].', 'the name is redacted whatever its case');
  assert.is((await server.knex('case_documents').where({ caseId })).length, 0);

  const exported = await cli(['erasure', 'export', '--since', since]);
  assert.is(exported.code, 0, exported.stderr);
  const ledgerFile = join(work, 'party-ledger.json');
  writeFileSync(ledgerFile, exported.stdout);
  assert.equal(JSON.parse(exported.stdout).entries.map((e: { sourceTable: string; rowRef: string }) => [e.sourceTable, e.rowRef]), [['case_parties', party.id]]);

  // The database and the document storage are restored from backups taken before the decision.
  const restoredUrl = await restoreInto(dump, restoredPartyDb);
  writeFileSync(file, storedBytes);
  const restored = createKnex(restoredUrl, { poolMax: 1 });
  try {
    assert.is((await restored('case_parties').where({ id: party.id }).first('name')).name, name, 'the restore brought the party back');
    const replayed = await cli(['erasure', 'replay', '--since', since, '--ledger', ledgerFile], { DATABASE_URL: restoredUrl, DATABASE_APP_URL: withDatabase(config.database.appUrl, restoredPartyDb) });
    assert.is(replayed.code, 0, replayed.stderr);
    const result = JSON.parse(replayed.stdout);
    assert.equal([result.ok, result.reapplied.case_parties, result.documentsRemoved], [true, 1, 1]);
    assert.is((await restored('case_parties').where({ id: party.id }).first('name')).name, 'Erased person');
    assert.is((await restored('case_sections').where({ caseId }).first('text')).text, 'Eneste direktør er [erased person].');
    assert.is((await restored('case_documents').where({ caseId })).length, 0);
    assert.not.ok(existsSync(file), 'the restored file is removed again');
    assert.not.match(JSON.stringify(result), /partyrestore/i, 'the replay prints no name');
  } finally {
    await restored.destroy();
  }
});

replay('a suppression that staff lifted stays lifted through a replay, from the database\'s own ledger and from an exported file', async () => {
  const config = testConfig();
  const key = dsrEmailKey(config.secret, EMAIL);
  const { requestId } = await server.knex('dsr_suppressions').where({ emailKey: key }).first('requestId');
  const lifted = await pia.request('POST', `/api/v1/dsr/${requestId}/suppression/lift`, { reason: 'requester_asked', note: 'wants to be invited again' });
  assert.is(lifted.status, 200, JSON.stringify(lifted.body));
  assert.is(await server.knex('dsr_suppressions').where({ emailKey: key }).first(), undefined);

  const since = '2000-01-01T00:00:00Z';
  const fromDatabase = await cli(['erasure', 'replay', '--since', since]);
  assert.is(fromDatabase.code, 0, fromDatabase.stderr);
  assert.ok(JSON.parse(fromDatabase.stdout).suppressionsLifted >= 1);
  assert.is(await server.knex('dsr_suppressions').where({ emailKey: key }).first(), undefined, 'not suppressed again');

  const exported = await cli(['erasure', 'export', '--since', since]);
  assert.is(exported.code, 0, exported.stderr);
  const file = JSON.parse(exported.stdout);
  assert.ok(file.suppressionLifts.some((l: { requestId: string }) => l.requestId === requestId), 'the export carries the lift');
  assert.not.match(exported.stdout, /invited again|example\.test/, 'ids and times only');
  const ledgerFile = join(work, 'lifted-ledger.json');
  writeFileSync(ledgerFile, exported.stdout);
  const fromFile = await cli(['erasure', 'replay', '--since', since, '--ledger', ledgerFile]);
  assert.is(fromFile.code, 0, fromFile.stderr);
  assert.is(await server.knex('dsr_suppressions').where({ emailKey: key }).first(), undefined);
  // An export from before lifts were exported (no suppressionLifts) suppresses again: the safe side.
  writeFileSync(ledgerFile, JSON.stringify({ since: file.since, entries: file.entries }));
  const older = await cli(['erasure', 'replay', '--since', since, '--ledger', ledgerFile]);
  assert.is(older.code, 0, older.stderr);
  assert.ok(await server.knex('dsr_suppressions').where({ emailKey: key }).first());
});

replay.run();
