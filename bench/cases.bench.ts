// Case benchmark (issues #5 and #20).
//  (a) KYC cases driven to the review step with the offline providers (demo
//      registry, in-process screening index, template drafter) by N concurrent
//      "handlers" (default 200 cases, 10 at once): each starts a case, sends its
//      human steps through the same Temporal Updates the API sends
//      (WorkflowGateway) and writes what the API's route handlers write to
//      Postgres beside them (case file, hit reasons, section texts), then takes
//      the next case. HTTP, sessions and the audit trail are outside this figure.
//      The worker runs in processes of its own (bench/cases/worker.ts, through
//      createWorker as `clientnote worker` does; `--workers 2` starts two on the
//      same task queue). The yardstick, measured in the same run with the same
//      handlers, is a bare workflow of the case's shape (bench/cases/bare-workflow.ts):
//      the same ordinary and local activities, Updates, timers and search-attribute
//      upserts, counted from the warm-up cases' histories, all no-ops. Printed:
//      cases/s of both and the ratio, CPU ms per case per process from /proc
//      (Temporal dev server, worker processes, the bench database's Postgres
//      backends, this driver), and p50/p95 of each Update kind as the driver sees it.
//      Targets: CPU per case ≤ 120 ms all processes together; ≥ 12 cases/s with two
//      worker processes; product ÷ yardstick ≤ 1.2×; Update p95 ≤ 150 ms.
//  (b) GET /api/v1/cases p95 < 30 ms with 100,000 cases in the database (rows
//      seeded with SQL), over real HTTP against the API in-process, with the
//      query plans of the list query printed.
// It provisions its own database and Temporal dev server (as test/run.ts does)
// and removes both at the end, also on failure.
//
//   flock /tmp/clientnote-test.lock npm run -s bench:cases [-- --cases 200 --concurrency 10 --workers 1|2 --remember-hits --cpu-prof DIR --rows 100000 --only flow|list]
import { randomBytes } from 'node:crypto';
import { createServer as createHttp } from 'node:http';
import { createServer as createNet, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem, freemem } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { childEnvironment } from '../config/index.ts';
import { DEFAULT_ADMIN_URL, parseConfig } from '../config/schema.ts';
import { createLogger } from '../config/logger.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex, type Knex } from '../db/knex.ts';
import { seedDemo, DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { mustBeVerified } from '../domain/kyc/case-file.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createWorkflowGateway, type WorkflowGateway } from '../temporal/client/gateway.ts';
import { COMPLETE_STEP_UPDATE } from '../domain/kyc/case-workflow.ts';
import { bareUpdate } from './cases/bare-workflow.ts';
import { historyShape, meanCounts, type BarePlan, type HistoryCounts } from './cases/history-shape.ts';
import { startCpuMeter } from './cases/proc-cpu.ts';
import { WorkflowRefusedError } from '../temporal/client/refusal.ts';
import { reportVersionOf } from '../domain/kyc/report.ts';
import { sha256Hex } from '../db/sha256.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { DEMO_LISTS } from '../screening/demo-list/demo-list.ts';
import { importParsedList } from '../screening/store.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import { SECTION_KEYS, type CaseProgress } from '../domain/kyc/case.ts';
import { kycCaseWorkflowId } from '../domain/kyc/case-workflow.ts';
import { ensureTemporalBinary, startDevServer, waitForTemporal } from '../cli/temporal-server.ts';

const { values: opts } = parseArgs({
  options: {
    cases: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '10' }, workers: { type: 'string', default: '1' },
    rows: { type: 'string', default: '100000' }, only: { type: 'string' }, 'remember-hits': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const CASES = Number(opts.cases);
const CONCURRENCY = Number(opts.concurrency);
const WORKERS = Number(opts.workers);
const REMEMBER_HITS = opts['remember-hits'];
/** A directory for V8 CPU profiles of the product worker processes (written when they stop). */
const CPU_PROF = opts['cpu-prof'];
const ROWS = Number(opts.rows);
const runFlow = opts.only !== 'list';
const runList = opts.only !== 'flow';
/** The demo companies, round robin: a plain ApS, a holding chain, a foreign parent, a PEP director, a sanctioned owner, nobody above 25 %. */
const COMPANIES = ['38411063', '41271000', '37191000', '42831042', '35901000', '44181126'];
const BARE_QUEUE = 'bench-bare';

const say = (line = '') => process.stdout.write(`${line}\n`);
const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
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

const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;
const orgId = DEMO_ORGS[0].id;

async function main(): Promise<void> {
  say(`# case benchmark, ${new Date().toISOString()}`);
  say(`machine at start: ${machine()}`);
  const workDir = mkdtempSync(join(tmpdir(), 'clientnote-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

  const { database, ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  cleanups.push(drop);
  await migrateUp({ ownerUrl, appUrl });

  // The product's workflow bundle, built fresh as the test runner builds it.
  if (runFlow) await buildWorkflowBundle();
  const temporalPort = await freePort();
  const binary = ensureTemporalBinary(say);
  const temporal = startDevServer({ binary, port: temporalPort, uiPort: null, namespace: 'clientnote', dbFile: join(workDir, 'temporal.sqlite') });
  temporal.stdout?.on('data', () => {});
  temporal.stderr?.on('data', () => {});
  cleanups.push(() => { temporal.kill('SIGTERM'); });
  await waitForTemporal(`127.0.0.1:${temporalPort}`, 'clientnote', { timeoutMs: 60_000, process: temporal });

  const env = childEnvironment({
    NODE_ENV: 'development', DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl, LOG_LEVEL: 'silent', SMTP_URL: undefined,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, TEMPORAL_NAMESPACE: 'clientnote', TEMPORAL_TASK_QUEUE: 'bench-kyc',
    CLIENTNOTE_DATA_DIR: join(workDir, 'data'),
    CLIENTNOTE_SECRET: randomBytes(32).toString('hex'), CLIENTNOTE_CODEC_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  });
  const config = parseConfig(env);
  const owner = createKnex(ownerUrl, { poolMax: 2 });
  cleanups.push(() => owner.destroy());
  await seedDemo(owner, { passwordHash: await hashPassword(config.demoPassword) });
  // The shipped demo screening lists, stored as `npm start` stores them.
  for (const list of DEMO_LISTS) await importParsedList(owner, list, { source: 'demo' });
  const knex = createKnex(appUrl, { poolMax: 20 });
  cleanups.push(() => knex.destroy());

  if (runFlow) {
    // pg_stat_activity names other roles' backends only to a superuser: the admin connection finds the app's.
    const admin = createKnex(DEFAULT_ADMIN_URL, { poolMax: 1 });
    cleanups.push(() => admin.destroy());
    const backends = async () => (await admin.raw('select pid from pg_stat_activity where datname = ?', [database])).rows.map((r: { pid: number }) => r.pid) as number[];
    const dbStats = async () => (await admin.raw('select xact_commit::int as commits, (tup_inserted + tup_updated + tup_deleted)::int as written, tup_returned::int as returned from pg_stat_database where datname = ?', [database])).rows[0] as DbStats;
    await flowBench(config, env, knex, { backends, dbStats }, workDir, temporal.pid!);
  }
  if (runList) await listBench(config, knex, owner);
  say(`\nmachine at the end: ${machine()}`);
}

// ───────────────────────────── (a) cases to review ─────────────────────────────

type DbStats = { commits: number; written: number; returned: number };
type Phase = { driverQueries: number; db: DbStats; name: string; seconds: number; cases: number; failed: number; latencies: number[]; updates: Map<string, number[]>; cpu: Record<string, number>; clusterPostgres: number; machine: { busy: number; all: number }; load: string };

/** `n` jobs, `concurrency` at a time (the handlers), each taking the next one when done. */
async function pool(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) await job(next++);
  }));
}

async function flowBench(config: ReturnType<typeof parseConfig>, env: NodeJS.ProcessEnv, knex: Knex, { backends, dbStats }: { backends: () => Promise<number[]>; dbStats: () => Promise<DbStats> }, workDir: string, temporalPid: number): Promise<void> {
  const gateway = await createWorkflowGateway(config);
  cleanups.push(() => gateway.close());
  const connection = await Connection.connect({ address: config.temporal.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
  const data = createCaseDataRepository(knex);
  const caseFile = createCaseFileRepository(knex);

  // The workers, each in a process of its own as in production: the product's (createWorker) and the yardstick's.
  const { code } = await bundleWorkflowCode({ workflowsPath: join(import.meta.dirname, 'cases', 'bare-workflow.ts'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => process.stderr.write(`${m}\n`) } });
  const bareBundle = join(workDir, 'bare-bundle.js');
  writeFileSync(bareBundle, code);
  // The yardstick workers say when a workflow's start is done (its first Update waits for that, as a case's waits for the registry).
  const startedBare = new Set<string>();
  const waitingBare = new Map<string, () => void>();
  const onLine = (line: string) => {
    const [word, id] = line.split(' ');
    if (word !== 'started' || !id) return;
    startedBare.add(id);
    waitingBare.get(id)?.();
    waitingBare.delete(id);
  };
  const bareStarted = (id: string) => new Promise<void>((resolve) => { if (startedBare.has(id)) resolve(); else waitingBare.set(id, resolve); });
  const spawnWorker = async (args: string[]): Promise<ChildProcess> => {
    const profile = CPU_PROF && args[0] === 'product' ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(import.meta.dirname, 'cases', 'worker.ts'), ...args], { cwd: join(import.meta.dirname, '..'), env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    cleanups.push(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let ready = false;
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const lines = out.split('\n');
        out = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready' && !ready) { ready = true; resolve(); } else onLine(line);
        }
      });
      child.once('exit', (codeNo) => reject(new Error(`worker ${args.join(' ')} exited with ${codeNo} before it was ready`)));
    });
    return child;
  };
  const productWorkers = await Promise.all(Array.from({ length: WORKERS }, () => spawnWorker(['product'])));
  const bareWorkers = await Promise.all(Array.from({ length: WORKERS }, () => spawnWorker(['bare', bareBundle, BARE_QUEUE])));

  // Registry readiness: one query for all waiting cases instead of a poll per case.
  const waiting = new Map<string, () => void>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      if (waiting.size) {
        const ready = await knex('cases').whereIn('id', [...waiting.keys()]).whereNotNull('registryStatus').pluck('id') as string[];
        for (const id of ready) { waiting.get(id)?.(); waiting.delete(id); }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  cleanups.push(async () => { polling = false; await poller; });
  const registryReady = (id: string) => new Promise<void>((resolve) => waiting.set(id, resolve));

  let retries = 0;
  let firstTransient = '';
  let updates = new Map<string, number[]>();
  const timed = async <T>(kind: string, call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await call();
    if (!updates.has(kind)) updates.set(kind, []);
    updates.get(kind)!.push(performance.now() - t);
    return result;
  };
  /**
   * One Update, timed from the driver (retries included); after a transient failure (an RPC deadline on the busy server)
   * the Update may have been applied all the same, so the live progress is asked before sending it again.
   */
  const send = (kind: string, id: string, what: () => Promise<CaseProgress>, done: (p: CaseProgress) => boolean): Promise<CaseProgress> => timed(kind, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await what();
      } catch (error) {
        if (error instanceof WorkflowRefusedError && attempt > 1) {
          // The timed-out first attempt was in flight and won; this copy was refused. Settled once the progress shows it.
          for (let wait = 0; wait < 50; wait++) {
            const now = await gateway.caseProgress(id).catch(() => null);
            if (now && done(now)) return now;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        if (error instanceof WorkflowRefusedError || attempt >= 5) throw error;
        retries += 1;
        firstTransient ||= `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200);
        await new Promise((r) => setTimeout(r, 200 * attempt));
        const now = await gateway.caseProgress(id).catch(() => null);
        if (now && done(now)) return now;
      }
    }
  });
  /** Retried on a transient error; an Update keeps its id, so the server applies it once. */
  const again = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= 5) throw error;
        retries += 1;
        firstTransient ||= `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200);
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };

  /** What a handler does through the API, as Updates plus the route handlers' Postgres writes. */
  const drive = async (id: string): Promise<void> => {
    const settings = await data.settings(orgId);
    await again(() => gateway.startCase({ caseId: id, orgId, durations: settings.durations }));
    await registryReady(id);
    const past = (...steps: string[]) => (x: CaseProgress) => x.status !== 'open' || !steps.includes(x.step ?? '');
    // The case file, as the routes write it: the edit claimed on the case (the editor recorded), then the change.
    for (const party of (await caseFile.facts(orgId, id))!.parties.filter(mustBeVerified)) {
      await caseFile.claimEdit(orgId, id, handler.id, 'identity');
      await caseFile.verify(orgId, id, party.id, { method: 'mitid', documentId: null, description: null, by: handler.id, at: new Date() });
    }
    await caseFile.claimEdit(orgId, id, handler.id, 'relationship');
    await caseFile.saveRelationship(orgId, id, {
      purpose: 'Bench', nature: 'Bench', expectedActivity: 'Bench', sourceOfFunds: 'Bench', sourceOfWealth: 'Bench', product: 'standard', deliveryChannel: 'in_person',
    }, handler.id, new Date());
    let p = await send('completeStep data_collection', id, () => gateway.completeStep(id, { step: 'data_collection', actorId: handler.id }), past('data_collection'));
    if (p.step === 'screening' && !p.hits) p = (await gateway.caseProgress(id))!;
    for (const hit of (p.hits ?? []).filter((h) => h.decision === 'open')) {
      // New clients, not the same six again: the organisation would remember this dismissal and raise no hit on the next
      // case of the same demo company (the bench's own write, not the product's, before the decision; --remember-hits leaves it).
      if (!REMEMBER_HITS) await knex('case_hits').where({ id: hit.id }).update({ partyKey: knex.raw(`party_key || ':bench-new-client'`) });
      await send('decideHit', id, () => gateway.decideHit(id, { hitId: hit.id, decision: 'dismissed', actorId: handler.id }), (x) => x.hits?.find((h) => h.id === hit.id)?.decision === 'dismissed');
      await data.setHitReason(orgId, id, hit.id, 'Bench: a different person (birth date does not match).');
    }
    await send('completeStep screening', id, () => gateway.completeStep(id, { step: 'screening', actorId: handler.id }), past('data_collection', 'screening'));
    await send('completeStep risk', id, () => gateway.completeStep(id, { step: 'risk', actorId: handler.id }), past('data_collection', 'screening', 'risk'));
    for (const key of SECTION_KEYS) {
      await caseFile.claimEdit(orgId, id, handler.id, 'section', { kind: 'section_accepted', key: `${id}:section:${key}` });
      await data.writeSection(orgId, id, key, { text: `Reviewed by the bench (${key}).`, accepted: true, by: handler.id, at: new Date() });
    }
    await caseFile.claimEdit(orgId, id, handler.id, 'conclusion');
    await data.patchCase(orgId, id, { conclusion: 'establish' });
    const reportVersion = reportVersionOf(id, await data.sections(orgId, id), sha256Hex);
    p = await send('submit', id, () => gateway.submit(id, { reportVersion, actorId: handler.id }), (x) => x.status === 'in_review');
    if (p.status !== 'in_review') throw new Error(`case ${id} ended in ${p.status}`);
  };

  const createRows = async (n: number): Promise<string[]> => {
    const settings = await data.settings(orgId);
    const rows = Array.from({ length: n }, (_, i) => ({
      orgId, type: 'onboarding', clientKind: 'company', clientName: null, clientCvr: COMPANIES[i % COMPANIES.length],
      createdBy: handler.id, assigneeId: handler.id, dueAt: new Date(Date.now() + settings.slaSeconds * 1000),
    }));
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 500) ids.push(...(await knex('cases').insert(rows.slice(i, i + 500)).returning('id')).map((r: { id: string }) => r.id));
    return ids;
  };

  /** The yardstick's handler: start, then the same Updates one after the other, no-ops all. */
  const plans: BarePlan[] = [];
  const driveBare = async (workflowId: string, plan: BarePlan): Promise<void> => {
    const handle = await again(() => client.workflow.start('bareCase', { taskQueue: BARE_QUEUE, workflowId, args: [plan, workflowId], workflowIdConflictPolicy: 'USE_EXISTING' }));
    await bareStarted(workflowId);
    for (let u = 0; u < plan.updates.length; u++) {
      await timed(plan.updates[u]!.kind, () => again(() => handle.executeUpdate(bareUpdate, { args: [u], updateId: `bare-${u}` })));
    }
  };

  const measure = async (name: string, n: number, job: (i: number) => Promise<void>): Promise<Phase> => {
    updates = new Map();
    const latencies: number[] = [];
    let failed = 0;
    let firstError: unknown;
    const meter = startCpuMeter({
      fixed: { temporal: [temporalPid], 'product workers': productWorkers.map((c) => c.pid!), 'yardstick workers': bareWorkers.map((c) => c.pid!), driver: [process.pid] },
      backends,
    });
    const dbBefore = await dbStats();
    let driverQueries = 0;
    const countQuery = () => { driverQueries += 1; };
    knex.on('query', countQuery);
    const started = performance.now();
    await pool(n, CONCURRENCY, async (i) => {
      const t = performance.now();
      try {
        await job(i);
        latencies.push(performance.now() - t);
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    knex.off('query', countQuery);
    const { perRole, clusterPostgres, machine: busy } = await meter.stop();
    // Postgres publishes a backend's counts when its transaction ends (idle ones within a second): wait that second.
    await new Promise((r) => setTimeout(r, 1100));
    const dbAfter = await dbStats();
    const db = { commits: dbAfter.commits - dbBefore.commits, written: dbAfter.written - dbBefore.written, returned: dbAfter.returned - dbBefore.returned };
    if (firstError) process.stderr.write(`${name}: first failure: ${(firstError as Error).stack}\n`);
    return { driverQueries, db, name, seconds, cases: n - failed, failed, latencies, updates, cpu: perRole, clusterPostgres, machine: busy, load: machine() };
  };

  // Warm-up: one case per demo company (loads the screening index, JITs the workers).
  say('\n## (a) cases to review\n');
  say(`${CASES} cases, ${CONCURRENCY} handlers at once (each starts a case and drives it to review, then takes the next), ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''} per kind`);
  const warm = await createRows(COMPANIES.length);
  const warmRun = await measure('warm-up', warm.length, (i) => drive(warm[i]!));
  if (warmRun.failed) throw new Error('the warm-up cases did not reach review');

  // The product first; then the yardstick copies each measured case's history, case by case.
  const ids = await createRows(CASES);
  retries = 0;
  firstTransient = '';
  const kyc = await measure('product', CASES, (i) => drive(ids[i]!));
  const kycRetries = retries;
  const inReview = Number((await knex('cases').whereIn('id', ids).where({ status: 'in_review', step: 'review' }).count<{ n: string }[]>({ n: '*' }))[0]!.n);
  const stepOrder = ['data_collection', 'screening', 'risk', 'report'];
  const shapeOf = async (workflowId: string, labelled = true) => {
    let completed = 0;
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return historyShape(history, (name) => (labelled && name === COMPLETE_STEP_UPDATE ? `completeStep ${stepOrder[completed++]}` : name));
  };
  const productCounts: HistoryCounts[] = [];
  const warmCounts: HistoryCounts[] = [];
  for (const id of warm) warmCounts.push((await shapeOf(kycCaseWorkflowId(id))).counts);
  for (const id of ids) {
    const { plan, counts } = await shapeOf(kycCaseWorkflowId(id));
    plans.push(plan);
    productCounts.push(counts);
  }

  const tag = randomBytes(3).toString('hex');
  const bareWarm = await measure('yardstick warm-up', 12, (i) => driveBare(`bare/${tag}/warm/${i}`, plans[i % plans.length]!));
  if (bareWarm.failed) throw new Error('the yardstick warm-up failed');
  retries = 0;
  const yard = await measure('yardstick', CASES, (i) => driveBare(`bare/${tag}/${i}`, plans[i]!));
  const yardRetries = retries;
  const bareCounts: HistoryCounts[] = [];
  for (let i = 0; i < CASES; i++) bareCounts.push((await shapeOf(`bare/${tag}/${i}`, false)).counts);

  say('\nHistory events per case on its way to review, and the yardstick\'s copy:\n');
  say('| | events | workflow tasks completed | ordinary activities scheduled | local activities (markers) | Updates accepted | timers started | search-attribute upserts |\n|---|---|---|---|---|---|---|---|');
  const row = (label: string, c: HistoryCounts, digits = 0) => say(`| ${label} | ${[c.events, c.workflowTasks, c.activities, c.locals, c.updates, c.timers, c.upserts].map((v) => v.toFixed(digits)).join(' | ')} |`);
  warmCounts.forEach((c, i) => row(`warm-up case, company ${COMPANIES[i]!} (first of its company)`, c));
  row(`product, mean of the ${CASES} measured cases`, meanCounts(productCounts), 2);
  row(`yardstick, mean of its ${CASES}`, meanCounts(bareCounts), 2);

  const perCase = (p: Phase, role: string) => (p.cpu[role] ?? 0) / Math.max(1, p.cases);
  const ownWorkers = (p: Phase) => (p === yard ? 'yardstick workers' : 'product workers');
  const total = (p: Phase) => ['temporal', ownWorkers(p), 'postgres', 'driver'].reduce((s, r) => s + perCase(p, r), 0);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  say(`\nafter the product: ${kyc.load}\nafter the yardstick: ${yard.load}`);
  // How busy the machine was, and how much of that was not this bench (other engineers' tests, the other kind's idle workers, other databases).
  const share = (p: Phase) => {
    const ours = ['temporal', 'product workers', 'yardstick workers', 'postgres', 'driver'].reduce((s, r) => s + (p.cpu[r] ?? 0), 0);
    return `machine CPU busy ${(100 * p.machine.busy / p.machine.all).toFixed(0)} % of ${(p.machine.all / 1000).toFixed(0)} core-seconds, of which the bench's processes ${(100 * ours / p.machine.all).toFixed(0)} %, everything else ${(100 * (p.machine.busy - ours) / p.machine.all).toFixed(0)} %`;
  };
  say(`during the product: ${share(kyc)}\nduring the yardstick: ${share(yard)}`);
  say(`calls retried after a transient error: yardstick ${yardRetries}, product ${kycRetries}${firstTransient ? ` (first: ${firstTransient})` : ''}; product failed: ${kyc.failed}, yardstick failed: ${yard.failed}; ${inReview} of ${CASES} product cases in review in Postgres`);
  say(`\n| measure (${CASES} cases, ${CONCURRENCY} handlers, ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}) | case-shaped yardstick | product | product ÷ yardstick | target |\n|---|---|---|---|---|`);
  say(`| wall time | ${yard.seconds.toFixed(1)} s | ${kyc.seconds.toFixed(1)} s | ${ratio(kyc.seconds, yard.seconds)} | ≤ 1.2× |`);
  say(`| cases/s | ${(yard.cases / yard.seconds).toFixed(1)} | ${(kyc.cases / kyc.seconds).toFixed(1)} | | ≥ 12 with two workers |`);
  say(`| time to review per case p50 / p95 | ${(pct(yard.latencies, 0.5) / 1000).toFixed(2)} / ${(pct(yard.latencies, 0.95) / 1000).toFixed(2)} s | ${(pct(kyc.latencies, 0.5) / 1000).toFixed(2)} / ${(pct(kyc.latencies, 0.95) / 1000).toFixed(2)} s | | |`);
  for (const [label, role] of [['CPU per case: Temporal dev server', 'temporal'], ['CPU per case: worker process(es)', 'workers'], ['CPU per case: Postgres (the bench database\'s backends)', 'postgres'], ['CPU per case: driver (bench process)', 'driver']] as const) {
    const y = role === 'workers' ? perCase(yard, 'yardstick workers') : perCase(yard, role);
    const k = role === 'workers' ? perCase(kyc, 'product workers') : perCase(kyc, role);
    say(`| ${label} | ${y.toFixed(1)} ms | ${k.toFixed(1)} ms | ${ratio(k, y)} | |`);
  }
  say(`| **CPU per case, all these processes** | ${total(yard).toFixed(1)} ms | **${total(kyc).toFixed(1)} ms** | ${ratio(total(kyc), total(yard))} | ≤ 120 ms |`);
  say(`| Postgres transactions committed per case (rows written; rows read) | ${(yard.db.commits / yard.cases).toFixed(1)} | ${(kyc.db.commits / kyc.cases).toFixed(1)} (${(kyc.db.written / kyc.cases).toFixed(0)}; ${(kyc.db.returned / kyc.cases).toFixed(0)}) | | |`);
  say(`| of which statements the driver sent (route handlers' writes and reads, registry poll) | | ${(kyc.driverQueries / kyc.cases).toFixed(1)} | | |`);
  say(`| (idle workers of the other kind, not in the total) | product: ${perCase(yard, 'product workers').toFixed(1)} ms | yardstick: ${perCase(kyc, 'yardstick workers').toFixed(1)} ms | | |`);
  say(`| (every postgres process of the cluster, other engineers' databases included) | ${(yard.clusterPostgres / yard.cases).toFixed(1)} ms | ${(kyc.clusterPostgres / kyc.cases).toFixed(1)} ms | | |`);
  const kinds = [...new Set([...kyc.updates.keys(), ...yard.updates.keys()])];
  for (const kind of kinds) {
    const y = yard.updates.get(kind) ?? [];
    const k = kyc.updates.get(kind) ?? [];
    say(`| Update ${kind} p50 / p95 (n = ${k.length}) | ${ms(pct(y, 0.5))} / ${ms(pct(y, 0.95))} | ${ms(pct(k, 0.5))} / ${ms(pct(k, 0.95))} | ${ratio(pct(k, 0.95), pct(y, 0.95))} (p95) | p95 ≤ 150 ms |`);
  }
}

// ───────────────────────────── (b) GET /cases ─────────────────────────────

async function listBench(config: ReturnType<typeof parseConfig>, knex: Knex, owner: Knex): Promise<void> {
  say(`\n## (b) GET /api/v1/cases with ${ROWS.toLocaleString('en')} cases\n`);
  const handlers = DEMO_USERS.filter((u) => u.orgId === orgId && u.roles.includes('handler')).map((u) => u.id);
  const seedStarted = performance.now();
  // 90 % in the demo organisation, 10 % in the other; statuses, risks, assignees and due dates spread like a working inbox.
  await owner.raw(`
    insert into cases (org_id, type, status, step, client_kind, client_name, client_cvr, assignee_id, created_by, due_at, created_at, updated_at, risk_level, due_diligence, registry_status)
    select case when g % 10 = 0 then ?::uuid else ?::uuid end,
           (array['onboarding','periodic_review','event_review'])[1 + g % 3],
           s.status,
           case s.status when 'open' then (array['data_collection','screening','risk','report'])[1 + g % 4] when 'in_review' then 'review' else null end,
           'company', 'Bench Selskab ' || g || ' ApS', lpad((10000000 + g)::text, 8, '0'),
           case when g % 10 = 0 then null else (?::uuid[])[1 + g % ?] end,
           null,
           now() - interval '30 days' + (g % 60) * interval '1 day',
           now() - (g * interval '15 minutes'),
           now() - (g * interval '15 minutes'),
           case when s.status in ('open','in_review') and g % 7 = 0 then null else (array['low','medium','high'])[1 + g % 3] end,
           null, 'collected'
    from generate_series(1, ?) g
    cross join lateral (select (array['open','open','in_review','approved','monitoring','monitoring','monitoring','declined','ended','monitoring'])[1 + (g / 7) % 10] as status) s`,
  [DEMO_ORGS[1].id, orgId, handlers, handlers.length, ROWS]);
  await owner.raw('analyze cases');
  say(`seeded ${ROWS} rows with SQL in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const mail = { send: async () => 'sent' as const, close() {} };
  const gateway = {} as WorkflowGateway; // GET /cases reads Postgres only
  const { app } = createApp({ config, knex, logger: createLogger(config, 'bench'), workflows: gateway, audit: createAuditRecorder(knex, { secret: config.secret }), mailer: mail });
  const serverTimes = new Map<string, number[]>();
  const callback = app.callback();
  const server = createHttp((req, res) => {
    const started = performance.now();
    const shape = String(req.headers['x-bench-shape'] ?? 'other');
    res.on('finish', () => { if (!serverTimes.has(shape)) serverTimes.set(shape, []); serverTimes.get(shape)!.push(performance.now() - started); });
    void callback(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const loginRes = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'handler@demo.test', password: config.demoPassword }) });
  if (loginRes.status !== 200) throw new Error(`login failed: ${loginRes.status}`);
  const cookie = (loginRes.headers.get('set-cookie') ?? '').split(';')[0]!;

  const shapes: Record<string, string> = {
    'all (first page)': '',
    'mine': 'assignee=me',
    'status=in_review': 'status=in_review',
    'riskLevel=high': 'riskLevel=high',
    'overdue=true': 'overdue=true',
    'mine + open + high': 'assignee=me&status=open&riskLevel=high',
    'status=declined, page 2': 'status=declined&page2',
    'all, page 20': 'page20',
  };
  const get = async (shape: string, qs: string): Promise<{ nextCursor: string | null }> => {
    const res = await fetch(`${base}/cases?${qs}`, { headers: { cookie, 'x-bench-shape': shape } });
    if (res.status !== 200) throw new Error(`GET /cases?${qs}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { nextCursor: string | null };
  };
  // Cursors for the deeper pages, taken once.
  const cursorAfter = async (qs: string, pages: number) => {
    let cursor: string | null = null;
    for (let i = 0; i < pages; i++) cursor = (await get('setup', `${qs}${cursor ? `&cursor=${cursor}` : ''}`)).nextCursor;
    return cursor;
  };
  const page2 = await cursorAfter('status=declined', 1);
  const page20 = await cursorAfter('', 19);
  const query = (shape: string) => {
    const qs = shapes[shape]!;
    if (qs === 'status=declined&page2') return `status=declined&cursor=${page2}`;
    if (qs === 'page20') return `cursor=${page20}`;
    return qs;
  };

  // The plans, from the SQL the repository really sends.
  const captured = new Map<string, { sql: string; bindings: readonly unknown[] }>();
  let current = '';
  const onQuery = (q: { sql: string; bindings?: readonly unknown[] }) => { if (current && /from "cases"/.test(q.sql) && !captured.has(current)) captured.set(current, { sql: q.sql, bindings: q.bindings ?? [] }); };
  knex.on('query', onQuery);
  for (const shape of Object.keys(shapes)) { current = shape; await get('setup', query(shape)); }
  current = '';
  knex.off('query', onQuery);
  say('query plans (EXPLAIN ANALYZE as the application role):\n');
  for (const [shape, q] of captured) {
    const plan = await knex.raw(`explain (analyze, costs off, timing on) ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings as never);
    const lines = (plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
    say(`- ${shape}: ${lines.filter((l) => /Scan|Sort|Limit/.test(l)).map((l) => l.trim().replace(/\s+\(actual.*$/, '')).slice(0, 3).join(' → ')}; ${lines.find((l) => l.startsWith('Execution Time')) ?? ''}`);
  }

  // One client (a person paging through the inbox), then 10 at once; 1000 requests each way, the shapes in turn.
  const names = Object.keys(shapes);
  const measure = async (clients: number) => {
    serverTimes.clear();
    const roundTrips: number[] = [];
    await Promise.all(Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < 1000 / clients; i++) {
        const shape = names[(c + i) % names.length]!;
        const t = performance.now();
        await get(shape, query(shape));
        roundTrips.push(performance.now() - t);
      }
    }));
    const all = [...serverTimes.entries()].filter(([k]) => k !== 'setup').flatMap(([, v]) => v);
    say(`\n| GET /api/v1/cases, ${clients} client${clients > 1 ? 's at once' : ''}, 1000 requests | p50 | p95 | target |\n|---|---|---|---|`);
    say(`| all shapes, server time | ${ms(pct(all, 0.5))} | ${ms(pct(all, 0.95))} | p95 < 30 ms |`);
    say(`| all shapes, round trip | ${ms(pct(roundTrips, 0.5))} | ${ms(pct(roundTrips, 0.95))} | |`);
    for (const name of names) {
      const v = serverTimes.get(name) ?? [];
      say(`| ${name} | ${ms(pct(v, 0.5))} | ${ms(pct(v, 0.95))} | |`);
    }
  };
  await measure(1);
  await measure(10);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`\nbenchmark failed: ${(error as Error).stack}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
