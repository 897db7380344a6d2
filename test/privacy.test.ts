// The public privacy centre API over real HTTP, with the real workflow on the test
// Temporal server and codes read from the development mail sink: the same answer
// whether or not data exists, and every hostile input the issue lists.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { login, request, resetDatabase, startApi, startWorker, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';

const privacy = suite('privacy centre API');
let server: RunningApi;
let worker: RunningWorker;

privacy.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker();
});
privacy.after(async () => {
  await worker?.close();
  await server?.close();
});

const post = (path: string, body?: unknown) => request(server.baseUrl, 'POST', path, body);
const get = (path: string) => request(server.baseUrl, 'GET', path);

let counter = 0;
const form = (overrides: Record<string, unknown> = {}) => ({
  rights: ['access'], name: 'Jens Jensen', email: `person${(counter += 1)}@example.test`, relationship: 'other', description: 'Please send me my data', ...overrides,
});

/** The newest code mailed to an address, from the development sink. */
async function codeFor(email: string, not?: string): Promise<string> {
  return eventually(async () => {
    const mail = server.mailSink.messages().find((m) => m.to.includes(email));
    const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
    return code && code !== not ? code : undefined;
  }, 10_000, `a code mailed to ${email}`);
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function submit(overrides: Record<string, unknown> = {}) {
  const body = form(overrides);
  const res = await post('/api/v1/privacy/requests', body);
  assert.is(res.status, 202, JSON.stringify(res.body));
  return { ...res.body as { requestId: string; statusToken: string }, email: body.email as string };
}

privacy('submit → 202 with id and token; the code arrives by mail; verify → triage; status page reflects it', async () => {
  const { requestId, statusToken, email } = await submit({ rights: ['access', 'erasure', 'access'] });
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  assert.ok(statusToken.length >= 40);
  const mail = server.mailSink.messages().find((m) => m.to.includes(email))!;
  assert.ok(mail, 'a mail went out');
  assert.match(mail.text, new RegExp(`/privacy/requests/${requestId}\\?token=`), 'the mail links to the status page');

  const before = await get(`/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(before.status, 200);
  assert.is(before.body.status, 'awaiting_verification');
  assert.equal(before.body.rights, ['access', 'erasure'], 'duplicate rights collapse');
  assert.is(before.headers.get('cache-control'), 'no-store');

  const code = await codeFor(email);
  const verified = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code });
  assert.is(verified.status, 200, JSON.stringify(verified.body));
  assert.is(verified.body.verified, true);
  await eventually(async () => (await server.knex('dsr_requests').where({ id: requestId }).first('status'))?.status === 'triage', 10_000, 'the workflow records triage');
  const after = await get(`/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(after.body.status, 'in_progress');

  const reused = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code });
  assert.is(reused.status, 409, 'a used code cannot be used again');
});

privacy('the same answer whether or not Clientnote holds data about the person; no organisation is named', async () => {
  const known = await post('/api/v1/privacy/requests', form({ email: 'handler@demo.test', relationship: 'platform_user' }));
  const unknown = await post('/api/v1/privacy/requests', form({ email: 'nobody-at-all@example.test', relationship: 'platform_user' }));
  assert.is(known.status, 202);
  assert.is(unknown.status, 202);
  assert.equal(Object.keys(known.body).sort(), Object.keys(unknown.body).sort());
  const a = await get(`/api/v1/privacy/requests/${known.body.requestId}?statusToken=${known.body.statusToken}`);
  const b = await get(`/api/v1/privacy/requests/${unknown.body.requestId}?statusToken=${unknown.body.statusToken}`);
  const shape = (body: Record<string, unknown>) => ({ ...body, requestId: 'x', resendAvailableAt: body.resendAvailableAt ? 'set' : null });
  assert.equal(shape(a.body), shape(b.body));
  for (const text of [JSON.stringify(a.body), server.mailSink.messages().find((m) => m.to.includes('handler@demo.test'))!.text]) {
    assert.not.match(text, /Demo Revision|Nordisk/, 'never names an organisation');
  }
});

privacy('hostile input: script and SQL payloads are stored as text and never echoed back', async () => {
  const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const sql = "Robert'); DROP TABLE dsr_requests;--";
  const { requestId, statusToken } = await submit({ name: `${script} ${sql}`, description: `${sql}\n${script}` });
  const status = await get(`/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(status.status, 200);
  assert.not.match(JSON.stringify(status.body), /script|DROP/i, 'the status page carries no free text');
  const row = await server.knex('dsr_requests').where({ id: requestId }).first('requesterName', 'description');
  assert.is(row.requesterName, `${script} ${sql}`, 'stored verbatim, as data');
  assert.ok(await server.knex.schema.hasTable('dsr_requests'));
  const injectedEmail = await post('/api/v1/privacy/requests', form({ email: "x@example.test' OR '1'='1" }));
  assert.is(injectedEmail.status, 400);
  const headerInjection = await post('/api/v1/privacy/requests', form({ email: 'a@example.test\r\nBcc: victim@example.test' }));
  assert.is(headerInjection.status, 400);
});

privacy('hostile input: over-long fields, unknown rights, missing fields, unknown keys', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [form({ description: 'x'.repeat(4001) }), 'description'],
    [form({ name: 'n'.repeat(201) }), 'name'],
    [form({ email: `${'a'.repeat(250)}@example.test` }), 'email'],
    [form({ rights: ['access', 'delete_everything'] }), 'rights.1'],
    [form({ rights: [] }), 'rights'],
    [form({ relationship: 'ceo' }), 'relationship'],
    [form({ name: '   ' }), 'name'],
    [form({ orgId: '9ee11d25-87bf-42e2-9b62-ad22291c6292' }), '(root)'],
  ];
  for (const [body, field] of cases) {
    const res = await post('/api/v1/privacy/requests', body);
    assert.is(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
    assert.is(res.body.error.code, 'validation_failed');
    assert.ok(res.body.error.fields.some((f: { path: string }) => f.path === field), `${field} named in ${JSON.stringify(res.body.error.fields)}`);
  }
  const huge = await post('/api/v1/privacy/requests', form({ description: 'x'.repeat(300_000) }));
  assert.is(huge.status, 413, 'a huge description is refused before parsing');
});

privacy('hostile input: Unicode tricks in e-mail addresses are refused or folded to one spelling', async () => {
  for (const email of ['a\u200b@example.test', 'admin@exam\u202eple.test', 'аdmin@example.test' /* Cyrillic а */, 'a@exämple.test', '\ufeffa@example.test']) {
    const res = await post('/api/v1/privacy/requests', form({ email }));
    assert.is(res.status, 400, `${JSON.stringify(email)} → ${res.status}`);
  }
  const { requestId } = await submit({ email: '  ＭiXeD@Example.TEST ' });
  const row = await server.knex('dsr_requests').where({ id: requestId }).first('requesterEmail');
  assert.is(row.requesterEmail, 'mixed@example.test', 'full-width letters fold (NFKC), case and spaces too');
});

privacy('wrong codes: three attempts, then none; the right code after that is refused; non-digits are invalid', async () => {
  const { requestId, statusToken, email } = await submit();
  const code = await codeFor(email);
  for (let i = 1; i <= 3; i += 1) {
    const res = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: wrong(code) });
    assert.is(res.status, 400);
    assert.match(res.body.error.fields[0].message, new RegExp(`${3 - i} attempt`));
  }
  const blocked = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code });
  assert.is(blocked.status, 429, 'brute force ends after 3 attempts, even with the right code');
  assert.ok(blocked.headers.get('retry-after'));
  for (const bad of ['12345', '1234567', 'abcdef', "1' OR 1", '１２３４５６']) {
    const res = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: bad });
    assert.is(res.status, 400, bad);
  }
  const row = await server.knex('dsr_requests').where({ id: requestId }).first('codeHash', 'verifiedAt');
  assert.is(row.verifiedAt, null);
  assert.not.match(row.codeHash.toString('hex'), new RegExp(code), 'the code is stored hashed');
});

privacy('brute force in parallel cannot get more than 3 guesses', async () => {
  const { requestId, statusToken, email } = await submit();
  const code = await codeFor(email);
  const guesses = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
  const results = await Promise.all(guesses.map((g) => post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: g })));
  assert.is(results.filter((r) => r.status === 400).length, 3);
  assert.is(results.filter((r) => r.status === 429).length, 27);
});

privacy('resend: not within 60 seconds; a new code replaces the old one and resets the attempts', async () => {
  const { requestId, statusToken, email } = await submit();
  const first = await codeFor(email);
  const tooSoon = await post(`/api/v1/privacy/requests/${requestId}/resend`, { statusToken });
  assert.is(tooSoon.status, 429);
  assert.ok(Number(tooSoon.headers.get('retry-after')) > 0);
  // Move the last send back in time instead of waiting a minute.
  await server.knex('dsr_requests').where({ id: requestId }).update({ codeLastSentAt: new Date(Date.now() - 61_000) });
  await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: wrong(first) });
  const resent = await post(`/api/v1/privacy/requests/${requestId}/resend`, { statusToken });
  assert.is(resent.status, 202);
  const second = await codeFor(email, first);
  const old = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: first });
  assert.is(old.status, 400, 'the old code no longer works');
  const ok = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code: second });
  assert.is(ok.status, 200);
});

privacy('an expired code is refused', async () => {
  const { requestId, statusToken, email } = await submit();
  const code = await codeFor(email);
  await server.knex('dsr_requests').where({ id: requestId }).update({ codeExpiresAt: new Date(Date.now() - 1000) });
  const res = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code });
  assert.is(res.status, 400);
  assert.match(res.body.error.message, /expired/);
});

privacy('a foreign or missing status token opens nothing: the same 404 as an unknown id', async () => {
  const mine = await submit();
  const theirs = await submit();
  const foreign = await get(`/api/v1/privacy/requests/${mine.requestId}?statusToken=${theirs.statusToken}`);
  const unknown = await get(`/api/v1/privacy/requests/00000000-0000-4000-8000-000000000000?statusToken=${mine.statusToken}`);
  assert.is(foreign.status, 404);
  assert.is(unknown.status, 404);
  assert.is(foreign.body.error.message, unknown.body.error.message);
  const code = await codeFor(mine.email);
  const crossVerify = await post(`/api/v1/privacy/requests/${mine.requestId}/verify`, { statusToken: theirs.statusToken, code });
  assert.is(crossVerify.status, 404, 'another request\'s token cannot verify mine');
  assert.is((await get(`/api/v1/privacy/requests/${mine.requestId}`)).status, 400, 'the token is required');
  assert.is((await get(`/api/v1/privacy/requests/not-a-uuid?statusToken=${mine.statusToken}`)).status, 400);
  assert.is((await get(`/api/v1/privacy/requests/${mine.requestId}/export?statusToken=${mine.statusToken}`)).status, 404, 'no export before one exists');
});

privacy('a logged-in user asking about their own account needs no code; about another address they do', async () => {
  const hanne = await login(server.baseUrl, 'handler2@demo.test');
  const own = await hanne.request('POST', '/api/v1/privacy/requests', form({ email: 'Handler2@demo.test', relationship: 'platform_user' }));
  assert.is(own.status, 202);
  await eventually(async () => (await server.knex('dsr_requests').where({ id: own.body.requestId }).first('status'))?.status === 'triage', 10_000, 'straight to triage');
  assert.not.ok(server.mailSink.messages().some((m) => m.to.includes('handler2@demo.test')), 'no code mailed');
  const other = await hanne.request('POST', '/api/v1/privacy/requests', form({ email: 'someone.else@example.test' }));
  assert.is(other.status, 202);
  const status = await get(`/api/v1/privacy/requests/${other.body.requestId}?statusToken=${other.body.statusToken}`);
  assert.is(status.body.status, 'awaiting_verification', 'a session proves only its own address');
});

privacy('a flood for one address is deduplicated; the real request can still be verified', async () => {
  const email = 'flooded@example.test';
  const real = await submit({ email });
  const code = await codeFor(email);
  const flood = await Promise.all(Array.from({ length: 10 }, () => post('/api/v1/privacy/requests', form({ email }))));
  assert.ok(flood.filter((r) => r.status === 202).length <= 2, 'at most 3 requests a day per address');
  assert.ok(flood.some((r) => r.status === 429));
  const stored = await server.knex('dsr_requests').where({ requesterEmail: email }).count({ n: '*' });
  assert.ok(Number(stored[0]!.n) <= 3);
  const verified = await post(`/api/v1/privacy/requests/${real.requestId}/verify`, { statusToken: real.statusToken, code });
  assert.is(verified.status, 200, 'the real request is never blocked by the flood');
});

privacy('a flood from one network is limited per IP (last: it uses up this process\'s quota)', async () => {
  const results = await withTimeout(Promise.all(Array.from({ length: 40 }, () => post('/api/v1/privacy/requests', form()))), 60_000, 'flood');
  const limited = results.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some were limited');
  assert.ok(limited[0]!.headers.get('retry-after'));
  assert.is(limited[0]!.body.error.code, 'rate_limited');
});

privacy.run();
