// Restriction (GDPR Art. 18) beyond mail, and lifting what a request put in effect,
// on the real parts (API, worker, Temporal, Postgres): a restricted handler is no
// assignee candidate, cannot be assigned a case (single or bulk: 409, nothing
// written) and is marked restricted for admins; a privacy officer lifts the flag with
// a reason code, and candidates, assignment and mail are back. Lifting an erased
// address's suppression lets an invitation be mailed again. Every hostile input is
// refused without lifting anything; the note stays in dsr_events, never in the audit
// trail, the workflow history or the log.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers } from './harness/dsr.ts';
import { eventually } from './harness/timeout.ts';
import { decodeHistoryPayloads } from './harness/workflow-history.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createHttpServer, listen } from '../api/server.ts';
import { createLogger } from '../config/logger.ts';
import { dsrWorkflowId } from '../domain/dsr/dsr-workflow.ts';

const t = suite('restriction beyond mail, and lifting flags and suppression');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
let orgAdmin: ApiClient;
let handler: ApiClient;
const h = dsrHelpers(() => server);

const EMAIL = 'rikke.restrict@example.test';
let userId = '';
let restrictionRequest = '';
let objectionRequest = '';
const caseIds: string[] = [];

t.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
  orgAdmin = await login(server.baseUrl, 'admin@demo.test');
  handler = await login(server.baseUrl, 'handler@demo.test');
});
t.after(async () => {
  await worker?.close();
  await server?.close();
});

const template = (m: { headers: Record<string, string> }) => m.headers['x-clientnote-template'];
const mailsTo = (email: string, name: string) => server.mailSink.messages().filter((m) => m.to.includes(email) && template(m) === name);
const candidates = async () => ((await orgAdmin.request('GET', '/api/v1/case-handlers')).body.items as { id: string }[]).map((u) => u.id);
const assignees = async () => (await server.knex('cases').whereIn('id', caseIds).orderBy('id').select('assigneeId')).map((r: { assigneeId: string | null }) => r.assigneeId);
const assignedAudits = async () => Number((await server.knex('audit_events').where({ action: 'case.assigned' }).count({ n: '*' }))[0]!.n);
const userView = async () => ((await orgAdmin.request('GET', '/api/v1/users?limit=200')).body.items as { id: string; restricted: boolean }[]);
const flagRow = (requestId: string, kind: string) => server.knex('dsr_processing_flags').where({ requestId, kind }).first('liftedAt', 'liftedBy', 'liftReason');
const lift = (as: ApiClient, requestId: string, kind: string, body: unknown, headers?: Record<string, string>) =>
  as.request('POST', `/api/v1/dsr/${requestId}/flags/${kind}/lift`, body, headers);

t('restriction: the handler is no assignee candidate, cannot be assigned (single and bulk: 409, nothing written) and admins see them restricted', async () => {
  userId = await h.seedPlatformUser(EMAIL, 'Rikke Restrict');
  for (const cvr of ['38411063', '41271000']) {
    const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
    assert.is(created.status, 201, JSON.stringify(created.body));
    caseIds.push(created.body.id);
  }
  caseIds.sort();
  assert.ok((await candidates()).includes(userId), 'a candidate before the restriction');

  restrictionRequest = (await h.submitAndVerify(EMAIL, ['restriction'], { name: 'Rikke Restrict' })).requestId;
  await h.runToClose(restrictionRequest, pia, dennis);
  assert.ok(await flagRow(restrictionRequest, 'restriction'), 'the executed plan set the flag');

  assert.not.ok((await candidates()).includes(userId), 'left out of the assignee candidates');
  assert.ok((await candidates()).length > 0, 'the other handlers are still offered');
  const users = await userView();
  assert.is(users.find((u) => u.id === userId)?.restricted, true, 'marked for admins');
  assert.ok(users.filter((u) => u.id !== userId).every((u) => u.restricted === false), 'nobody else is');
  assert.is((await orgAdmin.request('GET', `/api/v1/users/${userId}`)).body.restricted, true);

  const before = { assignees: await assignees(), audits: await assignedAudits() };
  const bulk = await handler.request('POST', '/api/v1/cases/bulk-assign', { caseIds, assigneeId: userId });
  assert.is(bulk.status, 409, JSON.stringify(bulk.body));
  assert.is(bulk.body.error.code, 'conflict');
  assert.match(bulk.body.error.message, /restricted at their request \(GDPR Art\. 18\)/);
  const single = await orgAdmin.request('POST', `/api/v1/cases/${caseIds[0]}/assign`, { assigneeId: userId });
  assert.is(single.status, 409, JSON.stringify(single.body));
  assert.match(single.body.error.message, /nothing was changed/);
  assert.equal({ assignees: await assignees(), audits: await assignedAudits() }, before, 'nothing half-written');

  // Mail stops too (the mailers read the same flag).
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/auth/password-reset', { email: EMAIL })).status, 202);
  await server.drain(); // the reset mail is sent (or not) after the answer
  assert.is(mailsTo(EMAIL, 'password_reset.v1').length, 0, 'no platform mail while restricted');
});

t('lift: a privacy officer lifts the restriction with a reason; candidates, single and bulk assignment and mail work again', async () => {
  const lifted = await lift(pia, restrictionRequest, 'restriction', { reason: 'accuracy_verified', note: 'Checked with the team lead on the phone' });
  assert.is(lifted.status, 200, JSON.stringify(lifted.body));
  assert.is(lifted.body.flag.kind, 'restriction');
  assert.ok(lifted.body.flag.liftedAt);
  assert.equal(lifted.body.flag.lift, { by: (await pia.request('GET', '/api/v1/auth/session')).body.user.id, reason: 'accuracy_verified', note: 'Checked with the team lead on the phone' });
  assert.equal(lifted.body.subject, { restricted: false, mailStopped: false });

  const event = await server.knex('dsr_events').where({ requestId: restrictionRequest, kind: 'flag_lifted' }).first('details', 'note', 'actorId');
  assert.equal(event.details, { flag: 'restriction', reason: 'accuracy_verified' });
  assert.is(event.note, 'Checked with the team lead on the phone');
  const audit = await server.knex('audit_events').where({ action: 'dsr.flag_lifted', targetId: restrictionRequest });
  assert.is(audit.length, 1);
  assert.equal(audit[0].details, { kind: 'restriction', reason: 'accuracy_verified' }, 'ids and codes only');
  assert.is(audit[0].actorUserId, event.actorId);

  assert.ok((await candidates()).includes(userId), 'a candidate again');
  assert.is((await userView()).find((u) => u.id === userId)?.restricted, false);
  const single = await orgAdmin.request('POST', `/api/v1/cases/${caseIds[0]}/assign`, { assigneeId: userId });
  assert.is(single.status, 200, JSON.stringify(single.body));
  assert.equal(single.body, { id: caseIds[0], assigneeId: userId, changed: true });
  const bulk = await handler.request('POST', '/api/v1/cases/bulk-assign', { caseIds, assigneeId: userId });
  assert.is(bulk.status, 200, JSON.stringify(bulk.body));
  assert.equal(bulk.body.assigned, [caseIds[1]]);
  assert.equal(await assignees(), [userId, userId]);
  const audits = await server.knex('audit_events').where({ action: 'case.assigned', targetId: caseIds[0] }).select('details');
  assert.equal(audits.map((a: { details: unknown }) => a.details), [{ assigneeId: userId, bulk: false }]);

  assert.is((await request(server.baseUrl, 'POST', '/api/v1/auth/password-reset', { email: EMAIL })).status, 202);
  await eventually(async () => mailsTo(EMAIL, 'password_reset.v1').length === 1 || undefined, 10_000, 'the reset mail after the lift');

  const detail = (await pia.request('GET', `/api/v1/dsr/${restrictionRequest}`)).body;
  assert.ok(detail.flags[0].liftedAt);
  assert.ok(detail.events.some((e: { kind: string }) => e.kind === 'flag_lifted'));
  assert.equal(detail.liftReasons.suppression, ['requester_asked']);
});

t('hostile lifts are refused and lift nothing: unknown kind, bad reasons, huge notes, extra keys, twice, another request, wrong role, no CSRF', async () => {
  objectionRequest = (await h.submitAndVerify('otto.object@example.test', ['objection'], { name: 'Otto Object' })).requestId;
  await eventually(async () => (await server.knex('dsr_processing_flags').where({ requestId: objectionRequest })).length === 2 || undefined, 10_000, 'objection flags');
  const untouched = async () => (await server.knex('dsr_processing_flags').where({ requestId: objectionRequest }).whereNotNull('liftedAt')).length === 0;

  for (const kind of ['gdpr', 'suppression', 'RESTRICTION', '..%2F..%2Fusers']) {
    const res = await lift(pia, objectionRequest, kind, { reason: 'objection_assessed' });
    assert.is(res.status, 400, `kind ${kind}: ${JSON.stringify(res.body)}`);
    assert.is(res.body.error.code, 'validation_failed');
  }
  for (const body of [{}, { reason: 'because' }, { reason: ['objection_assessed'] }, { reason: 'objection_assessed', liftedBy: 'someone-else' }, 'reason=objection_assessed']) {
    const res = await lift(pia, objectionRequest, 'objection', body);
    assert.is(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
  }
  const misfit = await lift(pia, objectionRequest, 'objection', { reason: 'accuracy_verified' });
  assert.is(misfit.status, 400, 'a reason that does not end an objection');
  assert.equal(misfit.body.error.fields.map((f: { path: string }) => f.path), ['reason']);
  const long = await lift(pia, objectionRequest, 'objection', { reason: 'objection_assessed', note: 'x'.repeat(2001) });
  assert.is(long.status, 400);
  assert.equal(long.body.error.fields.map((f: { path: string }) => f.path), ['note']);
  const huge = await lift(pia, objectionRequest, 'objection', { reason: 'objection_assessed', note: 'x'.repeat(400_000) });
  assert.is(huge.status, 413);
  assert.is(huge.body.error.code, 'payload_too_large');
  assert.is((await lift(pia, objectionRequest, 'objection', { reason: 'objection_assessed', note: 'null\u0000byte' })).status, 400);
  assert.ok(await untouched(), 'nothing lifted by a refused body');

  assert.is((await lift(handler, objectionRequest, 'objection', { reason: 'objection_assessed' })).status, 403, 'a case handler');
  assert.is((await lift(orgAdmin, objectionRequest, 'objection', { reason: 'objection_assessed' })).status, 403, 'an organisation admin');
  assert.is((await request(server.baseUrl, 'POST', `/api/v1/dsr/${objectionRequest}/flags/objection/lift`, { reason: 'objection_assessed' })).status, 401);
  const noCsrf = await lift(pia, objectionRequest, 'objection', { reason: 'objection_assessed' }, { 'x-csrf-token': '' });
  assert.is(noCsrf.status, 403);
  assert.is(noCsrf.body.error.code, 'csrf_failed');
  assert.ok(await untouched(), 'nothing lifted without the right role or CSRF token');

  // Another request's flag: the restriction request has no objection flag; an unknown id is the same 404.
  const other = await lift(pia, restrictionRequest, 'objection', { reason: 'objection_assessed' });
  assert.is(other.status, 404, JSON.stringify(other.body));
  assert.is((await lift(pia, crypto.randomUUID(), 'objection', { reason: 'objection_assessed' })).status, 404);
  assert.is((await lift(pia, 'not-a-uuid', 'objection', { reason: 'objection_assessed' })).status, 400);
  assert.ok(await untouched());

  // Lifting the objection leaves its restriction in effect (and mail stopped) until that is lifted too.
  const objection = await lift(pia, objectionRequest, 'objection', { reason: 'objection_assessed' });
  assert.is(objection.status, 200, JSON.stringify(objection.body));
  assert.equal(objection.body.subject, { restricted: true, mailStopped: true });
  const twice = await lift(dennis, objectionRequest, 'objection', { reason: 'requester_asked' });
  assert.is(twice.status, 409);
  assert.is(twice.body.error.code, 'conflict');
  assert.is((await flagRow(objectionRequest, 'objection')).liftReason, 'objection_assessed', 'the first lift stands');
  assert.is((await lift(pia, restrictionRequest, 'restriction', { reason: 'requester_asked' })).status, 409, 'the restriction lifted before');

  // Two lifts at once: one lifts, the other finds it lifted.
  const [a, b] = await Promise.all([
    lift(pia, objectionRequest, 'restriction', { reason: 'objection_assessed' }),
    lift(dennis, objectionRequest, 'restriction', { reason: 'objection_assessed' }),
  ]);
  assert.equal([a.status, b.status].sort(), [200, 409]);
  assert.is((await server.knex('dsr_events').where({ requestId: objectionRequest, kind: 'flag_lifted' })).length, 2, 'one event per lift');
  assert.is((await server.knex('audit_events').where({ action: 'dsr.flag_lifted', targetId: objectionRequest })).length, 2, 'one audit event per lift');
});

t('a note with HTML is kept as text in dsr_events only: not in the audit trail, the workflow history or the log', async () => {
  const note = '<img src=x onerror="alert(1)"><script>alert(document.cookie)</script> Ole asked again';
  const { requestId } = await h.submitAndVerify('ole.consent@example.test', ['withdraw_consent', 'access'], { name: 'Ole Consent' });
  await eventually(async () => (await server.knex('dsr_processing_flags').where({ requestId, kind: 'consent_withdrawn' }).first()) ?? undefined, 10_000, 'consent flag');
  assert.is((await lift(pia, requestId, 'consent_withdrawn', { reason: 'objection_assessed' })).status, 400, 'only the person gives consent again');

  // The lift goes through an API whose log lines are captured at the most verbose level.
  const config = testConfig();
  const lines: string[] = [];
  const capture = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const { app } = createApp({
    config, knex: server.knex, logger: createLogger({ logLevel: 'trace' }, 'test-lift', capture), workflows: server.workflows,
    audit: createAuditRecorder(server.knex, { secret: config.secret }), mailer: { send: async () => 'sent', close: () => {} },
  });
  const http = createHttpServer(app, null);
  await listen(http, 0, '127.0.0.1');
  try {
    const staff = await login(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, 'privacy@clientnote.test');
    const res = await lift(staff, requestId, 'consent_withdrawn', { reason: 'requester_asked', note: `  ${note}\n` });
    assert.is(res.status, 200, JSON.stringify(res.body));
    assert.is(res.body.flag.lift.note, note, 'returned exactly, trimmed, as data');
  } finally {
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  }
  assert.ok(lines.some((l) => l.includes('/flags/consent_withdrawn/lift')), 'the access log line was captured');
  assert.not.ok(lines.some((l) => l.includes('onerror') || l.includes('Ole asked')), 'the note is not logged');

  assert.is((await server.knex('dsr_events').where({ requestId, kind: 'flag_lifted' }).first('note')).note, note);
  const audit = JSON.stringify(await server.knex('audit_events').where({ targetId: requestId }));
  assert.not.match(audit, /onerror|Ole asked/, 'the audit trail holds ids and codes only');
  const detail = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body;
  assert.is(detail.flags.find((f: { kind: string }) => f.kind === 'consent_withdrawn').lift.note, note);

  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const history = await new Client({ connection, namespace: config.temporal.namespace }).workflow.getHandle(dsrWorkflowId(requestId)).fetchHistory();
    const text = await decodeHistoryPayloads(history, config.codecKeys);
    assert.ok(text.length > 0, 'the history was decoded');
    assert.not.match(text, /onerror|Ole asked/, 'the note never enters the workflow');
  } finally {
    await connection.close();
  }
});

t('suppression: lifted only for the person\'s own request to be contacted again; an invitation is mailed again', async () => {
  const email = 'sara.suppressed@example.test';
  await h.seedPlatformUser(email, 'Sara Suppressed');
  const { requestId } = await h.submitAndVerify(email, ['erasure'], { name: 'Sara Suppressed' });
  await h.runToClose(requestId, pia, dennis);
  assert.is((await pia.request('GET', `/api/v1/dsr/${requestId}`)).body.erasureRecord.suppressed, true);
  const invitedBefore = await orgAdmin.request('POST', '/api/v1/users/invitations', { email, roles: ['handler'] });
  assert.is(invitedBefore.body.mail, 'suppressed');

  const path = `/api/v1/dsr/${requestId}/suppression/lift`;
  for (const reason of ['objection_assessed', 'accuracy_verified', 'legal_claim_ended', 'whatever']) {
    assert.is((await pia.request('POST', path, { reason })).status, 400, reason);
  }
  assert.is((await handler.request('POST', path, { reason: 'requester_asked' })).status, 403);
  assert.is((await pia.request('POST', path, { reason: 'requester_asked' }, { 'x-csrf-token': 'nope' })).status, 403);
  assert.is((await pia.request('POST', `/api/v1/dsr/${restrictionRequest}/suppression/lift`, { reason: 'requester_asked' })).status, 404, 'a request whose erasure suppressed nothing');
  assert.ok(await server.knex('dsr_suppressions').where({ requestId }).first(), 'still suppressed');

  const lifted = await pia.request('POST', path, { reason: 'requester_asked', note: 'She wrote on 2 Dec asking to be invited again' });
  assert.is(lifted.status, 200, JSON.stringify(lifted.body));
  assert.is(lifted.body.suppressionLift.reason, 'requester_asked');
  assert.equal(lifted.body.subject, { restricted: false, mailStopped: false });
  assert.not.ok(await server.knex('dsr_suppressions').where({ requestId }).first());
  const audit = await server.knex('audit_events').where({ action: 'dsr.suppression_lifted', targetId: requestId });
  assert.equal(audit.map((a) => a.details), [{ reason: 'requester_asked' }]);
  const again = await dennis.request('POST', path, { reason: 'requester_asked' });
  assert.is(again.status, 409);

  const detail = (await pia.request('GET', `/api/v1/dsr/${requestId}`)).body;
  assert.is(detail.erasureRecord.suppressed, false);
  assert.is(detail.erasureRecord.suppressionLift.note, 'She wrote on 2 Dec asking to be invited again');
  assert.ok(detail.events.some((e: { kind: string }) => e.kind === 'suppression_lifted'));

  const invited = await orgAdmin.request('POST', '/api/v1/users/invitations', { email: email.toUpperCase(), roles: ['handler'] });
  assert.is(invited.status, 201, JSON.stringify(invited.body));
  assert.is(invited.body.mail, 'sent');
  await eventually(async () => mailsTo(email, 'invitation.v1').length === 1 || undefined, 10_000, 'the invitation mail');
});

t('the OpenAPI document declares the lift routes with their enums and the single assignment', async () => {
  const doc = (await request(server.baseUrl, 'GET', '/api/v1/openapi.json')).body;
  const flagLift = doc.paths['/api/v1/dsr/{id}/flags/{kind}/lift']?.post;
  assert.ok(flagLift, 'flag lift declared');
  const kind = flagLift.parameters.find((p: { name: string }) => p.name === 'kind');
  assert.equal(kind.schema.enum, ['restriction', 'objection', 'consent_withdrawn']);
  const body = flagLift.requestBody.content['application/json'].schema;
  assert.equal(body.properties.reason.enum, ['objection_assessed', 'accuracy_verified', 'requester_asked', 'legal_claim_ended']);
  assert.is(body.properties.note.maxLength, 2000);
  for (const status of ['200', '400', '401', '404', '409']) assert.ok(flagLift.responses[status], `flag lift ${status}`);
  assert.ok(doc.paths['/api/v1/dsr/{id}/suppression/lift']?.post, 'suppression lift declared');
  assert.ok(doc.paths['/api/v1/cases/{id}/assign']?.post?.responses['409'], 'single assignment with its 409');
  assert.ok(doc.paths['/api/v1/users']?.get?.responses['200'].content['application/json'].schema.properties.items.items.properties.restricted, 'users carry restricted');
});

t.run();
