// The start command as a user runs it: everything comes up, SIGTERM stops every
// child (no port stays taken), and starting again resumes a running workflow.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createConnection } from 'node:net';
import { createStartSandbox, runStart } from './harness/start-command.ts';
import { request } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = createConnection({ port, host: '127.0.0.1' });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

async function loginAs(base: string, email: string) {
  const res = await request(base, 'POST', '/api/v1/auth/login', { email, password: 'clientnote-demo' });
  assert.is(res.status, 200, JSON.stringify(res.body));
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return (method: string, path: string, body?: unknown) => request(base, method, path, body, { cookie, 'x-csrf-token': res.body.csrfToken });
}

test('start, stop cleanly, start again: the running case workflow continues', async () => {
  const sandbox = await createStartSandbox();
  try {
    const base = `http://127.0.0.1:${sandbox.port}`;
    const first = await withTimeout(runStart(sandbox.env), 120_000, 'first start');
    const health = await request(base, 'GET', '/api/v1/health');
    assert.equal(health.body, { status: 'ok', db: 'ok', temporal: 'ok' });
    const page = await fetch(`${base}/login`);
    assert.is(page.status, 200, 'the web app is served on the same origin');
    const handler = await loginAs(base, 'handler@demo.test');
    const created = await handler('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
    assert.is(created.status, 201);
    // The registry lookup runs in the workflow; the step completes once its data is in.
    await eventually(async () => (await handler('GET', `/api/v1/cases/${created.body.id}`)).body.registryStatus === 'collected', 30_000, 'registry data');
    // The case file: the relationship and the identity of each person who must be verified, then the step.
    const caseId = created.body.id as string;
    assert.is((await handler('PUT', `/api/v1/cases/${caseId}/business-relationship`, { purpose: 'Bogføring', nature: 'Løbende', expectedActivity: 'Månedlig', product: 'standard', deliveryChannel: 'in_person' })).status, 200);
    for (const p of (await handler('GET', `/api/v1/cases/${caseId}`)).body.parties.filter((x: { mustBeVerified: boolean }) => x.mustBeVerified)) {
      assert.is((await handler('PUT', `/api/v1/cases/${caseId}/parties/${p.id}/identity`, { method: 'mitid' })).status, 200);
    }
    const step = await handler('POST', `/api/v1/cases/${caseId}/steps/data_collection/complete`);
    assert.is(step.status, 200);

    assert.is(await withTimeout(first.stop(), 30_000, 'stop'), 0, 'SIGTERM ends start with exit code 0');
    for (const port of [sandbox.port, sandbox.temporalPort, sandbox.uiPort]) {
      assert.not.ok(await listening(port), `port ${port} was released`);
    }

    const second = await withTimeout(runStart(sandbox.env), 60_000, 'second start');
    try {
      const again = await loginAs(base, 'handler@demo.test');
      const resumed = await again('POST', `/api/v1/cases/${created.body.id}/steps/screening/complete`);
      assert.is(resumed.status, 200, JSON.stringify(resumed.body));
      assert.equal(resumed.body, { status: 'open', step: 'risk' });
      const users = await again('GET', '/api/v1/auth/session');
      assert.is(users.status, 200);
    } finally {
      await second.stop();
    }
  } finally {
    await sandbox.dispose();
  }
});

test.run();
