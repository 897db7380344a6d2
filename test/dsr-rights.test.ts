// The effects of the other rights on the real workflow: rectification as a corrected
// value with provenance (a self-declared name is replaced, a verified address never
// is), restriction as a flag the mailers respect, objection recorded and restricting
// at once, and withdrawal of consent effective at verification with no plan at all.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { login, request, resetDatabase, startApi, startWorker, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers } from './harness/dsr.ts';
import { eventually } from './harness/timeout.ts';

const rights = suite('rectification, restriction, objection and withdrawal of consent');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
const h = dsrHelpers(() => server);

rights.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
});
rights.after(async () => {
  await worker?.close();
  await server?.close();
});

const template = (m: { headers: Record<string, string> }) => m.headers['x-clientnote-template'];
const mailsTo = (email: string, name: string) => server.mailSink.messages().filter((m) => m.to.includes(email) && template(m) === name);
const events = async (id: string) => (await pia.request('GET', `/api/v1/dsr/${id}`)).body.events.map((e: { kind: string }) => e.kind) as string[];

rights('rectification: the self-declared name is corrected with its provenance; the verified address is never overwritten', async () => {
  const email = 'ritta.wrongname@example.test';
  const userId = await h.seedPlatformUser(email, 'Ritta Wrongname');
  const { requestId } = await h.submitAndVerify(email, ['rectification'], { name: 'Rita Rightname' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' })).status, 200);
  await h.waitForStatus(requestId, 'plan_review');
  const manifest = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.manifest as { id: string; sourceTable: string }[];
  const user = manifest.find((i) => i.sourceTable === 'users')!;
  const session = manifest.find((i) => i.sourceTable === 'sessions')!;
  const items = manifest.map((i) => ({ itemId: i.id, action: i.id === user.id ? 'rectify' : 'retain' }));
  const plan = (corrections: unknown[]) => pia.request('POST', `/api/v1/dsr/${requestId}/plan`, { items, corrections });

  const secret = await plan([{ itemId: user.id, column: 'password_hash', value: 'x' }]);
  assert.is(secret.status, 400, 'only registered columns can be rectified');
  assert.is(secret.body.error.fields[0].path, 'corrections.0.column');
  assert.is((await plan([{ itemId: user.id, column: 'name', value: 'Rita \u202eemanthgiR' }])).status, 400, 'no direction-changing characters');
  assert.is((await plan([{ itemId: session.id, column: 'name', value: 'Rita' }])).status, 400, 'a correction needs the item planned as rectify');
  const missing = await pia.request('POST', `/api/v1/dsr/${requestId}/plan`, { items });
  assert.is(missing.status, 400, 'rectify without a corrected value');
  assert.is((await server.knex('dsr_manifest_items').where({ id: user.id }).first('action')).action, null, 'a refused plan writes nothing');

  const first = await plan([{ itemId: user.id, column: 'name', value: 'Rita Rihgtname' }]);
  assert.is(first.status, 200, JSON.stringify(first.body));
  const proposed = await plan([
    { itemId: user.id, column: 'name', value: ' Rita Rightname ' },
    { itemId: user.id, column: 'email', value: 'rita.rightname@example.test', provenance: 'identity_document' },
  ]);
  assert.is(proposed.status, 200, JSON.stringify(proposed.body));
  assert.is.not(proposed.body.planHash, first.body.planHash, 'the corrected values are part of the plan');
  const stale = await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash: first.body.planHash });
  assert.is(stale.status, 409);
  assert.is(stale.body.error.code, 'stale_version');
  assert.is((await dennis.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash: proposed.body.planHash })).status, 200);
  await h.waitForStatus(requestId, 'closed');

  const row = await server.knex('users').where({ id: userId }).first('name', 'email');
  assert.equal(row, { name: 'Rita Rightname', email }, 'the name is corrected; the address (verified by logging in) is not');
  const corrections = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.corrections as { column: string; outcome: string; provenance: string; value: string }[];
  const byColumn = Object.fromEntries(corrections.map((c) => [c.column, c]));
  assert.is(byColumn.name!.outcome, 'applied');
  assert.is(byColumn.name!.provenance, 'requester_statement');
  assert.is(byColumn.email!.outcome, 'recorded_beside_evidence');
  assert.is(byColumn.email!.value, 'rita.rightname@example.test', 'the correction is kept beside the evidence');
  const response = await eventually(async () => mailsTo(email, 'dsr_response.v1')[0], 20_000, 'response');
  assert.match(response.text, /we have corrected 1 of your details as you asked/);
});

rights('restriction: once executed, the mailers send the person no platform mail', async () => {
  const email = 'rasmus.restrict@example.test';
  await h.seedPlatformUser(email, 'Rasmus Restrict');
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/auth/password-reset', { email })).status, 202);
  await eventually(async () => mailsTo(email, 'password_reset.v1').length === 1, 10_000, 'a reset mail before the restriction');
  const { requestId } = await h.submitAndVerify(email, ['restriction'], { name: 'Rasmus Restrict' });
  await h.runToClose(requestId, pia, dennis);
  const flags = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.flags as { kind: string }[];
  assert.equal(flags.map((f) => f.kind), ['restriction']);
  const resets = async () => Number((await server.knex('password_resets').count({ n: '*' }))[0]!.n);
  const before = await resets();
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/auth/password-reset', { email })).status, 202);
  await server.drain(); // the reset and its mail happen after the answer
  assert.is(await resets(), before + 1, 'the reset was made (not throttled), so its mail was attempted');
  assert.is(mailsTo(email, 'password_reset.v1').length, 1, 'no mail after the restriction');
  assert.ok(mailsTo(email, 'dsr_response.v1').length === 1, 'the answer to the request itself still arrives');
});

rights('objection: recorded and restricting the moment the request is verified, before any staff decision', async () => {
  const { requestId } = await h.submitAndVerify('olga.object@example.test', ['objection'], { name: 'Olga Object' });
  const flags = await eventually(async () => {
    const rows = await server.knex('dsr_processing_flags').where({ requestId }).pluck('kind');
    return rows.length === 2 ? rows.sort() : undefined;
  }, 10_000, 'flags');
  assert.equal(flags, ['objection', 'restriction']);
  assert.is((await h.statusOf(requestId)).status, 'triage', 'staff still assess the objection');
});

rights('withdrawal of consent: effective at verification, closed with an answer, no triage, plan or approval', async () => {
  const email = 'wilma.withdraw@example.test';
  const { requestId } = await h.submitAndVerify(email, ['withdraw_consent'], { name: 'Wilma Withdraw' });
  await h.waitForStatus(requestId, 'closed');
  assert.is((await h.statusOf(requestId)).outcome, 'completed');
  assert.ok(await server.knex('dsr_processing_flags').where({ requestId, kind: 'consent_withdrawn' }).first());
  const kinds = await events(requestId);
  assert.ok(kinds.includes('rights_recorded'), kinds.join());
  for (const kind of ['triage:proceed', 'plan_proposed', 'plan_approved']) assert.not.ok(kinds.includes(kind), `${kind} not needed`);
  const response = await eventually(async () => mailsTo(email, 'dsr_response.v1')[0], 20_000, 'response');
  assert.match(response.text, /we have recorded your objection or withdrawal of consent, and it applies from now/);
});

rights.run();
