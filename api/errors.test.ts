// The error middleware maps every kind of failure to the shape in API.md over real HTTP.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Koa from 'koa';
import pino from 'pino';
import { z } from 'zod';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { errorMiddleware } from './errors.ts';
import { requestContext } from './request-context.ts';

async function serve(thrown: () => unknown) {
  const app = new Koa();
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
  app.use(requestContext(logger));
  app.use(errorMiddleware());
  app.use(() => { throw thrown(); });
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string; fields?: { path: string }[] } };
  server.close();
  return { status: res.status, body, lines };
}

test('a unique violation is 409 conflict', async () => {
  const res = await serve(() => Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), { code: '23505' }));
  assert.is(res.status, 409);
  assert.is(res.body.error.code, 'conflict');
  assert.not.match(res.body.error.message, /users_email_unique/, 'database details stay in the server');
});

test('a zod error is 400 validation_failed with field paths', async () => {
  const parsed = z.object({ client: z.object({ cvr: z.string() }) }).safeParse({ client: { cvr: 1 } });
  const res = await serve(() => parsed.error);
  assert.is(res.status, 400);
  assert.equal(res.body.error.fields!.map((f: { path: string }) => f.path), ['client.cvr']);
});

test('anything else is a generic 500 with the request id; details only in the log', async () => {
  const res = await serve(() => new Error('secret internals: password=hunter2'));
  assert.is(res.status, 500);
  assert.is(res.body.error.code, 'internal');
  assert.ok(res.body.error.requestId);
  assert.not.match(JSON.stringify(res.body), /hunter2/);
  assert.ok(res.lines.some((l) => l.includes('secret internals') && l.includes(res.body.error.requestId)), 'the log has the details and the request id');
});

test.run();
