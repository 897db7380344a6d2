// How long `clientnote start` takes to become healthy: cold (nothing running,
// a fresh data directory and database, bundles built, Temporal binary
// installed) and warm (a restart on the same data). Targets: < 60 s and < 15 s.
// Runs the real command on free ports against a database of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { childEnvironment } from '../config/index.ts';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { dropDatabase, provisionDatabase } from '../db/provision.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

async function timeStart(env: NodeJS.ProcessEnv): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => { log += d; });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('Clientnote is running')) resolve(); });
    child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${log}`)));
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'clientnote-bench-'));
const database = `clientnote_bench_${randomBytes(3).toString('hex')}`;
const ownerUrl = `postgres://clientnote_owner@127.0.0.1:5432/${database}`;
const appUrl = `postgres://clientnote_app@127.0.0.1:5432/${database}`;
await provisionDatabase({ adminUrl: DEFAULT_ADMIN_URL, ownerUrl, appUrl });
const temporalPort = await freePort();
const env = childEnvironment({
  CLIENTNOTE_DATA_DIR: dataDir, DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl,
  PORT: String(await freePort()), TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, TEMPORAL_UI_PORT: String(await freePort()),
  LOG_LEVEL: 'warn',
});
try {
  const cold = await timeStart(env);
  await cold.stop();
  const warm = await timeStart(env);
  await warm.stop();
  process.stdout.write(`| start | measured | target |\n|---|---|---|\n| cold | ${cold.seconds.toFixed(1)} s | < 60 s |\n| warm (restart) | ${warm.seconds.toFixed(1)} s | < 15 s |\n`);
} finally {
  await dropDatabase(DEFAULT_ADMIN_URL, database);
  rmSync(dataDir, { recursive: true, force: true });
}
