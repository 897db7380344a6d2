// Login hardening over real HTTP: brute force is throttled per account with a
// doubling lock and per IP (failures only); the caller's address comes from the
// web app's signed header or a configured proxy, never from any caller; session
// fixation, idle and absolute expiry, log out everywhere, a deactivated user's
// old session, CSRF, look-alike addresses and hostile payloads.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { IncomingMessage } from 'node:http';
import { DEMO_USERS } from '../../db/seeds/demo.ts';
import { login, request, resetDatabase, startApi, testConfig, type RunningApi } from '../../test/harness/platform.ts';
import { lockSeconds, ACCOUNT_FAILURES, IP_ATTEMPTS } from './login-throttle.ts';
import { CLIENT_ADDRESS_HEADER, resolveClientAddress, SIGNATURE_MAX_AGE_MS, signClientAddress, verifyClientAddress } from './client-ip.ts';

const t = suite('login hardening');
let server: RunningApi;
const admin = DEMO_USERS.find((u) => u.email === 'admin@demo.test')!;
const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;

t.before(async () => {
  server = await startApi();
});
t.before.each(async () => {
  await resetDatabase();
});
t.after(async () => {
  await server?.close();
});

const attempt = (email: string, password: string, headers: Record<string, string> = {}) =>
  request(server.baseUrl, 'POST', '/api/v1/auth/login', { email, password }, headers);
const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

t('the lock doubles: 1 minute, then 2', () => {
  assert.equal([1, 2, 3, 4].map(lockSeconds), [60, 120, 240, 480]);
  assert.is(lockSeconds(30), 24 * 60 * 60);
});

t('five wrong passwords lock the account (429 rate_limited, Retry-After), even for the right password; the next lock is twice as long', async () => {
  for (let i = 0; i < ACCOUNT_FAILURES; i++) assert.is((await attempt(admin.email, `wrong-password-${i}`)).status, 401);
  const locked = await attempt(admin.email, testConfig().demoPassword);
  assert.is(locked.status, 429);
  assert.is(locked.body.error.code, 'rate_limited');
  const first = Number(locked.headers.get('retry-after'));
  assert.ok(first > 50 && first <= 60, `Retry-After ${first}`);
  // The same for the upper-case spelling of the address.
  assert.is((await attempt(admin.email.toUpperCase(), 'x')).status, 429);
  // Let the lock run out (without waiting): the failure counter expires, the lockout count stays.
  await server.knex('login_throttle').where('key', 'like', 'acct:%').delete();
  for (let i = 0; i < ACCOUNT_FAILURES; i++) assert.is((await attempt(admin.email, `wrong-again-${i}`)).status, 401);
  const second = Number((await attempt(admin.email, 'x')).headers.get('retry-after'));
  assert.ok(second > 110 && second <= 120, `Retry-After ${second}`);
});

t('unknown addresses are throttled exactly like known ones (no enumeration)', async () => {
  for (let i = 0; i < ACCOUNT_FAILURES; i++) {
    const res = await attempt('nobody@demo.test', 'wrong-password-x');
    assert.is(res.status, 401);
    assert.is(res.body.error.message, 'The e-mail address or password is incorrect');
  }
  assert.is((await attempt('nobody@demo.test', 'x')).status, 429);
});

t('a success clears the failures', async () => {
  for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await attempt(admin.email, 'nope-nope-nope');
  assert.is((await attempt(admin.email, testConfig().demoPassword)).status, 200);
  for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) assert.is((await attempt(admin.email, 'nope-nope-nope')).status, 401);
});

t('100 failed logins per IP in 15 minutes; the web app\'s signed address picks the IP, x-forwarded-for from loopback does not', async () => {
  const key = testConfig().network.forwardingKey;
  const from = (ip: string) => ({ [CLIENT_ADDRESS_HEADER]: signClientAddress(key, ip, Date.now()) });
  for (let i = 0; i < IP_ATTEMPTS; i++) {
    // A header of the caller's choosing changes nothing: every failure counts against 203.0.113.7.
    const res = await attempt(`user${i}@spray.test`, 'password-spray-1', { ...from('203.0.113.7'), 'x-forwarded-for': `198.51.100.${i % 250}` });
    assert.is(res.status, 401, `attempt ${i}`);
  }
  const blocked = await attempt('another@spray.test', 'password-spray-1', from('203.0.113.7'));
  assert.is(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.is((await attempt(admin.email, testConfig().demoPassword, from('203.0.113.7'))).status, 429, 'the right password too, from that address');
  assert.is((await attempt('another@spray.test', 'password-spray-1', from('203.0.113.8'))).status, 401, 'another client is not blocked');
  // A forged, stale or foreign-key signature is no address: the request counts as loopback's own.
  const forged = signClientAddress(key, '203.0.113.8', Date.now()).replace('203.0.113.8', '203.0.113.7');
  const stale = signClientAddress(key, '203.0.113.7', Date.now() - 5 * 60_000);
  const foreign = signClientAddress('x'.repeat(43), '203.0.113.7', Date.now());
  for (const value of [forged, stale, foreign]) {
    assert.is((await attempt('another@spray.test', 'password-spray-1', { [CLIENT_ADDRESS_HEADER]: value })).status, 401, value);
  }
  const rows = (await server.knex('login_throttle').where('key', 'like', 'ip:%').pluck('key')) as string[];
  assert.equal(rows.sort(), ['ip:127.0.0.1', 'ip:203.0.113.7', 'ip:203.0.113.8'], 'no address the caller merely claimed');
});

t('successful logins are not counted against the IP: one office address never locks itself out', async () => {
  const password = testConfig().demoPassword;
  for (let i = 0; i < IP_ATTEMPTS + 5; i++) {
    const res = await attempt(DEMO_USERS[i % 5]!.email, password);
    assert.is(res.status, 200, `login ${i}`);
  }
});

t('forwarded headers: believed only from configured proxies, read from the right; the signed address only over loopback', () => {
  const key = 'k'.repeat(43);
  const resolve = (peer: string, headers: Record<string, string>, trustedProxies: string[] = []) => {
    const req = { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
    return { address: resolveClientAddress(req, { trustedProxies, forwardingKey: key }), headers: req.headers };
  };
  const spoofed = { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.test', forwarded: 'for=1.2.3.4' };
  for (const peer of ['198.51.100.9', '127.0.0.1', '::1', '::ffff:127.0.0.1']) {
    const seen = resolve(peer, spoofed);
    assert.is(seen.address, peer.replace('::ffff:', ''), peer);
    assert.equal(Object.keys(seen.headers), [], `${peer}: every forwarded header removed`);
  }
  // Behind a proxy: the client may prepend anything; the nearest untrusted hop is the answer.
  const proxies = ['10.0.0.0/8', '172.18.0.5'];
  assert.is(resolve('172.18.0.5', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, proxies).address, '203.0.113.9');
  assert.is(resolve('172.18.0.5', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.2.3' }, proxies).address, '203.0.113.9');
  assert.is(resolve('172.18.0.5', { 'x-forwarded-for': 'garbage; drop table' }, proxies).address, '172.18.0.5');
  assert.is(resolve('172.18.0.5', {}, proxies).address, '172.18.0.5');
  assert.equal(resolve('172.18.0.5', { 'x-forwarded-proto': 'https' }, proxies).headers, { 'x-forwarded-proto': 'https' }, 'a trusted proxy\'s protocol stays');
  assert.is(resolve('172.18.0.6', { 'x-forwarded-for': '203.0.113.9' }, proxies).address, '172.18.0.6', 'an untrusted neighbour');
  // The web app's signed address: over loopback, with the key, fresh.
  const signed = signClientAddress(key, '203.0.113.20', Date.now());
  assert.is(resolve('127.0.0.1', { [CLIENT_ADDRESS_HEADER]: signed }).address, '203.0.113.20');
  assert.is(resolve('198.51.100.9', { [CLIENT_ADDRESS_HEADER]: signed }).address, '198.51.100.9', 'not from outside');
  assert.is(verifyClientAddress(key, signed, Date.now() + SIGNATURE_MAX_AGE_MS + 1000), null, 'stale');
  assert.is(verifyClientAddress('other'.repeat(9), signed, Date.now()), null, 'another key');
  assert.is(verifyClientAddress(key, `not-an-ip;${Date.now()};x`, Date.now()), null);
});

t('session fixation: a planted cookie is never adopted; login issues a new token', async () => {
  const planted = 'cn_session=attacker-chosen-token-value';
  const res = await attempt(admin.email, testConfig().demoPassword, { cookie: planted });
  assert.is(res.status, 200);
  assert.is.not(cookieOf(res), planted);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, { cookie: planted })).status, 401);
  // Logging in again with a live session replaces it: the old token dies.
  const again = await attempt(admin.email, testConfig().demoPassword, { cookie: cookieOf(res), 'x-csrf-token': res.body.csrfToken });
  assert.is(again.status, 200);
  assert.is.not(cookieOf(again), cookieOf(res));
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, { cookie: cookieOf(res) })).status, 401);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, { cookie: cookieOf(again) })).status, 200);
});

t('idle (30 min) and absolute (12 h) expiry end a session', async () => {
  const res = await attempt(admin.email, testConfig().demoPassword);
  const cookie = cookieOf(res);
  const session = () => request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, { cookie });
  assert.is((await session()).status, 200);
  await server.knex('sessions').update({ lastSeenAt: new Date(Date.now() - 31 * 60 * 1000) });
  assert.is((await session()).status, 401);
  const res2 = await attempt(admin.email, testConfig().demoPassword);
  await server.knex('sessions').update({ expiresAt: new Date(Date.now() - 1000) });
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/auth/session', undefined, { cookie: cookieOf(res2) })).status, 401);
  assert.is((await server.knex('sessions').count({ n: '*' }))[0]!.n, '0', 'expired sessions are removed');
});

t('log out everywhere ends every session of the user', async () => {
  const a = await login(server.baseUrl, admin.email);
  const b = await login(server.baseUrl, admin.email);
  const other = await login(server.baseUrl, handler.email);
  assert.is((await a.request('POST', '/api/v1/auth/logout-all')).status, 204);
  assert.is((await b.request('GET', '/api/v1/auth/session')).status, 401);
  assert.is((await a.request('GET', '/api/v1/auth/session')).status, 401);
  assert.is((await other.request('GET', '/api/v1/auth/session')).status, 200, 'other users are untouched');
});

t('a deactivated user: the old session stops working and login fails generically', async () => {
  const victim = await login(server.baseUrl, handler.email);
  const boss = await login(server.baseUrl, admin.email);
  assert.is((await boss.request('PATCH', `/api/v1/users/${handler.id}`, { active: false })).status, 200);
  assert.is((await victim.request('GET', '/api/v1/cases')).status, 401);
  assert.is((await server.knex('sessions').where({ userId: handler.id }).count({ n: '*' }))[0]!.n, '0');
  // Even a session row that survived (e.g. restored from a backup) is refused.
  await server.knex('users').where({ id: handler.id }).update({ active: true });
  const again = await login(server.baseUrl, handler.email);
  await server.knex('users').where({ id: handler.id }).update({ active: false });
  assert.is((await again.request('GET', '/api/v1/auth/session')).status, 401);
  const res = await attempt(handler.email, testConfig().demoPassword);
  assert.is(res.status, 401);
  assert.is(res.body.error.message, 'The e-mail address or password is incorrect');
});

t('cookie-authenticated changes need the right x-csrf-token', async () => {
  const client = await login(server.baseUrl, admin.email);
  const missing = await client.request('POST', '/api/v1/users/invitations', { email: 'x@demo.test', roles: ['handler'] }, { 'x-csrf-token': '' });
  assert.is(missing.status, 403);
  assert.is(missing.body.error.code, 'csrf_failed');
  const wrong = await client.request('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': 'A'.repeat(client.csrfToken.length) });
  assert.is(wrong.status, 403);
  assert.is((await client.request('GET', '/api/v1/auth/session')).status, 200, 'still logged in');
});

t('look-alike addresses, script and SQL payloads, empty and over-long inputs', async () => {
  const lookalike = await attempt('\u0430dmin@demo.test', testConfig().demoPassword); // Cyrillic а
  assert.is(lookalike.status, 401);
  for (const payload of ["' OR '1'='1", "admin@demo.test'--", '<script>alert(1)</script>', 'admin@demo.test\r\nBcc: x@y.z']) {
    const res = await attempt(payload, payload);
    assert.is(res.status, 401, payload);
  }
  const empty = await attempt('', '');
  assert.is(empty.status, 400);
  assert.equal(empty.body.error.fields.map((f: { path: string }) => f.path).sort(), ['email', 'password']);
  assert.is((await attempt('a'.repeat(400) + '@demo.test', 'x')).status, 400);
  assert.is((await attempt(admin.email, 'x'.repeat(2000))).status, 400);
  assert.is((await server.knex('users').count({ n: '*' }))[0]!.n, String(DEMO_USERS.length), 'nothing was created or dropped');
});

t.run();
