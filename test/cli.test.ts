// The clientnote command as users run it: usage errors, bad configuration,
// unreachable Postgres and a taken port each end with a clear message and a
// non-zero exit code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { childEnvironment } from '../config/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTemporalBinary, REPO_ROOT, TemporalSetupError } from '../cli/temporal-server.ts';
import { withTimeout } from './harness/timeout.ts';

function cli(args: string[], env: Record<string, string | undefined> = {}, entry = 'cli/main.ts') {
  return withTimeout(new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, entry.endsWith('.js') ? [entry, ...args] : ['--import', 'tsx', entry, ...args], { cwd: REPO_ROOT, env: childEnvironment(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  }), 60_000, `clientnote ${args.join(' ')}`);
}

test('usage: no command and unknown commands exit 2 with the command list', async () => {
  const none = await cli([]);
  assert.is(none.code, 2);
  assert.match(none.stdout, /Usage: clientnote <command>/);
  const unknown = await cli(['frobnicate']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const badAction = await cli(['migrate', 'sideways']);
  assert.is(badAction.code, 2);
});

test('the npx entry point (cli/bin.js) runs the same program', async () => {
  const help = await cli(['--help'], {}, 'cli/bin.js');
  assert.is(help.code, 0);
  assert.match(help.stdout, /start\s+start the whole platform/);
});

test('invalid configuration names the variable and the fix', async () => {
  const result = await cli(['migrate', 'status'], { PORT: 'eighty', TEMPORAL_ADDRESS: 'nowhere' });
  assert.is(result.code, 1);
  assert.match(result.stderr, /PORT: .*Fix: use a free TCP port/);
  assert.match(result.stderr, /TEMPORAL_ADDRESS: expected host:port/);
});

test('Postgres unreachable: a clear message and the manual alternative', async () => {
  const result = await cli(['migrate', 'status'], {
    DATABASE_URL: 'postgres://clientnote_owner@127.0.0.1:1/clientnote',
    DATABASE_APP_URL: 'postgres://clientnote_app@127.0.0.1:1/clientnote',
  });
  assert.is(result.code, 1);
  assert.match(result.stderr, /cannot connect to Postgres at 127\.0\.0\.1:1/);
  assert.match(result.stderr, /Start Postgres, or correct DATABASE_URL/);
});

test('start refuses a port that is already taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    const result = await cli(['start'], { PORT: String(port) });
    assert.is(result.code, 1);
    assert.match(result.stderr, new RegExp(`port ${port} is already in use.*PORT=`));
  } finally {
    blocker.close();
  }
});

test('production refuses demo data', async () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  const result = await cli(['seed'], {
    NODE_ENV: 'production', CLIENTNOTE_CODEC_KEYS: `k1:${key}`, CLIENTNOTE_SECRET: 's'.repeat(40), SMTP_URL: 'smtp://127.0.0.1:1',
  });
  assert.is(result.code, 1);
  assert.match(result.stderr, /demo data is refused/);
});

test('the Temporal binary cannot be installed: a clear error with the manual alternative', () => {
  const empty = mkdtempSync(join(tmpdir(), 'clientnote-no-tools-'));
  try {
    ensureTemporalBinary(() => {}, { venvDir: join(empty, 'venv'), searchPath: empty });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, TemporalSetupError);
    assert.match((error as Error).message, /Python 3 is needed.*put the `temporal` CLI on PATH/s);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test.run();
