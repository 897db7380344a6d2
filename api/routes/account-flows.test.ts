// Account flows over real HTTP with mail received by the development sink (a
// real SMTP server): invitations, password reset, password rules, TOTP with
// recovery codes and the organisation's TOTP requirement, API tokens, users
// administration, the audit log (filters, CSV) and the dev outbox.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_ORGS, DEMO_USERS } from '../../db/seeds/demo.ts';
import { login, request, resetDatabase, startApi, testConfig, type ApiClient, type RunningApi } from '../../test/harness/platform.ts';
import { totpCode } from '../auth/totp.ts';
import { RESET_MAILS_PER_HOUR } from '../auth/login-throttle.ts';
import { outboxRoutes } from './outbox.ts';
import { startMail } from '../mail-setup.ts';
import type { ApiDeps } from '../deps.ts';

const t = suite('account flows');
let server: RunningApi;
const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const admin = user('admin@demo.test');
const handler = user('handler@demo.test');
const STRONG = 'lantern-orbit-mosaic-42';

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

const post = (path: string, body?: unknown) => request(server.baseUrl, 'POST', path, body);
function tokenFromMail(to: string): string {
  const message = server.mailSink.messages().find((m) => m.to.includes(to));
  assert.ok(message, `a mail to ${to}`);
  const match = /token=([A-Za-z0-9_-]+)/.exec(message!.text);
  assert.ok(match, 'a link with a token');
  return match![1]!;
}

async function invite(client: ApiClient, email: string, roles = ['handler']) {
  const res = await client.request('POST', '/api/v1/users/invitations', { email, roles, locale: 'en' });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res;
}

t('invitation: mailed single-use link, password rules, then the new user logs in', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const invited = await invite(boss, 'New.Person@Demo.test', ['handler', 'reviewer']);
  assert.is(invited.body.email, 'new.person@demo.test');
  assert.is(invited.body.mail, 'sent');
  const mail = server.mailSink.messages()[0]!;
  assert.is(mail.subject, 'You are invited to Clientnote');
  const token = tokenFromMail('new.person@demo.test');
  const lookup = await post('/api/v1/invitations/lookup', { token });
  assert.equal([lookup.status, lookup.body.organisation, lookup.body.roles], [200, DEMO_ORGS[0].name, ['handler', 'reviewer']]);
  for (const [password, message] of [['short-pw', /at least 12/], ['passwordpassword', /too common/], ['Password1234!', /too common/], ['aaaaaaaaaaaaaaa', /too common|repeat/]] as const) {
    const weak = await post('/api/v1/invitations/accept', { token, name: 'New Person', password });
    assert.is(weak.status, 400, password);
    assert.match(weak.body.error.fields[0].message, message);
  }
  const accepted = await post('/api/v1/invitations/accept', { token, name: 'New Person', password: STRONG, locale: 'en' });
  assert.is(accepted.status, 201);
  const fresh = await login(server.baseUrl, 'new.person@demo.test', STRONG);
  const session = await fresh.request('GET', '/api/v1/auth/session');
  assert.equal([session.body.user.orgId, session.body.user.roles], [DEMO_ORGS[0].id, ['handler', 'reviewer']]);
  assert.is((await post('/api/v1/invitations/accept', { token, name: 'Again', password: STRONG })).status, 404, 'single use');
  assert.is((await post('/api/v1/invitations/lookup', { token })).status, 404);
  const actions = (await boss.request('GET', '/api/v1/audit?limit=200')).body.items.map((e: { action: string }) => e.action);
  assert.ok(actions.includes('user.invited') && actions.includes('user.invitation_accepted'), actions.join());
});

t('expired, foreign and malformed invitation tokens are refused; nothing is created', async () => {
  const boss = await login(server.baseUrl, admin.email);
  await invite(boss, 'late@demo.test');
  const token = tokenFromMail('late@demo.test');
  await server.knex('invitations').update({ expiresAt: new Date(Date.now() - 1000) });
  assert.is((await post('/api/v1/invitations/accept', { token, name: 'Late', password: STRONG })).status, 404);
  assert.is((await post('/api/v1/invitations/accept', { token: 'A'.repeat(43), name: 'X', password: STRONG })).status, 404);
  for (const bad of ["' OR 1=1 --", '<script>alert(1)</script>', '', 'x'.repeat(500)]) {
    assert.is((await post('/api/v1/invitations/accept', { token: bad, name: 'X', password: STRONG })).status, 400, bad);
  }
  assert.is((await server.knex('users').where({ email: 'late@demo.test' })).length, 0);
});

t('invitations: only admins, ASCII addresses only (no look-alikes), no second account, only org roles', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const worker = await login(server.baseUrl, handler.email);
  assert.is((await worker.request('POST', '/api/v1/users/invitations', { email: 'x@demo.test', roles: ['handler'] })).status, 403);
  const lookalike = await boss.request('POST', '/api/v1/users/invitations', { email: '\u0430dmin@demo.test', roles: ['handler'] });
  assert.is(lookalike.status, 400);
  assert.is(lookalike.body.error.fields[0].path, 'email');
  assert.is((await boss.request('POST', '/api/v1/users/invitations', { email: 'ADMIN@demo.test', roles: ['handler'] })).status, 409, 'a member of this organisation (the admin sees them anyway)');
  assert.is((await boss.request('POST', '/api/v1/users/invitations', { email: 'p@demo.test', roles: ['platform_admin'] })).status, 400);
  assert.is((await boss.request('POST', '/api/v1/users/invitations', { email: 'p@demo.test', roles: [] })).status, 400);
  assert.is((await boss.request('POST', '/api/v1/users/invitations', { email: "x'); drop table users;--@demo.test", roles: ['handler'] })).status, 400);
  assert.is(server.mailSink.messages().length, 0);
});

t('a handler cannot grant itself org_admin; an admin cannot demote or deactivate itself', async () => {
  const worker = await login(server.baseUrl, handler.email);
  const grab = await worker.request('PATCH', `/api/v1/users/${handler.id}`, { roles: ['org_admin'] });
  assert.is(grab.status, 403);
  assert.equal((await server.knex('user_roles').where({ userId: handler.id }).pluck('role')), ['handler']);
  const boss = await login(server.baseUrl, admin.email);
  assert.is((await boss.request('PATCH', `/api/v1/users/${admin.id}`, { roles: ['handler'] })).status, 409);
  assert.is((await boss.request('PATCH', `/api/v1/users/${admin.id}`, { active: false })).status, 409);
  const changed = await boss.request('PATCH', `/api/v1/users/${handler.id}`, { roles: ['handler', 'reviewer'] });
  assert.equal([changed.status, changed.body.roles], [200, ['handler', 'reviewer']]);
  const list = await boss.request('GET', '/api/v1/users?limit=3');
  assert.is(list.body.items.length, 3);
  assert.ok(list.body.nextCursor);
  const rest = await boss.request('GET', `/api/v1/users?limit=50&cursor=${list.body.nextCursor}`);
  assert.is(list.body.items.length + rest.body.items.length, DEMO_USERS.filter((u) => u.orgId === DEMO_ORGS[0].id).length);
  const event = (await boss.request('GET', '/api/v1/audit?action=user.roles_changed')).body.items[0];
  assert.equal([event.targetId, event.details], [handler.id, { from: ['handler'], to: ['handler', 'reviewer'] }]);
});

t('password reset: 30-minute single-use link, every session ended, no enumeration', async () => {
  const old = await login(server.baseUrl, handler.email);
  assert.is((await post('/api/v1/auth/password-reset', { email: 'nobody@demo.test' })).status, 202);
  await server.drain(); // the lookup and the mail happen after the answer
  assert.is(server.mailSink.messages().length, 0);
  assert.is((await post('/api/v1/auth/password-reset', { email: handler.email })).status, 202);
  await server.drain();
  const token = tokenFromMail(handler.email);
  assert.is((await server.knex('password_resets').where({ tokenHash: Buffer.from(token) })).length, 0, 'only a hash is stored');
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token, password: 'qwerty123456' })).status, 400);
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token, password: STRONG })).status, 204);
  assert.is((await old.request('GET', '/api/v1/auth/session')).status, 401, 'old sessions are revoked');
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token, password: STRONG + 'x' })).status, 400, 'single use');
  await login(server.baseUrl, handler.email, STRONG);
  // An expired link.
  await post('/api/v1/auth/password-reset', { email: admin.email });
  await server.drain();
  const late = tokenFromMail(admin.email);
  await server.knex('password_resets').whereNull('usedAt').update({ expiresAt: new Date(Date.now() - 1000) });
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token: late, password: STRONG })).status, 400);
  await login(server.baseUrl, admin.email);
});

t('TOTP: set up, login needs the code (totp_required), recovery codes work once; org can make it mandatory', async () => {
  const me = await login(server.baseUrl, handler.email);
  const setup = await me.request('POST', '/api/v1/auth/totp/setup');
  assert.is(setup.status, 200);
  assert.match(setup.body.otpauthUrl, /^otpauth:\/\/totp\//);
  assert.is((await me.request('POST', '/api/v1/auth/totp/enable', { code: '000000' === totpCode(setup.body.secret, new Date()) ? '111111' : '000000' })).status, 400);
  const enabled = await me.request('POST', '/api/v1/auth/totp/enable', { code: totpCode(setup.body.secret, new Date()) });
  assert.is(enabled.status, 200);
  assert.is(enabled.body.recoveryCodes.length, 10);
  const stored = await server.knex('users').where({ id: handler.id }).first('totpSecret');
  assert.not.match(stored.totpSecret, new RegExp(setup.body.secret), 'the secret is stored encrypted');
  const password = testConfig().demoPassword;
  const without = await post('/api/v1/auth/login', { email: handler.email, password });
  assert.equal([without.status, without.body.error.code], [401, 'totp_required']);
  const wrongCode = await post('/api/v1/auth/login', { email: handler.email, password, totp: '12345x' });
  assert.is(wrongCode.body.error.code, 'totp_required');
  assert.is((await post('/api/v1/auth/login', { email: handler.email, password, totp: totpCode(setup.body.secret, new Date()) })).status, 200);
  const recovery = enabled.body.recoveryCodes[0];
  assert.is((await post('/api/v1/auth/login', { email: handler.email, password, totp: recovery })).status, 200);
  assert.is((await post('/api/v1/auth/login', { email: handler.email, password, totp: recovery })).status, 401, 'a recovery code works once');

  const boss = await login(server.baseUrl, admin.email);
  assert.is((await boss.request('PATCH', '/api/v1/organisation/security', { totpRequired: true })).status, 200);
  const reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  const blocked = await reviewer.request('GET', '/api/v1/cases');
  assert.equal([blocked.status, blocked.body.error.code], [401, 'totp_required']);
  const session = await reviewer.request('GET', '/api/v1/auth/session');
  assert.is(session.body.user.totpSetupRequired, true);
  assert.is((await reviewer.request('POST', '/api/v1/auth/totp/setup')).status, 200, 'set-up stays reachable');
  assert.is((await me.request('POST', '/api/v1/auth/totp/disable', { password })).status, 409, 'cannot turn it off when required');
});

t('API tokens: shown once, hashed, Bearer without CSRF, last use stamped, revocation ends them', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const created = await boss.request('POST', '/api/v1/tokens', { name: 'ERP sync', scopes: ['cases:read'] });
  assert.is(created.status, 201);
  const secret = created.body.token as string;
  assert.match(secret, /^cn_/);
  const listed = await boss.request('GET', '/api/v1/tokens');
  assert.not.match(JSON.stringify(listed.body), new RegExp(secret));
  assert.is((await server.knex('api_tokens').where({ tokenHash: Buffer.from(secret) })).length, 0);
  const bearer = { authorization: `Bearer ${secret}` };
  const cases = await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer);
  assert.is(cases.status, 200);
  assert.ok((await boss.request('GET', '/api/v1/tokens')).body.items[0].lastUsedAt);
  // A token reaches only its scopes: it cannot read the users list; even one with every scope cannot manage tokens.
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/users', undefined, bearer)).status, 403);
  const everyScope = ['cases:read', 'cases:write', 'screening:search', 'lists:read', 'audit:read', 'dsr:forwarded'];
  const adminToken = (await boss.request('POST', '/api/v1/tokens', { name: 'admin bot', scopes: everyScope })).body.token;
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/tokens', { name: 'x', scopes: everyScope }, { authorization: `Bearer ${adminToken}` })).status, 403);
  assert.is((await boss.request('DELETE', `/api/v1/tokens/${created.body.id}`)).status, 204);
  const revoked = await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, bearer);
  assert.equal([revoked.status, revoked.body.error.code], [401, 'unauthenticated']);
  assert.is((await boss.request('DELETE', `/api/v1/tokens/${created.body.id}`)).status, 404, 'already revoked');
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases', undefined, { authorization: 'Bearer cn_guessed' })).status, 401);
  const actions = (await boss.request('GET', '/api/v1/audit?action=token.created')).body.items;
  assert.is(actions.length, 2);
  assert.is((await boss.request('GET', '/api/v1/audit?action=token.revoked')).body.items[0].targetId, created.body.id);
});

t('audit log: filters, cursor, CSV export (audited, formula-safe); readable by admins and compliance only', async () => {
  const boss = await login(server.baseUrl, admin.email);
  await login(server.baseUrl, handler.email);
  const all = await boss.request('GET', '/api/v1/audit?limit=1');
  assert.is(all.body.items.length, 1);
  assert.ok(all.body.nextCursor);
  const byActor = await boss.request('GET', `/api/v1/audit?actor=${handler.id}`);
  assert.ok(byActor.body.items.length >= 1 && byActor.body.items.every((e: { actorUserId: string }) => e.actorUserId === handler.id));
  const future = await boss.request('GET', '/api/v1/audit?from=2100-01-01');
  assert.is(future.body.items.length, 0);
  assert.is((await boss.request('GET', '/api/v1/audit?actor=not-an-id')).status, 400);
  assert.is((await boss.request('GET', "/api/v1/audit?action=' or 1=1")).status, 400);
  const csv = await boss.request('GET', '/api/v1/audit.csv');
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  assert.match(csv.body, /^createdAt,seq,action,/);
  assert.match(csv.body, /"auth\.login"/);
  assert.is((await boss.request('GET', '/api/v1/audit?action=audit.exported')).body.items.length, 1);
  assert.is((await (await login(server.baseUrl, handler.email)).request('GET', '/api/v1/audit')).status, 403);
  assert.is((await (await login(server.baseUrl, 'compliance@demo.test')).request('GET', '/api/v1/audit')).status, 200);
  const { csvCell } = await import('./audit.ts');
  assert.is(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
});

t('script and SQL payloads are stored as plain text; control characters, empty and over-long values are refused', async () => {
  const boss = await login(server.baseUrl, admin.email);
  const payloads = ['<script>alert(1)</script>', "Robert'); DROP TABLE users;--", '{{constructor.constructor("x")()}}'];
  for (const name of payloads) {
    const created = await boss.request('POST', '/api/v1/tokens', { name, scopes: ['cases:read'] });
    assert.is(created.status, 201, name);
    assert.is(created.body.name, name);
  }
  const me = await login(server.baseUrl, handler.email);
  const renamed = await me.request('PATCH', '/api/v1/auth/profile', { name: payloads[1] });
  assert.is(renamed.body.user.name, payloads[1]);
  assert.is((await server.knex('users').count({ n: '*' }))[0]!.n, '10', 'the users table is still there');
  for (const name of ['', '   ', 'x'.repeat(101), 'Eve\r\nBcc: x@evil.test', 'tab\there']) {
    assert.is((await me.request('PATCH', '/api/v1/auth/profile', { name })).status, 400, JSON.stringify(name));
    assert.is((await boss.request('POST', '/api/v1/tokens', { name, scopes: ['cases:read'] })).status, 400, JSON.stringify(name));
  }
  assert.is((await boss.request('POST', '/api/v1/tokens', { name: 'x', scopes: ['users:manage'] })).status, 400, 'no scope outside the list');
  assert.is((await boss.request('POST', '/api/v1/tokens', { name: 'x', role: 'handler' })).status, 400, 'a role is no longer a way to make a token');
  // A reset token of another user, guessed or made up, never works.
  await post('/api/v1/auth/password-reset', { email: admin.email });
  await server.drain();
  const adminToken = tokenFromMail(admin.email);
  const forged = adminToken.slice(0, -2) + (adminToken.endsWith('AA') ? 'BB' : 'AA');
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token: forged, password: STRONG })).status, 400);
  assert.is((await post('/api/v1/auth/password-reset/confirm', { token: "' OR 1=1 --", password: STRONG })).status, 400);
});

t('password-reset mails are limited per account (the answer stays the same)', async () => {
  for (let i = 0; i < RESET_MAILS_PER_HOUR + 2; i++) assert.is((await post('/api/v1/auth/password-reset', { email: handler.email })).status, 202);
  await server.drain();
  assert.is(server.mailSink.messages().length, RESET_MAILS_PER_HOUR);
});

t('in production there is no outbox route and no sink (SMTP_URL is required)', async () => {
  const config = testConfig();
  const production = { ...config, env: 'production' as const };
  assert.equal(outboxRoutes({ config: production, devMailSink: server.mailSink } as unknown as ApiDeps), []);
  try {
    await startMail({ ...production, mail: { ...config.mail, smtpUrl: null } }, server.knex);
    assert.unreachable('a production mail set-up without SMTP_URL');
  } catch (error) {
    assert.match((error as Error).message, /SMTP_URL is required/);
  }
});

t('dev outbox: platform admins read the sink newest first; others may not', async () => {
  const boss = await login(server.baseUrl, admin.email);
  await invite(boss, 'first@demo.test');
  await invite(boss, 'second@demo.test');
  assert.is((await boss.request('GET', '/api/v1/dev/outbox')).status, 403);
  const staff = await login(server.baseUrl, 'privacy@clientnote.test');
  const outbox = await staff.request('GET', '/api/v1/dev/outbox');
  assert.is(outbox.status, 200);
  assert.equal(outbox.body.items.map((m: { to: string[] }) => m.to[0]), ['second@demo.test', 'first@demo.test']);
  assert.match(outbox.body.items[0].text, /accept-invitation\?token=/);
});

t.run();
