// The audit trail end to end: the API writes events (login, failed login,
// logout) with the request id and ids only; the application role cannot change
// or remove rows; `clientnote audit verify` passes on a clean chain and names
// an altered row, removed rows (middle and newest), and a row appended out of chain.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { childEnvironment } from '../config/index.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { createKnex, type Knex } from '../db/knex.ts';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createAuditRepository } from '../db/repositories/audit.ts';
import { verifyAuditTrail } from '../db/audit/verify.ts';
import { GENESIS_HASH, hashEvent } from '../db/audit/chain.ts';
import { login, request, resetDatabase, startApi, testConfig, type RunningApi } from './harness/platform.ts';
import { withTimeout } from './harness/timeout.ts';

const audit = suite('audit trail');
let server: RunningApi;
let owner: Knex;
let app: Knex;
const [DEMO] = DEMO_ORGS;
const admin = DEMO_USERS.find((u) => u.email === 'admin@demo.test')!;

function cli(args: string[]) {
  return withTimeout(new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: REPO_ROOT, env: childEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  }), 60_000, `clientnote ${args.join(' ')}`);
}

audit.before(async () => {
  server = await startApi();
  const config = testConfig();
  owner = createKnex(config.database.ownerUrl, { poolMax: 2 });
  app = createKnex(config.database.appUrl, { poolMax: 2 });
});
audit.before.each(async () => {
  await resetDatabase();
});
audit.after(async () => {
  await owner?.destroy();
  await app?.destroy();
  await server?.close();
});

audit('login, failed login and logout are recorded with the request id and ids only', async () => {
  const failed = await request(server.baseUrl, 'POST', '/api/v1/auth/login', { email: admin.email, password: 'wrong password here' }, { 'x-request-id': 'req-failed-login-1' });
  assert.is(failed.status, 401);
  const client = await login(server.baseUrl, admin.email);
  const out = await client.request('POST', '/api/v1/auth/logout');
  assert.is(out.status, 204);
  const rows = await owner('audit_events').where({ orgId: DEMO.id }).orderBy('seq');
  assert.equal(rows.map((r) => r.action), ['auth.login_failed', 'auth.login', 'auth.logout']);
  assert.is(rows[0].requestId, 'req-failed-login-1');
  assert.is(rows[0].targetId, admin.id);
  assert.is(rows[1].actorUserId, admin.id);
  assert.equal(rows.map((r) => Number(r.seq)), [1, 2, 3]);
  assert.is(rows[1].prevHash, rows[0].hash);
  const text = JSON.stringify(rows);
  assert.not.match(text, /@demo\.test|Anne|wrong password/, 'no e-mail, name or password in the audit trail');
  // An unknown e-mail goes to the platform chain with no actor at all.
  await request(server.baseUrl, 'POST', '/api/v1/auth/login', { email: 'nobody@nowhere.test', password: 'whatever-123456' });
  const platform = await owner('audit_events').whereNull('orgId');
  assert.is(platform.length, 1);
  assert.is(platform[0].actorUserId, null);
});

audit('the application role cannot UPDATE, DELETE or TRUNCATE audit events', async () => {
  await request(server.baseUrl, 'POST', '/api/v1/auth/login', { email: admin.email, password: 'wrong password here' });
  for (const statement of ['update audit_events set action = \'x\'', 'delete from audit_events', 'truncate audit_events']) {
    try {
      await app.raw(statement);
      assert.unreachable(`${statement} succeeded as the application role`);
    } catch (error) {
      assert.match((error as Error).message, /permission denied/, statement);
    }
  }
  assert.is((await owner('audit_events').count({ n: '*' }))[0]!.n, '1');
  // It can still append (through the writer) and read.
  await createAuditRepository(app, { secret: testConfig().secret }).record({ orgId: DEMO.id, action: 'test.appended' });
  assert.is((await app('audit_events').count({ n: '*' }))[0]!.n, '2');
});

async function fiveEvents(): Promise<void> {
  const repo = createAuditRepository(app, { secret: testConfig().secret });
  // Concurrent writers of one org queue on the head: the chain never forks.
  await Promise.all(Array.from({ length: 5 }, (_, i) => repo.record({ orgId: DEMO.id, actorUserId: admin.id, action: 'test.event', targetType: 'case', targetId: `t${i}`, details: { n: i } })));
}

audit('audit verify passes on a clean chain (CLI exit 0)', async () => {
  await fiveEvents();
  const result = await verifyAuditTrail(owner, testConfig().secret);
  assert.equal(result.problems, []);
  assert.is(result.events, 5);
  const run = await cli(['audit', 'verify']);
  assert.is(run.code, 0, run.stderr);
  assert.is(JSON.parse(run.stdout).ok, true);
});

audit('an altered row is named (CLI exit 1)', async () => {
  await fiveEvents();
  const victim = await owner('audit_events').where({ orgId: DEMO.id, seq: 3 }).first();
  await owner('audit_events').where({ id: victim.id }).update({ details: JSON.stringify({ n: 99 }) });
  const result = await verifyAuditTrail(owner, testConfig().secret);
  assert.equal(result.problems.map((p) => [p.kind, p.seq, p.id]), [['altered', 3, victim.id]]);
  const run = await cli(['audit', 'verify']);
  assert.is(run.code, 1);
  assert.match(run.stderr, new RegExp(`row ${victim.id} \\(seq 3\\).*altered`));
});

audit('a removed middle row is named', async () => {
  await fiveEvents();
  await owner('audit_events').where({ orgId: DEMO.id, seq: 2 }).delete();
  const result = await verifyAuditTrail(owner, testConfig().secret);
  assert.equal(result.problems.map((p) => [p.kind, p.seq]), [['removed', 2]]);
  assert.match(result.problems[0]!.message, /rows 2–2/);
});

audit('removing the newest rows is caught by the signed head', async () => {
  await fiveEvents();
  await owner('audit_events').where({ orgId: DEMO.id }).andWhere('seq', '>=', 4).delete();
  const result = await verifyAuditTrail(owner, testConfig().secret);
  assert.equal(result.problems.map((p) => [p.kind, p.seq]), [['removed', 4]]);
  assert.match(result.problems[0]!.message, /newest rows 4–5/);
});

audit('a row appended out of chain (valid hash, not linked) is named', async () => {
  await fiveEvents();
  const fields = {
    chain: DEMO.id, seq: 6, orgId: DEMO.id, actorUserId: null, actorTokenId: null, action: 'test.forged', targetType: null, targetId: null,
    requestId: null, details: {}, createdAt: new Date(), prevHash: GENESIS_HASH,
  };
  const [row] = await owner('audit_events').insert({ ...fields, details: '{}', hash: hashEvent(fields) }).returning('id');
  const result = await verifyAuditTrail(owner, testConfig().secret);
  const kinds = result.problems.map((p) => [p.kind, p.seq, p.id]);
  assert.ok(kinds.some(([kind, seq, id]) => kind === 'out_of_chain' && seq === 6 && id === row.id), JSON.stringify(kinds));
});

audit('rewriting the head without the secret is caught', async () => {
  await fiveEvents();
  await owner('audit_events').where({ orgId: DEMO.id }).andWhere('seq', '>=', 4).delete();
  const third = await owner('audit_events').where({ orgId: DEMO.id, seq: 3 }).first();
  await owner('audit_heads').where({ chain: DEMO.id }).update({ seq: 3, hash: third.hash });
  const result = await verifyAuditTrail(owner, testConfig().secret);
  assert.equal(result.problems.map((p) => p.kind), ['head_invalid']);
});

audit.run();
