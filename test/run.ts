// The one test command (`npm test`). It provisions what the tests need — Chromium,
// the Temporal binary, the workflow bundle and web build, a throwaway database on
// the local Postgres, a headless Temporal dev server on its own port with a
// temporary SQLite file — runs every *.test.ts file in its own process with a
// time limit, reports coverage with c8, cleans up (also on failure or Ctrl-C),
// and ends with the plain line `N passed, N failed, N skipped`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { childEnvironment } from '../config/index.ts';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { WEB_HANDLER_PATH } from '../api/server.ts';
import { ensureLocalPostgres } from '../cli/postgres.ts';
import { ensureTemporalBinary, REPO_ROOT, startDevServer, waitForTemporal } from '../cli/temporal-server.ts';
import { buildWeb } from '../cli/commands/build.ts';
import { isStale } from '../cli/build-freshness.ts';
import { CHROMIUM_PATH } from './harness/browser.ts';

export const TEST_CODEC_KEYS = `test:${Buffer.alloc(32, 'clientnote-test-key').toString('base64')}`;
const FILE_TIMEOUT_MS = 5 * 60_000;
const RUN_TIMEOUT_MS = 25 * 60_000;
const SKIP_DIRS = new Set(['node_modules', '.git', '.data', '.tools', '.test-data', '.scratch', 'dist', 'build', '.svelte-kit', 'coverage', 'fixtures']);

const say = (line: string) => process.stdout.write(`${line}\n`);

/** How many files run at once: TEST_LANES, else 2 (the machines here have two cores; most of a test's time is waiting on timers and I/O). */
function lanesWanted(): number {
  const raw = process.env.TEST_LANES;
  if (raw === undefined || raw === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`TEST_LANES must be a whole number from 1 to 8, not ${JSON.stringify(raw)}`);
  return n;
}

function findTestFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) findTestFiles(join(dir, entry.name), found);
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(join(dir, entry.name));
    }
  }
  return found;
}

/** Browser tests last (with one lane): they need everything else to work. */
function ordered(files: string[]): string[] {
  const browser = (f: string) => f.includes('.browser.');
  return [...files.filter((f) => !browser(f)).sort(), ...files.filter(browser).sort()];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  say('installing Chromium for the browser tests (apt-get install chromium)…');
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium']]) {
    const [cmd, ...rest] = [...asRoot, ...args] as [string, ...string[]];
    const result = spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: childEnvironment({ DEBIAN_FRONTEND: 'noninteractive' }) });
    if (result.status !== 0) throw new Error(`could not install Chromium (${args.join(' ')} failed). Install it by hand: apt-get install chromium`);
  }
}

/** poppler-utils' pdftotext reads the text of the PDFs the platform makes (test/case-pdf.test.ts). */
const PDFTOTEXT_PATH = '/usr/bin/pdftotext';
function ensurePdftotext(): void {
  if (existsSync(PDFTOTEXT_PATH)) return;
  say('installing poppler-utils for the PDF tests (apt-get install poppler-utils)…');
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'poppler-utils']]) {
    const [cmd, ...rest] = [...asRoot, ...args] as [string, ...string[]];
    const result = spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: childEnvironment({ DEBIAN_FRONTEND: 'noninteractive' }) });
    if (result.status !== 0) throw new Error(`could not install poppler-utils (${args.join(' ')} failed). Install it by hand: apt-get install poppler-utils`);
  }
}

interface FileResult { file: string; passed: number; failed: number; skipped: number; ms: number }

/**
 * Run one test file in its own process. With `live`, its output streams as it comes
 * (one lane); otherwise it is printed in one piece when the file ends, so files of
 * parallel lanes do not interleave.
 */
function runFile(file: string, env: NodeJS.ProcessEnv, children: Set<ChildProcess>, live: boolean, heading: string): Promise<FileResult> {
  const started = Date.now();
  if (live) say(heading);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); if (live) process.stdout.write(d); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); if (live) process.stderr.write(d); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, FILE_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      const ms = Date.now() - started;
      const name = relative(REPO_ROOT, file);
      if (!live) process.stdout.write(`${heading}  (${(ms / 1000).toFixed(0)} s)\n${output}`);
      const skipReason = /^SKIP FILE: (.*)$/m.exec(output);
      const total = /Total:\s+(\d+)/.exec(output);
      const passed = /Passed:\s+(\d+)/.exec(output);
      const skipped = /Skipped:\s+(\d+)/.exec(output);
      if (skipReason && code === 0) {
        resolve({ file: name, passed: 0, failed: 0, skipped: 1, ms });
      } else if (timedOut) {
        say(`✘ ${name}: killed after ${FILE_TIMEOUT_MS / 1000} s`);
        resolve({ file: name, passed: Number(passed?.[1] ?? 0), failed: 1, skipped: 0, ms });
      } else if (!total || !passed) {
        say(`✘ ${name}: exited with code ${code} before reporting results`);
        resolve({ file: name, passed: 0, failed: 1, skipped: 0, ms });
      } else {
        // uvu's Total counts the tests that ran; Skipped ones are outside it.
        const p = Number(passed[1]);
        const s = Number(skipped?.[1] ?? 0);
        let f = Math.max(0, Number(total[1]) - p);
        if (code !== 0 && f === 0) {
          say(`✘ ${name}: exited with code ${code} after its tests`);
          f = 1;
        }
        resolve({ file: name, passed: p, failed: f, skipped: s, ms });
      }
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const filter = process.argv.slice(2);
  const children = new Set<ChildProcess>();
  const cleanups: (() => Promise<void> | void)[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'clientnote-test-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const child of children) child.kill('SIGKILL');
    for (const step of cleanups.reverse()) {
      try { await step(); } catch (error) { process.stderr.write(`cleanup: ${(error as Error).message}\n`); }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { void cleanUp().then(() => process.exit(130)); });
  }
  const runTimer = setTimeout(() => {
    say(`the whole test run exceeded ${RUN_TIMEOUT_MS / 60_000} minutes; stopping`);
    void cleanUp().then(() => { say('0 passed, 1 failed'); process.exit(1); });
  }, RUN_TIMEOUT_MS);
  runTimer.unref();

  try {
    const files = ordered(findTestFiles(REPO_ROOT)).filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)));
    say(`clientnote tests: ${files.length} files`);

    // Provision: browser, Temporal binary, builds.
    const browserTests = files.some((f) => f.includes('.browser.'));
    if (browserTests) ensureChromium();
    if (files.some((f) => /pdf/.test(f))) ensurePdftotext();
    const temporalBinary = ensureTemporalBinary(say);
    await buildWorkflowBundle();
    if (browserTests && isStale(WEB_HANDLER_PATH, [join(REPO_ROOT, 'web', 'src'), join(REPO_ROOT, 'web', 'messages'), join(REPO_ROOT, 'web', 'vite.config.ts')])) {
      say('building the web app…');
      buildWeb();
    }

    // Its own headless Temporal dev server, shared by the lanes.
    const temporalPort = await freePort();
    const temporal = startDevServer({
      binary: temporalBinary, port: temporalPort, uiPort: null, namespace: 'clientnote', dbFile: join(workDir, 'temporal.sqlite'),
    });
    cleanups.push(() => { temporal.kill('SIGTERM'); });
    temporal.stderr?.on('data', () => {});
    temporal.stdout?.on('data', () => {});
    await ensureLocalPostgres(DEFAULT_ADMIN_URL, say);
    await waitForTemporal(`127.0.0.1:${temporalPort}`, 'clientnote', { timeoutMs: 60_000, process: temporal });

    // Lanes run files in parallel. Each has what a file may reset or fill: a throwaway
    // database with the same two roles as production, a task queue (so its worker runs
    // only its own workflows), a web port and a data directory. Browser files run on the
    // first lane only, so one Chromium runs at a time.
    const coverageDir = join(workDir, 'coverage');
    const laneCount = Math.max(1, Math.min(files.length, lanesWanted()));
    const lanes: NodeJS.ProcessEnv[] = [];
    for (let lane = 0; lane < laneCount; lane += 1) {
      const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_test');
      cleanups.push(drop);
      await migrateUp({ ownerUrl, appUrl });
      lanes.push(childEnvironment({
        NODE_ENV: 'test',
        PORT: String(await freePort()),
        DATABASE_URL: ownerUrl,
        DATABASE_APP_URL: appUrl,
        DATABASE_ADMIN_URL: DEFAULT_ADMIN_URL,
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        TEMPORAL_NAMESPACE: 'clientnote',
        TEMPORAL_TASK_QUEUE: laneCount === 1 ? 'clientnote-test' : `clientnote-test-${lane}`,
        CLIENTNOTE_DATA_DIR: join(workDir, laneCount === 1 ? 'data' : `data-${lane}`),
        // The Temporal dev server's own store, read by the erasure scan (test/erasure-scan.test.ts).
        CLIENTNOTE_TEST_TEMPORAL_DB: join(workDir, 'temporal.sqlite'),
        // A fixed, test-only key ring, so committed workflow histories can be replayed.
        CLIENTNOTE_CODEC_KEYS: TEST_CODEC_KEYS,
        CLIENTNOTE_SECRET: 'test-only-secret-not-used-anywhere-else-0123456789',
        LOG_LEVEL: 'warn',
        NODE_V8_COVERAGE: coverageDir,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      }));
    }
    if (laneCount > 1) say(`${laneCount} lanes in parallel (TEST_LANES); each file's output follows when it ends`);

    const browserQueue = files.filter((f) => f.includes('.browser.'));
    const sharedQueue = files.filter((f) => !f.includes('.browser.'));
    const results: FileResult[] = [];
    await Promise.all(lanes.map(async (env, lane) => {
      for (;;) {
        // The first lane takes the browser files first (they are the longest), the others the rest.
        const file = (lane === 0 ? browserQueue.shift() : undefined) ?? sharedQueue.shift() ?? (laneCount === 1 ? browserQueue.shift() : undefined);
        if (!file) return;
        const heading = `\n── ${relative(REPO_ROOT, file)}${laneCount > 1 ? ` [lane ${lane + 1}]` : ''}`;
        results.push(await runFile(file, env, children, laneCount === 1, heading));
      }
    }));

    // Coverage (c8 reads what V8 wrote for every test process).
    spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'c8', 'bin', 'c8.js'), 'report', '--temp-directory', coverageDir,
      '--reporter', 'text-summary', '--reporter', 'html', '--reports-dir', join(REPO_ROOT, 'coverage'),
      '--exclude', '**/*.test.ts', '--exclude', 'test/**', '--exclude', 'node_modules/**', '--exclude', 'web/build/**', '--exclude', 'dist/**'],
    { cwd: REPO_ROOT, stdio: 'inherit' });

    const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
    const failedFiles = results.filter((r) => r.failed > 0);
    say(`\n${results.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s` + (failedFiles.length ? `; failing: ${failedFiles.map((r) => r.file).join(', ')}` : ''));
    for (const r of results.filter((x) => x.skipped > 0 && x.passed === 0 && x.failed === 0)) say(`skipped file: ${r.file}`);
    await cleanUp();
    say(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
    return sum('failed') > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`\nthe test run could not be prepared: ${(error as Error).message}\n`);
    await cleanUp();
    say('0 passed, 1 failed');
    return 1;
  }
}

process.exitCode = await main();
