// Findings of the black-box security test (issue 19), each proved over real HTTP
// against the real API and the test database: what the tester did, and what the
// answer must be now.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_USERS } from '../db/seeds/demo.ts';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { login, request, resetDatabase, startApi, testConfig, type ApiClient, type RunningApi } from './harness/platform.ts';
import { createApp } from '../api/app.ts';
import { createHttpServer, listen, STRICT_TRANSPORT_SECURITY } from '../api/server.ts';
import { startMail } from '../api/mail-setup.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createLogger } from '../config/logger.ts';
import { createKnex } from '../db/knex.ts';
import { createPersonalDataRepository } from '../db/repositories/personal-data.ts';
import { signClientAddress as webSigns, CLIENT_ADDRESS_HEADER as WEB_HEADER } from '../web/src/lib/server/client-address.ts';
import { CLIENT_ADDRESS_HEADER, verifyClientAddress } from '../api/auth/client-ip.ts';
import { isConnectionError } from '../api/errors.ts';

const t = suite('security findings');
let server: RunningApi;
const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const admin = user('admin@demo.test');
const handler = user('handler@demo.test');
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** A second administrator of the demo organisation (the handler, promoted), logged in. */
async function secondAdmin(boss: ApiClient): Promise<ApiClient> {
  const promoted = await boss.request('PATCH', `/api/v1/users/${handler.id}`, { roles: ['handler', 'org_admin'] });
  assert.is(promoted.status, 200, JSON.stringify(promoted.body));
  return login(server.baseUrl, handler.email);
}

/** A token made by `maker`: its id and secret, proved to work. */
async function madeToken(maker: ApiClient, name: string): Promise<{ id: string; secret: string }> {
  const created = await maker.request('POST', '/api/v1/tokens', tokenBody(name));
  assert.is(created.status, 201, JSON.stringify(created.body));
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(created.body.token))).status, 200, 'the token works at first');
  return { id: created.body.id, secret: created.body.token };
}
const tokenBody = (name: string) => ({ name, scopes: ['cases:read'] });
const EVERY_SCOPE = ['cases:read', 'cases:write', 'screening:search', 'lists:read', 'audit:read', 'dsr:forwarded'];

async function tokenState(boss: ApiClient, id: string): Promise<{ revokedAt: string | null }> {
  const listed = await boss.request('GET', '/api/v1/tokens');
  return listed.body.items.find((item: { id: string }) => item.id === id);
}

t.before(async () => {
  server = await startApi();
});
t.before.each(async () => {
  await resetDatabase();
  server.mailSink.clear();
});
t.after(async () => {
  await server?.close();
});

t('PATCH /auth/profile with nothing to change is a 400 with a clear error, not a 500', async () => {
  const me = await login(server.baseUrl, handler.email);
  for (const body of [{}, { nickname: 'Hans' }, { name: undefined }]) {
    const res = await me.request('PATCH', '/api/v1/auth/profile', body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.code, 'validation_failed');
    assert.match(res.body.error.fields[0].message, /name or a locale/);
  }
  const changed = await me.request('PATCH', '/api/v1/auth/profile', { locale: 'en' });
  assert.equal([changed.status, changed.body.user.locale], [200, 'en']);
});

t('an API token ends with its creator: deactivation, erasure and loss of the administrator role revoke it', async () => {
  const boss = await login(server.baseUrl, admin.email);
  // Deactivation: the token answers 401 at once, and the list shows it revoked.
  let second = await secondAdmin(boss);
  const deactivated = await madeToken(second, 'made before deactivation');
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { active: false })).status, 200);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(deactivated.secret))).status, 401);
  assert.ok((await tokenState(boss, deactivated.id)).revokedAt, 'listed as revoked');
  const revocations = (await boss.request('GET', '/api/v1/audit?action=token.revoked')).body.items;
  assert.equal(revocations.map((e: { targetId: string }) => e.targetId), [deactivated.id]);
  // Reactivation does not bring the token back.
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { active: true })).status, 200);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(deactivated.secret))).status, 401);

  // Loss of the administrator role (the only role that makes tokens).
  second = await login(server.baseUrl, handler.email);
  const demoted = await madeToken(second, 'made before demotion');
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { roles: ['handler'] })).status, 200);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(demoted.secret))).status, 401);
  assert.ok((await tokenState(boss, demoted.id)).revokedAt);

  // Erasure (the registry's plan, as a data-subject request executes it).
  second = await secondAdmin(boss);
  const erased = await madeToken(second, 'made before erasure');
  const data = createPersonalDataRepository(server.knex);
  const items = (await data.discover({ email: handler.email, rights: ['erasure'] })).filter((i) => i.action !== 'retain');
  assert.ok(items.some((i) => i.sourceTable === 'api_tokens'), 'the token is found as the subject\'s data');
  await data.erase(items);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(erased.secret))).status, 401);
  assert.ok((await tokenState(boss, erased.id)).revokedAt, 'an erased creator\'s token is listed as revoked');
});

t('a token whose creator was deactivated behind the API\'s back is refused all the same', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const second = await secondAdmin(boss);
  const token = await madeToken(second, 'defence in depth');
  await server.knex('users').where({ id: handler.id }).update({ active: false });
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer(token.secret))).status, 401);
});

t('API tokens have scopes, never a role: people, roles, security settings, invitations and tokens are out of reach', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const created = await boss.request('POST', '/api/v1/tokens', { name: 'everything a token can have', scopes: EVERY_SCOPE });
  assert.is(created.status, 201);
  assert.equal(created.body.scopes, EVERY_SCOPE);
  assert.is(created.body.role, undefined);
  const everything = bearer(created.body.token);
  const refused: [string, string, unknown?][] = [
    ['PATCH', `/api/v1/users/${handler.id}`, { roles: ['org_admin'] }],
    ['PATCH', `/api/v1/users/${handler.id}`, { active: false }],
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users/invitations', { email: 'mallory@demo.test', roles: ['org_admin'] }],
    ['PATCH', '/api/v1/organisation/security', { totpRequired: false }],
    ['GET', '/api/v1/organisation/security'],
    ['PUT', '/api/v1/screening/settings', { threshold: 0.5 }],
    ['GET', '/api/v1/tokens'],
    ['POST', '/api/v1/tokens', { name: 'child', scopes: ['cases:read'] }],
    ['GET', '/api/v1/auth/session'],
    ['PATCH', '/api/v1/auth/profile', { name: 'Token' }],
  ];
  for (const [method, path, body] of refused) {
    const res = await request(server.baseUrl, method, path, body, everything);
    assert.equal([res.status, res.body.error.code], [403, 'forbidden'], `${method} ${path}`);
  }
  assert.equal((await server.knex('user_roles').where({ userId: handler.id }).pluck('role')), ['handler'], 'no role was changed');
  assert.is((await server.knex('invitations').count({ n: '*' }))[0]!.n, '0', 'no one was invited');
  // What the scopes open.
  for (const path of ['/api/v1/cases', '/api/v1/audit', '/api/v1/lists', '/api/v1/dsr/forwarded']) {
    assert.is((await request(server.baseUrl, 'GET', path, undefined, everything)).status, 200, path);
  }
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/screening/search', { schema: 'Person', name: 'Vladimir Putin' }, everything)).status, 200);

  // Each scope opens only its own routes.
  const readOnly = bearer((await boss.request('POST', '/api/v1/tokens', { name: 'reader', scopes: ['cases:read'] })).body.token);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, readOnly)).status, 200);
  const write = await request(server.baseUrl, 'POST', '/api/v1/cases', { type: 'onboarding', cvr: '31313139' }, readOnly);
  assert.equal([write.status, write.body.error.message], [403, 'This API token lacks the scope cases:write']);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/audit', undefined, readOnly)).status, 403);
  // Never beyond the maker's roles: an administrator is no handler, so the token cannot work a case.
  const submit = await request(server.baseUrl, 'POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/submit', {}, everything);
  assert.is(submit.status, 403);

  // Bad scopes are a 400 that says what is allowed.
  for (const scopes of [[], ['users:manage'], 'cases:read', undefined]) {
    const bad = await boss.request('POST', '/api/v1/tokens', { name: 'bad', scopes });
    assert.is(bad.status, 400, JSON.stringify(scopes));
    assert.match(bad.body.error.fields[0].path, /^scopes/);
  }
  // Only people with the administrator role make tokens.
  assert.is((await (await login(server.baseUrl, 'compliance@demo.test')).request('POST', '/api/v1/tokens', { name: 'x', scopes: ['audit:read'] })).status, 403);
});

t('the OpenAPI document names the scope a token needs, and no token scheme on people-only operations', async () => {
  const doc = (await request(server.baseUrl, 'GET', '/api/v1/openapi.json')).body;
  assert.ok(doc.components.securitySchemes.apiToken, 'a bearer scheme');
  assert.equal(doc.paths['/api/v1/cases'].get.security, [{ session: [] }, { apiToken: ['cases:read'] }]);
  assert.equal(doc.paths['/api/v1/audit'].get.security, [{ session: [] }, { apiToken: ['audit:read'] }]);
  for (const [path, method] of [['/api/v1/users/{id}', 'patch'], ['/api/v1/organisation/security', 'patch'], ['/api/v1/tokens', 'post'], ['/api/v1/users/invitations', 'post']] as const) {
    assert.equal(doc.paths[path][method].security, [{ session: [] }], `${method} ${path}`);
  }
  const body = doc.paths['/api/v1/tokens'].post.requestBody.content['application/json'].schema;
  assert.ok(body.properties.scopes && !body.properties.role, 'tokens are made with scopes');
});

t('an erased account stays erased: reactivation and new roles are a 409 account_erased', async () => {
  const boss = await login(server.baseUrl, admin.email);
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { active: false })).status, 200);
  const data = createPersonalDataRepository(server.knex);
  await data.erase((await data.discover({ email: handler.email, rights: ['erasure'] })).filter((i) => i.action !== 'retain'));
  const listed = await boss.request('GET', `/api/v1/users/${handler.id}`);
  assert.equal([listed.body.active, listed.body.erased], [false, true]);
  for (const change of [{ active: true }, { roles: ['handler'] }, { active: true, roles: ['org_admin'] }]) {
    const res = await boss.request('PATCH', `/api/v1/users/${handler.id}`, change);
    assert.equal([res.status, res.body.error.code], [409, 'account_erased'], JSON.stringify(change));
  }
  const row = await server.knex('users').where({ id: handler.id }).first('active');
  assert.is(row.active, false);
  assert.equal(await server.knex('user_roles').where({ userId: handler.id }).pluck('role'), [], 'no role came back');
  // Deactivating it again is harmless; an account that was merely deactivated can still come back.
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { active: false })).status, 200);
  const other = user('handler2@demo.test');
  assert.is((await boss.request('PATCH', `/api/v1/users/${other.id}`, { active: false })).status, 200);
  assert.is((await boss.request('PATCH', `/api/v1/users/${other.id}`, { active: true })).status, 200);
});

t('the web app signs the browser\'s address in the format and header the API checks', () => {
  const key = 'shared-between-web-and-api-0123456789abcdef';
  const now = Date.now();
  assert.is(WEB_HEADER, CLIENT_ADDRESS_HEADER);
  assert.is(verifyClientAddress(key, webSigns(key, '203.0.113.5', now), now), '203.0.113.5');
  assert.is(verifyClientAddress(key, webSigns(key, '2001:db8::5', now), now), '2001:db8::5');
  assert.is(verifyClientAddress(key, webSigns('another-key-0123456789abcdef-0123456789', '203.0.113.5', now), now), null);
});

/** A real SMTP server that keeps every client waiting `delayMs` before its greeting. */
async function slowSmtp(delayMs: number) {
  const received: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onConnect(_session, callback) { setTimeout(() => callback(), delayMs); },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => { received.push(...session.envelope.rcptTo.map((r) => r.address)); callback(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

t('password reset: an address with an account answers as fast as one without; the mail follows the answer', async () => {
  // Long enough that awaiting the mail cannot hide in a loaded machine's noise.
  const SMTP_DELAY_MS = 3000;
  const smtp = await slowSmtp(SMTP_DELAY_MS);
  const config = testConfig();
  const mail = await startMail({ ...config, mail: { ...config.mail, smtpUrl: smtp.url } }, server.knex);
  const api = createApp({
    config, knex: server.knex, logger: createLogger(config, 'test-web'), workflows: server.workflows,
    audit: createAuditRecorder(server.knex, { secret: config.secret }), mailer: mail.mailer,
  });
  const http = createHttpServer(api.app, null);
  await listen(http, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await request(base, 'POST', '/api/v1/auth/password-reset', { email });
      return { status: res.status, body: res.body, ms: performance.now() - started };
    };
    const unknown = await timed('nobody-here@demo.test');
    const existing = await timed(handler.email);
    assert.equal([existing.status, existing.body], [unknown.status, unknown.body], 'the same answer');
    assert.ok(existing.ms < SMTP_DELAY_MS / 2, `an existing address answered in ${Math.round(existing.ms)} ms: the mail was awaited`);
    assert.ok(unknown.ms < SMTP_DELAY_MS / 2, `${Math.round(unknown.ms)} ms`);
    await api.drain();
    assert.equal(smtp.received, [handler.email], 'the reset mail went out after the answer, to the account only');
  } finally {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await mail.close();
    await smtp.close();
  }
});

t('inviting an address with an account in another organisation answers like any invitation; only its owner learns more, on acceptance', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const fresh = await boss.request('POST', '/api/v1/users/invitations', { email: 'brand.new@example.test', roles: ['handler'], locale: 'en' });
  const elsewhere = await boss.request('POST', '/api/v1/users/invitations', { email: 'Admin@Nordisk.test', roles: ['handler'], locale: 'en' });
  const staff = await boss.request('POST', '/api/v1/users/invitations', { email: 'privacy@clientnote.test', roles: ['handler'], locale: 'en' });
  for (const res of [elsewhere, staff]) {
    assert.is(res.status, fresh.status, JSON.stringify(res.body));
    assert.equal(Object.keys(res.body).sort(), Object.keys(fresh.body).sort());
    assert.is(res.body.mail, fresh.body.mail);
  }
  // A member of the admin's own organisation is still named (the admin sees them anyway).
  assert.is((await boss.request('POST', '/api/v1/users/invitations', { email: handler.email, roles: ['handler'] })).status, 409);
  // The owner of the Nordisk account follows the mailed link: a clear refusal, and nothing changes.
  const message = server.mailSink.messages().find((m) => m.to.includes('admin@nordisk.test'));
  assert.ok(message, 'the invitation was mailed like any other');
  const token = /token=([A-Za-z0-9_-]+)/.exec(message!.text)![1]!;
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/invitations/lookup', { token })).status, 200);
  const accepted = await request(server.baseUrl, 'POST', '/api/v1/invitations/accept', { token, name: 'Niels Again', password: 'lantern-orbit-mosaic-42' });
  assert.equal([accepted.status, accepted.body.error.code], [409, 'conflict']);
  assert.match(accepted.body.error.message, /already has a Clientnote account/);
  const nordiskAdmin = await server.knex('users').whereRaw('lower(email) = ?', ['admin@nordisk.test']).first('orgId', 'name');
  assert.equal(nordiskAdmin, { orgId: user('admin@nordisk.test').orgId, name: user('admin@nordisk.test').name }, 'the account is untouched');
});

/** A port nothing listens on (opened, read, closed). */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

t('while Postgres cannot be reached every route answers 503 unavailable with Retry-After, not 500', async () => {
  const config = testConfig();
  const dead = createKnex(`postgres://clientnote_app@127.0.0.1:${await closedPort()}/clientnote`, { poolMax: 2 });
  const mail = await startMail({ ...config, mail: { ...config.mail, smtpUrl: null } }, dead, { sinkPort: 0 });
  const api = createApp({
    config, knex: dead, logger: createLogger(config, 'test-web'), workflows: server.workflows,
    audit: createAuditRecorder(dead, { secret: config.secret }), mailer: mail.mailer,
  });
  const http = createHttpServer(api.app, null);
  await listen(http, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    const calls: [string, string, unknown?, Record<string, string>?][] = [
      ['POST', '/api/v1/auth/login', { email: handler.email, password: 'whatever-it-is' }],
      ['GET', '/api/v1/cases', undefined, { cookie: 'cn_session=some-session-token' }],
      ['GET', '/api/v1/cases', undefined, { authorization: 'Bearer cn_some-token' }],
      ['POST', '/api/v1/privacy/requests', { rights: ['access'], name: 'Ann Person', email: 'ann@example.test', relationship: 'other', description: 'What do you hold?' }],
    ];
    for (const [method, path, body, headers] of calls) {
      const res = await request(base, method, path, body, headers);
      assert.equal([res.status, res.body.error.code], [503, 'unavailable'], `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.is(res.headers.get('retry-after'), '10', `${method} ${path}`);
      assert.match(res.body.error.message, /database/);
    }
    // Requests that need no database are answered as usual.
    assert.is((await request(base, 'GET', '/api/v1/cases')).status, 401);
    const health = await request(base, 'GET', '/api/v1/health');
    assert.equal([health.status, health.body.db], [503, 'down']);
  } finally {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await api.drain();
    await mail.close();
    await dead.destroy();
  }
});

t('connection errors are recognised wherever they are wrapped; a wrong query is not one', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.ok(isConnectionError(refused));
  assert.ok(isConnectionError(new AggregateError([refused], 'connect failed')));
  assert.ok(isConnectionError(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })));
  assert.ok(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(isConnectionError(new Error('Connection terminated unexpectedly')));
  assert.ok(isConnectionError(new Error('query failed', { cause: refused })));
  assert.not.ok(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' })));
  assert.not.ok(isConnectionError(Object.assign(new Error('syntax error'), { code: '42601' })));
  assert.not.ok(isConnectionError(new Error('Connection refused by policy (not a socket error)')));
});

t('production: HSTS on every response, pages as well as the API; not outside production', async () => {
  const config = testConfig();
  const mail = await startMail({ ...config, mail: { ...config.mail, smtpUrl: null } }, server.knex, { sinkPort: 0 });
  const appFor = (env: 'production' | 'test') => createApp({
    config: { ...config, env }, knex: server.knex, logger: createLogger(config, 'test-web'), workflows: server.workflows,
    audit: createAuditRecorder(server.knex, { secret: config.secret }), mailer: mail.mailer,
  }).app;
  // A page handler in SvelteKit's place: the header is the server's business, whatever answers.
  const page = (_req: IncomingMessage, res: ServerResponse) => { res.setHeader('content-type', 'text/html'); res.end('<!doctype html><p>side</p>'); };
  const servers = [createHttpServer(appFor('production'), page, { strictTransportSecurity: true }), createHttpServer(appFor('test'), page)];
  const bases: string[] = [];
  for (const http of servers) {
    await listen(http, 0, '127.0.0.1');
    bases.push(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  }
  try {
    for (const path of ['/login', '/cases/123', '/api/v1/health', '/api/v1/no-such-route', '/api/v1/cases']) {
      const res = await fetch(bases[0]! + path);
      assert.is(res.headers.get('strict-transport-security'), STRICT_TRANSPORT_SECURITY, path);
      assert.is((await fetch(bases[1]! + path)).headers.get('strict-transport-security'), null, `${path} outside production`);
    }
    // Behind the TLS proxy the socket is plain HTTP: the Secure session cookie is still set (no 500).
    const signedIn = await request(bases[0]!, 'POST', '/api/v1/auth/login', { email: admin.email, password: config.demoPassword });
    assert.is(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.match(signedIn.headers.get('set-cookie') ?? '', /; secure/i);
  } finally {
    for (const http of servers) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
    await mail.close();
  }
});

t('OpenAPI: every signed-in operation documents 401 and 403, path parameters 404, throttled routes 429 with Retry-After', async () => {
  const doc = (await request(server.baseUrl, 'GET', '/api/v1/openapi.json')).body;
  let checked = 0;
  for (const route of server.routes) {
    const operation = doc.paths['/api/v1' + route.path.replace(/:(\w+)/g, '{$1}')][route.method];
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const has = (status: string) => operation.responses[status] !== undefined;
    if (route.access !== 'public') assert.ok(has('401') && has('403'), `${name}: 401 and 403`);
    else assert.ok(!has('401') || route.responses[401], `${name} is public: no 401 unless it declares one`);
    if (route.params) assert.ok(has('404'), `${name}: 404`);
    if (route.throttled) {
      assert.ok(has('429'), `${name}: 429`);
      assert.ok(operation.responses['429'].headers?.['Retry-After'], `${name}: Retry-After`);
    }
    for (const [status, response] of Object.entries(operation.responses as Record<string, { content?: Record<string, { schema: unknown }> }>)) {
      if (Number(status) >= 400) assert.ok(response.content?.['application/json'], `${name} ${status}: the error shape`);
    }
    checked += 1;
  }
  assert.ok(checked > 60, `${checked} operations`);
  const one = doc.paths['/api/v1/cases/{id}'].get.responses;
  assert.ok(one['401'] && one['403'] && one['404'], 'GET /cases/{id}');
  assert.ok(doc.paths['/api/v1/auth/login'].post.responses['429'] && doc.paths['/api/v1/privacy/requests'].post.responses['429']);
  assert.match(doc.paths['/api/v1/cases/{id}'].get.responses['403'].description, /cases:read/);
  assert.not.ok(doc.paths['/api/v1/health'].get.responses['401']);
  assert.ok(server.routes.filter((r) => r.throttled).length >= 7, 'login, password reset and the public privacy routes are marked');
});

t.run();
