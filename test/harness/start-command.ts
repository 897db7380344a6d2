// Runs the real `clientnote start` on free ports, with a data directory and a
// database of its own, for tests and the start-up benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnvironment } from '../../config/index.ts';
import { DEFAULT_ADMIN_URL } from '../../config/schema.ts';
import { provisionThrowawayDatabase } from '../../db/provision.ts';
import { REPO_ROOT } from '../../cli/temporal-server.ts';

export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

export interface StartSandbox {
  env: NodeJS.ProcessEnv;
  port: number;
  temporalPort: number;
  uiPort: number;
  mailPort: number;
  dispose(): Promise<void>;
}

export async function createStartSandbox(): Promise<StartSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clientnote-start-'));
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_start');
  const [port, temporalPort, uiPort, mailPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  return {
    port, temporalPort, uiPort, mailPort,
    env: childEnvironment({
      NODE_ENV: 'development', CLIENTNOTE_DATA_DIR: dataDir, DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl,
      PORT: String(port), TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, TEMPORAL_UI_PORT: String(uiPort), DEV_MAIL_SINK_PORT: String(mailPort),
      TEMPORAL_TASK_QUEUE: 'clientnote', LOG_LEVEL: 'warn', NODE_V8_COVERAGE: undefined,
    }),
    async dispose() {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningStart {
  seconds: number;
  process: ChildProcess;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function runStart(env: NodeJS.ProcessEnv): Promise<RunningStart> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => { log += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('Clientnote is running')) resolve(); });
    void exited.then((code) => reject(new Error(`start exited with ${code}:\n${log}`)));
  });
  return {
    seconds: (performance.now() - started) / 1000,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
