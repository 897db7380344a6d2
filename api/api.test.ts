// The API over real HTTP with the real Temporal server, a real worker and the test database.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultPayloadConverter } from '@temporalio/common';
import { DEMO_ORGS, DEMO_USERS, seedDemo } from '../db/seeds/demo.ts';
import { createKnex } from '../db/knex.ts';
import { EncryptionCodec } from '../temporal/codec.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from '../test/harness/platform.ts';
import { caseWhen, driveToReview } from '../test/harness/kyc-case.ts';

const api = suite('api');
let server: RunningApi;
let worker: RunningWorker;

api.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker();
});
api.after(async () => {
  await worker?.close();
  await server?.close();
});

const post = (path: string, body?: unknown, headers?: Record<string, string>) => request(server.baseUrl, 'POST', path, body, headers);

api('health reports db and temporal ok', async () => {
  const res = await request(server.baseUrl, 'GET', '/api/v1/health');
  assert.is(res.status, 200);
  assert.equal(res.body, { status: 'ok', db: 'ok', temporal: 'ok' });
  assert.ok(res.headers.get('x-request-id'));
  assert.ok(res.headers.get('x-content-type-options'), 'helmet headers are set');
});

api('OpenAPI lists every declared route with its schemas', async () => {
  const res = await request(server.baseUrl, 'GET', '/api/v1/openapi.json');
  assert.is(res.status, 200);
  assert.is(res.body.openapi, '3.1.0');
  for (const path of ['/api/v1/health', '/api/v1/auth/login', '/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/temporal-codec/decode']) {
    assert.ok(res.body.paths[path], `missing ${path}`);
  }
  const createCase = res.body.paths['/api/v1/cases'].post.requestBody.content['application/json'].schema;
  assert.ok(createCase.anyOf.some((s: { properties: Record<string, unknown> }) => s.properties.cvr) && createCase.anyOf.some((s: { properties: Record<string, unknown> }) => s.properties.client));
});

api('unknown route is a JSON 404; wrong method is 405', async () => {
  const res = await request(server.baseUrl, 'GET', '/api/v1/no-such-thing');
  assert.is(res.status, 404);
  assert.is(res.body.error.code, 'not_found');
  assert.ok(res.body.error.requestId);
  const wrongMethod = await request(server.baseUrl, 'DELETE', '/api/v1/health');
  assert.is(wrongMethod.status, 405);
  assert.is(wrongMethod.body.error.code, 'method_not_allowed');
  assert.match(wrongMethod.headers.get('allow') ?? '', /GET/);
});

api('malformed JSON is 400, too large is 413, never 500', async () => {
  const bad = await post('/api/v1/auth/login', '{"email": "x@y.z", ');
  assert.is(bad.status, 400);
  assert.is(bad.body.error.code, 'validation_failed');
  const big = await post('/api/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(400_000) });
  assert.is(big.status, 413);
  assert.is(big.body.error.code, 'payload_too_large');
  const wrongType = await post('/api/v1/auth/login', 'email=a', { 'content-type': 'text/plain' });
  assert.ok(wrongType.status >= 400 && wrongType.status < 500, `got ${wrongType.status}`);
});

api('login: one generic message for an unknown e-mail and a wrong password', async () => {
  const unknown = await post('/api/v1/auth/login', { email: 'nobody@demo.test', password: 'whatever-password' });
  const wrong = await post('/api/v1/auth/login', { email: 'handler@demo.test', password: 'wrong-password' });
  assert.is(unknown.status, 401);
  assert.is(wrong.status, 401);
  assert.is(unknown.body.error.message, wrong.body.error.message);
  const empty = await post('/api/v1/auth/login', { email: '', password: '' });
  assert.is(empty.status, 400);
  assert.equal(empty.body.error.fields.map((f: { path: string }) => f.path).sort(), ['email', 'password']);
  const injection = await post('/api/v1/auth/login', { email: "' or 1=1 --", password: "' or '1'='1" });
  assert.is(injection.status, 401);
});

api('session: cookie attributes, CSRF on changes, logout ends it', async () => {
  const res = await post('/api/v1/auth/login', { email: 'handler@demo.test', password: 'clientnote-demo' });
  assert.is(res.status, 200);
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /cn_session=/);
  assert.match(cookie.toLowerCase(), /httponly/);
  assert.match(cookie.toLowerCase(), /samesite=lax/);
  assert.equal(res.body.user.roles, ['handler']);
  const jar = { cookie: cookie.split(';')[0]! };
  const session = await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, jar);
  assert.is(session.status, 200);
  assert.is(session.body.csrfToken, res.body.csrfToken);
  const noCsrf = await post('/api/v1/cases', { type: 'onboarding', cvr: '31313139' }, jar);
  assert.is(noCsrf.status, 403);
  assert.is(noCsrf.body.error.code, 'csrf_failed');
  const wrongCsrf = await post('/api/v1/auth/logout', undefined, { ...jar, 'x-csrf-token': 'nope' });
  assert.is(wrongCsrf.status, 403);
  const logout = await post('/api/v1/auth/logout', undefined, { ...jar, 'x-csrf-token': res.body.csrfToken });
  assert.is(logout.status, 204);
  const after = await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, jar);
  assert.is(after.status, 401);
});

api('a case: created through the API, its workflow writes the projection, steps advance, four-eyes holds', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201);
  assert.is(created.body.client.name, 'Nørrebro Bageri ApS', 'the client name comes from the registry');
  const id = created.body.id as string;
  const detail = await caseWhen(handler, id, (c) => c.registryStatus === 'collected', 'the registry data');
  assert.is(detail.workflowId, `kyc-case/${id}`);
  assert.equal(detail.events.map((e: { kind: string }) => e.kind), ['case_opened', 'registry_collected']);

  const early = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.is(early.status, 409);
  const reportVersion = await driveToReview(handler, id);
  const wrongStep = await handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`);
  assert.is(wrongStep.status, 409);
  // The handler cannot approve (no reviewer role); a reviewer who prepared nothing can.
  const selfApprove = await handler.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion });
  assert.is(selfApprove.status, 403);
  const reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  const badDecision = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'maybe', reportVersion });
  assert.is(badDecision.status, 400);
  const approved = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion });
  assert.is(approved.status, 200, JSON.stringify(approved.body));
  assert.is(approved.body.status, 'monitoring');
  const final = await handler.request('GET', `/api/v1/cases/${id}`);
  assert.is(final.body.status, 'monitoring');
  const kinds = final.body.events.map((e: { kind: string }) => e.kind);
  assert.equal(kinds.slice(-3), ['submitted', 'decision:approve', 'monitoring_started']);
  assert.is(new Set(kinds.filter((k: string) => k === 'case_opened')).size, 1);
});

api('validation errors name the field; invalid CVR is refused before anything is written', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const before = await server.knex('cases').count<{ count: string }[]>('* as count');
  for (const body of [{ type: 'onboarding', cvr: '12345675' }, { type: 'nope', cvr: '12345674' }, { cvr: '<script>alert(1)</script>' }, {}]) {
    const res = await handler.request('POST', '/api/v1/cases', body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.ok(res.body.error.fields.length > 0);
  }
  const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '12345675' });
  assert.equal(res.body.error.fields, [{ path: 'cvr', message: 'Not a valid CVR number (modulus-11 check failed)' }]);
  const after = await server.knex('cases').count<{ count: string }[]>('* as count');
  assert.equal(after, before);
  const badCursor = await handler.request('GET', '/api/v1/cases?cursor=garbage');
  assert.is(badCursor.status, 400);
  const badId = await handler.request('GET', '/api/v1/cases/not-a-uuid');
  assert.is(badId.status, 400);
});

api('tenant isolation: the other organisation gets 404 and nothing changes', async () => {
  const demo = await login(server.baseUrl, 'handler@demo.test');
  const created = await demo.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '44181126' });
  const id = created.body.id as string;
  await caseWhen(demo, id, (c) => c.registryStatus === 'collected', 'registry data');
  const nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  const read = await nordisk.request('GET', `/api/v1/cases/${id}`);
  assert.is(read.status, 404);
  const step = await nordisk.request('POST', `/api/v1/cases/${id}/steps/data_collection/complete`);
  assert.is(step.status, 404);
  const list = await nordisk.request('GET', '/api/v1/cases');
  assert.not.ok(list.body.items.some((c: { id: string }) => c.id === id));
  const row = await server.knex('cases').where({ id }).first();
  assert.is(row.step, 'data_collection');
  assert.is(row.orgId, DEMO_ORGS[0].id);
  // Platform staff belong to no organisation and see no customer cases.
  const staff = await login(server.baseUrl, 'privacy@clientnote.test');
  assert.is((await staff.request('GET', `/api/v1/cases/${id}`)).status, 403);
});

api('list pagination walks every case once', async () => {
  const handler = await login(server.baseUrl, 'handler2@demo.test');
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await handler.request('GET', `/api/v1/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...res.body.items.map((c) => c.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  const total = await server.knex('cases').where({ orgId: DEMO_ORGS[0].id }).count<{ count: string }[]>('* as count');
  assert.is(seen.length, Number(total[0]!.count));
  assert.is(new Set(seen).size, seen.length);
});

api('seeding twice makes no twins', async () => {
  await resetDatabase();
  const owner = createKnex(testConfig().database.ownerUrl, { poolMax: 1 });
  try {
    const again = await seedDemo(owner, { passwordHash: 'unused' });
    assert.equal(again, { organisations: 0, users: 0 });
  } finally {
    await owner.destroy();
  }
  const rows = await server.knex('users').select('email');
  assert.is(rows.length, DEMO_USERS.length);
});

api('codec endpoint: platform admins decode workflow payloads, others are refused', async () => {
  const handle = server.workflows;
  assert.ok(handle);
  const codec = new EncryptionCodec(testConfig().codecKeys);
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload({ caseId: 'c-9' })]);
  const wire = { payloads: [{ metadata: Object.fromEntries(Object.entries(encoded!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(encoded!.data!).toString('base64') }] };
  const anonymous = await post('/api/v1/temporal-codec/decode', wire);
  assert.is(anonymous.status, 401);
  const handler = await login(server.baseUrl, 'handler@demo.test');
  assert.is((await handler.request('POST', '/api/v1/temporal-codec/decode', wire)).status, 403);
  const staff = await login(server.baseUrl, 'privacy@clientnote.test');
  // The Temporal UI sends no CSRF header; the codec path is exempt (it changes nothing).
  const decoded = await request(server.baseUrl, 'POST', '/api/v1/temporal-codec/decode', wire, { cookie: (await staffCookie()) });
  assert.is(decoded.status, 200, JSON.stringify(decoded.body));
  const payload = decoded.body.payloads[0];
  assert.equal(JSON.parse(Buffer.from(payload.data, 'base64').toString()), { caseId: 'c-9' });
  assert.ok(staff.csrfToken);
  const garbage = await request(server.baseUrl, 'POST', '/api/v1/temporal-codec/decode', { payloads: [{ metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('nope').toString('base64') }, data: 'AAAA' }] }, { cookie: await staffCookie() });
  assert.is(garbage.status, 400);
  const preflight = await fetch(`${server.baseUrl}/api/v1/temporal-codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' } });
  assert.is(preflight.status, 204);
  assert.is(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8233');
  assert.is(preflight.headers.get('access-control-allow-credentials'), 'true');
  const foreign = await fetch(`${server.baseUrl}/api/v1/temporal-codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.test' } });
  assert.is(foreign.headers.get('access-control-allow-origin'), null);
});

async function staffCookie(): Promise<string> {
  const res = await post('/api/v1/auth/login', { email: 'privacy@clientnote.test', password: testConfig().demoPassword });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

api.run();
