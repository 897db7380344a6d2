// Legal holds over real HTTP with the real workflow: who may place and release
// them (tenant-scoped), and that a hold wins over an erasure request without the
// requester learning about it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { login, request, resetDatabase, startApi, startWorker, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually } from './harness/timeout.ts';

const holds = suite('legal holds');
let server: RunningApi;
let worker: RunningWorker;
let camilla: ApiClient;
let pia: ApiClient;
let dennis: ApiClient;

holds.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker();
  camilla = await login(server.baseUrl, 'compliance@demo.test');
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
});
holds.after(async () => {
  await worker?.close();
  await server?.close();
});

const future = () => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
const nordiskUser = DEMO_USERS.find((u) => u.email === 'handler@nordisk.test')!;
const demoUser = DEMO_USERS.find((u) => u.email === 'handler2@demo.test')!;

holds('who may place holds, and only within their organisation', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  assert.is((await handler.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: demoUser.id }, basis: 'investigation', reviewOn: future() })).status, 403);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/holds')).status, 401);
  const foreign = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: nordiskUser.id }, basis: 'investigation', reviewOn: future() });
  assert.is(foreign.status, 404, 'another organisation\'s user is not found');
  const byEmail = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'email', email: 'x@example.test' }, basis: 'litigation', reviewOn: future() });
  assert.is(byEmail.status, 400, 'holds by address are for Clientnote staff');
  const past = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: demoUser.id }, basis: 'investigation', reviewOn: '2020-01-01' });
  assert.is(past.status, 400);
  const badBasis = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: demoUser.id }, basis: 'because', reviewOn: future() });
  assert.is(badBasis.status, 400);

  const placed = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId: demoUser.id }, basis: 'aml_record', reviewOn: future(), note: 'ongoing review' });
  assert.is(placed.status, 201, JSON.stringify(placed.body));
  assert.is(placed.body.orgId, DEMO_ORGS[0].id);
  const mine = await camilla.request('GET', '/api/v1/holds?active=true');
  assert.ok(mine.body.items.some((h: { id: string }) => h.id === placed.body.id));
  const all = await pia.request('GET', '/api/v1/holds');
  assert.ok(all.body.items.some((h: { id: string }) => h.id === placed.body.id), 'Clientnote\'s privacy officers see every hold');
  const released = await camilla.request('POST', `/api/v1/holds/${placed.body.id}/release`);
  assert.is(released.status, 200);
  assert.ok(released.body.releasedAt);
  assert.is((await camilla.request('POST', `/api/v1/holds/${placed.body.id}/release`)).status, 404, 'released once');
  const byStaff = await pia.request('POST', '/api/v1/holds', { scope: { kind: 'email', email: 'Someone@Example.test' }, basis: 'authority_request', reviewOn: future() });
  assert.is(byStaff.status, 201);
  assert.not.match(JSON.stringify(byStaff.body), /someone@example/i, 'the address is stored only as a keyed hash');
});

holds('a hold wins over erasure, and the requester is told nothing about it', async () => {
  const email = 'held.person@example.test';
  const userId = randomUUID();
  await server.knex('users').insert({ id: userId, orgId: DEMO_ORGS[0].id, email, name: 'Hilda Held', passwordHash: 'x', locale: 'da' });
  await server.knex('sessions').insert({ userId, tokenHash: randomBytes(32), csrfToken: 'c', expiresAt: new Date(Date.now() + 3_600_000) });
  const hold = await camilla.request('POST', '/api/v1/holds', { scope: { kind: 'user', userId }, basis: 'investigation', reviewOn: future() });
  assert.is(hold.status, 201);

  const res = await request(server.baseUrl, 'POST', '/api/v1/privacy/requests', { rights: ['erasure'], name: 'Hilda Held', email, relationship: 'platform_user', description: '' });
  assert.is(res.status, 202);
  const { requestId, statusToken } = res.body;
  const code = await eventually(async () => server.mailSink.messages().find((m) => m.to.includes(email))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, 'code');
  assert.is((await request(server.baseUrl, 'POST', `/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code })).status, 200);
  const status = async () => (await server.knex('dsr_requests').where({ id: requestId }).first('status', 'outcome'));
  await eventually(async () => (await status()).status === 'triage', 10_000, 'triage');
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' })).status, 200);
  await eventually(async () => (await status()).status === 'plan_review', 15_000, 'plan review');

  const detail = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body;
  const userItem = detail.manifest.find((i: { sourceTable: string }) => i.sourceTable === 'users');
  assert.is(userItem.held, true);
  assert.is(userItem.action, 'retain');
  assert.not.ok(userItem.allowedActions.includes('anonymise'), 'a held row cannot be planned for erasure');
  assert.not.ok(detail.manifest.some((i: { sourceTable: string }) => i.sourceTable === 'legal_holds'), 'the hold itself is never part of what the subject can see');
  const override = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, { items: [{ itemId: userItem.id, action: 'anonymise' }] });
  assert.is(override.status, 400);

  const { planHash } = (await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, {})).body;
  assert.is((await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash })).status, 200);
  await eventually(async () => (await status()).status === 'closed', 15_000, 'closed');
  const user = await server.knex('users').where({ id: userId }).first('email', 'name');
  assert.equal(user, { email, name: 'Hilda Held' }, 'the held account is kept');
  assert.is((await server.knex('sessions').where({ userId })).length, 1);
  const page = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(page.body.status, 'closed');
  assert.not.match(JSON.stringify(page.body), /hold|investigation|aml/i, 'no tipping-off');
});

holds.run();
