// Workflow console benchmark (issue #16).
//  (a) GET /api/v1/workflows/{id} on a workflow with a 5,000-event history (no-op
//      activities and timers, running, a timer pending): target < 1 s. Measured as a
//      platform admin (every payload on the page decoded) and as an org admin, on the
//      first and the last page of events, and the raw history download.
//  (b) GET /api/v1/workflows (list + count by visibility) with `--workflows` workflows
//      in the namespace (default 5,000; seeded by starting kycCase workflows with their
//      search attributes on a queue no worker polls, so they stay running): target
//      < 200 ms, for the first page and a few filters, as an org admin.
// Over real HTTP against the API in-process, on its own database and Temporal dev
// server (as test/run.ts provisions them), removed at the end, also on failure.
//
//   flock /tmp/clientnote-test.lock npm run -s bench:console [-- --workflows 5000 --events 5000]
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttp } from 'node:http';
import { createServer as createNet, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem, freemem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { childEnvironment } from '../config/index.ts';
import { DEFAULT_ADMIN_URL, parseConfig } from '../config/schema.ts';
import { createLogger } from '../config/logger.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex } from '../db/knex.ts';
import { seedDemo, DEMO_ORGS } from '../db/seeds/demo.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createWorkflowGateway } from '../temporal/client/gateway.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import { CaseId, CaseStatus, CaseStep, DueAt, OrgId } from '../workflows/search-attributes.ts';
import { ensureTemporalBinary, startDevServer, waitForTemporal } from '../cli/temporal-server.ts';

const { values: opts } = parseArgs({ options: { workflows: { type: 'string', default: '5000' }, events: { type: 'string', default: '5000' } } });
const WORKFLOWS = Number(opts.workflows);
const EVENTS = Number(opts.events);
const CONSOLE_QUEUE = 'bench-console';
const LONG_QUEUE = 'bench-long';

const say = (line = '') => process.stdout.write(`${line}\n`);
const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const machine = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min), ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(freemem() / 2 ** 30).toFixed(1)} of ${(totalmem() / 2 ** 30).toFixed(1)} GiB free`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNet();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try { await step(); } catch (error) { process.stderr.write(`cleanup: ${(error as Error).message}\n`); }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanUp().then(() => process.exit(130)); });

async function main(): Promise<void> {
  say(`# workflow console benchmark, ${new Date().toISOString()}`);
  say(`machine at start: ${machine()}`);
  const workDir = mkdtempSync(join(tmpdir(), 'clientnote-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  cleanups.push(drop);
  await migrateUp({ ownerUrl, appUrl });

  const temporalPort = await freePort();
  const temporal = startDevServer({ binary: ensureTemporalBinary(say), port: temporalPort, uiPort: null, namespace: 'clientnote', dbFile: join(workDir, 'temporal.sqlite') });
  temporal.stdout?.on('data', () => {});
  temporal.stderr?.on('data', () => {});
  cleanups.push(() => { temporal.kill('SIGTERM'); });
  await waitForTemporal(`127.0.0.1:${temporalPort}`, 'clientnote', { timeoutMs: 60_000, process: temporal });

  const config = parseConfig(childEnvironment({
    NODE_ENV: 'development', DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl, LOG_LEVEL: 'silent', SMTP_URL: undefined,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, TEMPORAL_NAMESPACE: 'clientnote', TEMPORAL_TASK_QUEUE: CONSOLE_QUEUE,
    CLIENTNOTE_DATA_DIR: join(workDir, 'data'),
    CLIENTNOTE_SECRET: randomBytes(32).toString('hex'), CLIENTNOTE_CODEC_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  }));
  const owner = createKnex(ownerUrl, { poolMax: 2 });
  cleanups.push(() => owner.destroy());
  await seedDemo(owner, { passwordHash: await hashPassword(config.demoPassword) });
  const knex = createKnex(appUrl, { poolMax: 10 });
  cleanups.push(() => knex.destroy());

  const connection = await Connection.connect({ address: config.temporal.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
  const orgId = DEMO_ORGS[0].id;

  // (a) The long history: a bench workflow on its own queue and worker.
  const { code } = await bundleWorkflowCode({ workflowsPath: join(import.meta.dirname, 'workflow-console', 'long-history.ts'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => process.stderr.write(`${m}\n`) } });
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection: workerConnection, namespace: config.temporal.namespace, taskQueue: LONG_QUEUE, workflowBundle: { code },
    activities: { async noop(input: { step: number }) { return input; } }, dataConverter: dataConverter(config.codecKeys),
  });
  const workerRun = worker.run();
  cleanups.push(async () => { worker.shutdown(); await workerRun; await workerConnection.close(); });
  const longId = `bench-long/${randomUUID()}`;
  let started = performance.now();
  await client.workflow.start('longHistory', { workflowId: longId, taskQueue: LONG_QUEUE, args: [orgId, EVENTS] });
  for (;;) {
    const d = await client.workflow.getHandle(longId).describe();
    if ((d.historyLength ?? 0) >= EVENTS && d.raw.pendingWorkflowTask == null && (d.raw.pendingActivities ?? []).length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const length = (await client.workflow.getHandle(longId).describe()).historyLength;
  say(`long history: ${length} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // (b) Many workflows: kycCase starts with their search attributes, on the console's queue, which no worker polls.
  started = performance.now();
  const statuses = ['open', 'open', 'in_review', 'monitoring'];
  const steps = ['data_collection', 'screening', 'risk', 'report', 'review'];
  let next = 0;
  const sampleCaseIds: string[] = [];
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < WORKFLOWS) {
      const i = next++;
      const caseId = randomUUID();
      if (i % 1000 === 0) sampleCaseIds.push(caseId);
      await client.workflow.start('kycCase', {
        workflowId: `kyc-case/${caseId}`, taskQueue: CONSOLE_QUEUE, args: [{ caseId, orgId: DEMO_ORGS[i % 2]!.id }],
        typedSearchAttributes: [
          { key: OrgId, value: DEMO_ORGS[i % 2]!.id }, { key: CaseId, value: caseId }, { key: CaseStatus, value: statuses[i % statuses.length]! },
          { key: CaseStep, value: steps[i % steps.length]! }, { key: DueAt, value: new Date(Date.now() + ((i % 60) - 10) * 86_400_000) },
        ],
      });
    }
  }));
  say(`seeded ${WORKFLOWS} running workflows (half Demo's) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const gateway = await createWorkflowGateway(config);
  cleanups.push(() => gateway.close());
  const mail = { send: async () => 'sent' as const, close() {} };
  const { app } = createApp({ config, knex, logger: createLogger(config, 'bench'), workflows: gateway, audit: createAuditRecorder(knex, { secret: config.secret }), mailer: mail });
  const callback = app.callback();
  const server = createHttp((req, res) => { void callback(req, res); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const cookieOf = async (email: string) => {
    const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: config.demoPassword }) });
    if (res.status !== 200) throw new Error(`login as ${email}: ${res.status}`);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  const staff = await cookieOf('privacy@clientnote.test');
  const admin = await cookieOf('admin@demo.test');

  const time = async (cookie: string, path: string, runs: number): Promise<{ p50: number; p95: number; max: number; bytes: number; check: unknown }> => {
    const times: number[] = [];
    let bytes = 0;
    let check: unknown;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await fetch(base + path, { headers: { cookie } });
      const text = await res.text();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
      bytes = text.length;
      if (i === 0) check = path.endsWith('history.json') ? null : JSON.parse(text);
    }
    return { p50: pct(times, 0.5), p95: pct(times, 0.95), max: Math.max(...times), bytes, check };
  };

  const detail = `/workflows/${encodeURIComponent(longId)}`;
  say(`\n| workflow page, ${length}-event history, 20 requests each | p50 | p95 | max | body | target |\n|---|---|---|---|---|---|`);
  for (const [label, cookie, path] of [
    ['platform admin, first 200 events (payloads decoded)', staff, detail],
    ['platform admin, last 200 events', staff, `${detail}?eventsFrom=${Math.max(0, (length ?? 0) - 200)}`],
    ['platform admin, 1,000 events in one page', staff, `${detail}?eventsLimit=1000`],
    ['org admin, first 200 events', admin, detail],
    ['raw history.json download', staff, `${detail}/history.json`],
  ] as const) {
    const r = await time(cookie, path, 20);
    const body = r.check as { eventsTotal?: number; pendingTimers?: unknown[] } | null;
    if (body && (body.eventsTotal !== length || !body.pendingTimers?.length)) throw new Error(`unexpected answer for ${label}: ${JSON.stringify(body).slice(0, 200)}`);
    say(`| ${label} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${(r.bytes / 1024).toFixed(0)} KiB | < 1 s |`);
  }

  // Visibility on the dev server is eventually consistent: wait until the count is there.
  for (;;) {
    const res = await fetch(`${base}/workflows?limit=1`, { headers: { cookie: staff } });
    const body = (await res.json()) as { count: number };
    if (body.count >= WORKFLOWS) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  say(`\n| workflow list (page of 50 + count), ${WORKFLOWS} workflows, org admin, 50 requests each | p50 | p95 | max | target |\n|---|---|---|---|---|`);
  for (const [label, query] of [
    ['first page', ''],
    ['type=kycCase&status=running', 'type=kycCase&status=running'],
    ['caseId=…', `caseId=${sampleCaseIds[0]}`],
    ['dueBefore=today', `dueBefore=${new Date().toISOString().slice(0, 10)}`],
    ['second page (cursor)', 'cursor'],
  ] as const) {
    let path = `/workflows?${query}`;
    if (query === 'cursor') {
      const first = await (await fetch(`${base}/workflows`, { headers: { cookie: admin } })).json() as { nextCursor: string };
      path = `/workflows?cursor=${first.nextCursor}`;
    }
    const r = await time(admin, path, 50);
    say(`| ${label} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | < 200 ms |`);
  }
  const failing = await time(admin, '/workflows?failing=true', 5);
  say(`| failing=true (describes the newest 200 running) | ${ms(failing.p50)} | ${ms(failing.p95)} | ${ms(failing.max)} | |`);
  const health = await time(staff, '/workflow-health', 5);
  say(`| health board, platform admin | ${ms(health.p50)} | ${ms(health.p95)} | ${ms(health.max)} | |`);
  say(`\nmachine at the end: ${machine()}`);
}

main().then(cleanUp, async (error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  await cleanUp();
  process.exitCode = 1;
});
