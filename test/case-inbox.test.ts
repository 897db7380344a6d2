// The case inbox over HTTP against the real API and database: saved views (per
// user, validated, names unique per user), bulk assignment (within the
// organisation, all or nothing, audited per case), and internal notes (hostile
// input refused with a clear 4xx, HTML kept as text, audit names the note by id).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { login, resetDatabase, startApi, type ApiClient, type RunningApi } from './harness/platform.ts';

const t = suite('case inbox');
let server: RunningApi;
let handler: ApiClient;
let handler2: ApiClient;
let reviewer: ApiClient;
let admin: ApiClient;
let nordisk: ApiClient;
const byEmail = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const [DEMO, NORDISK] = DEMO_ORGS;

/** Case rows only (no workflow): the inbox reads and writes Postgres. */
async function caseOf(orgId: string, assignee: string, cvr = '38411063'): Promise<string> {
  const created = await createCaseRepository(server.knex).create(orgId, {
    type: 'onboarding', clientKind: 'company', clientName: `Selskab ${cvr} ApS`, clientCvr: cvr, createdBy: byEmail(assignee).id, assigneeId: byEmail(assignee).id, dueAt: null,
  });
  return created.id;
}

t.before(async () => {
  await resetDatabase();
  server = await startApi();
  handler = await login(server.baseUrl, 'handler@demo.test');
  handler2 = await login(server.baseUrl, 'handler2@demo.test');
  reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  admin = await login(server.baseUrl, 'admin@demo.test');
  nordisk = await login(server.baseUrl, 'handler@nordisk.test');
});
t.after(async () => {
  await server?.close();
});

t('saved views: saved per user, listed by name, names unique per user, filters validated, deleted only by their owner', async () => {
  const saved = await handler.request('POST', '/api/v1/case-views', { name: '  Mine, high risk ', filters: { assignee: 'me', riskLevel: 'high' } });
  assert.is(saved.status, 201, JSON.stringify(saved.body));
  assert.equal([saved.body.name, saved.body.filters], ['Mine, high risk', { assignee: 'me', riskLevel: 'high' }]);
  assert.is((await handler.request('POST', '/api/v1/case-views', { name: 'Overdue', filters: { overdue: 'true' } })).status, 201);
  const dup = await handler.request('POST', '/api/v1/case-views', { name: 'mine, HIGH risk', filters: {} });
  assert.equal([dup.status, dup.body.error.code], [409, 'conflict']);
  for (const body of [
    { name: '', filters: {} }, { name: 'x'.repeat(81), filters: {} }, { name: 'Bad', filters: { status: 'bogus' } },
    { name: 'Bad', filters: { riskLevel: 'extreme' } }, { name: 'Bad', filters: { orgId: NORDISK.id } }, { name: 'a\u0000b', filters: {} }, { name: 'Bad' },
  ]) {
    const res = await handler.request('POST', '/api/v1/case-views', body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.code, 'validation_failed');
  }
  const mine = await handler.request('GET', '/api/v1/case-views');
  assert.equal(mine.body.items.map((v: { name: string }) => v.name), ['Mine, high risk', 'Overdue']);
  // Another user, in the same or another organisation, sees none of them and cannot delete them.
  assert.equal((await handler2.request('GET', '/api/v1/case-views')).body.items, []);
  assert.equal((await nordisk.request('GET', '/api/v1/case-views')).body.items, []);
  assert.is((await handler2.request('DELETE', `/api/v1/case-views/${saved.body.id}`)).status, 404);
  assert.is((await handler.request('DELETE', `/api/v1/case-views/${saved.body.id}`)).status, 204);
  assert.is((await handler.request('DELETE', `/api/v1/case-views/${saved.body.id}`)).status, 404);
  assert.is((await handler.request('DELETE', '/api/v1/case-views/not-a-uuid')).status, 400);
});

t('bulk assign: to a handler of the same organisation, all or nothing, one audit event per case that changed hands', async () => {
  const a = await caseOf(DEMO.id, 'handler@demo.test');
  const b = await caseOf(DEMO.id, 'handler@demo.test', '41271000');
  const c = await caseOf(DEMO.id, 'handler2@demo.test', '44181126');
  const theirs = await caseOf(NORDISK.id, 'handler@nordisk.test');
  const target = byEmail('handler2@demo.test').id;
  const assignee = async (id: string) => (await server.knex('cases').where({ id }).first('assigneeId')).assigneeId;

  // Another organisation's case among them: 404 and nothing changed.
  const mixed = await handler.request('POST', '/api/v1/cases/bulk-assign', { caseIds: [a, theirs], assigneeId: target });
  assert.is(mixed.status, 404);
  assert.is(await assignee(a), byEmail('handler@demo.test').id);
  assert.is(await assignee(theirs), byEmail('handler@nordisk.test').id);
  // Not a handler of this organisation (another firm's handler, a reviewer, nobody): 400.
  for (const assigneeId of [byEmail('handler@nordisk.test').id, byEmail('reviewer@demo.test').id, '00000000-0000-4000-8000-000000000000']) {
    const res = await handler.request('POST', '/api/v1/cases/bulk-assign', { caseIds: [a], assigneeId });
    assert.equal([res.status, res.body.error.fields?.[0]?.path], [400, 'assigneeId']);
  }
  for (const body of [{ caseIds: [], assigneeId: target }, { caseIds: ['x'], assigneeId: target }, { caseIds: Array(201).fill(a), assigneeId: target }, { caseIds: [a] }]) {
    assert.is((await handler.request('POST', '/api/v1/cases/bulk-assign', body)).status, 400, JSON.stringify(body).slice(0, 80));
  }
  // A reviewer may not assign.
  assert.is((await reviewer.request('POST', '/api/v1/cases/bulk-assign', { caseIds: [a], assigneeId: target })).status, 403);

  const auditBefore = await server.knex('audit_events').where({ action: 'case.assigned' }).count({ n: '*' });
  const res = await admin.request('POST', '/api/v1/cases/bulk-assign', { caseIds: [a, b, c, a], assigneeId: target });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.equal([[...res.body.assigned].sort(), res.body.unchanged], [[a, b].sort(), [c]]);
  for (const id of [a, b, c]) assert.is(await assignee(id), target);
  const audited = await server.knex('audit_events').where({ action: 'case.assigned' }).orderBy('seq');
  assert.is(audited.length - Number((auditBefore[0] as { n: string }).n), 2);
  assert.equal(audited.map((e: { targetId: string }) => e.targetId).sort(), [a, b].sort());
  assert.equal(audited[0].details, { assigneeId: target, bulk: true });
  const handlers = await handler.request('GET', '/api/v1/case-handlers');
  assert.equal(handlers.body.items.map((h: { name: string }) => h.name), ['Hanne Handler', 'Henrik Handler']);
  const theirHandlers = await nordisk.request('GET', '/api/v1/case-handlers');
  assert.equal(theirHandlers.body.items.map((h: { name: string }) => h.name), ['Nina Handler']);
});

t('internal notes: handlers and reviewers add them; hostile input gets a clear 4xx; HTML stays text; audit names the note by id only', async () => {
  const id = await caseOf(DEMO.id, 'handler@demo.test');
  const count = async () => Number(((await server.knex('case_notes').where({ caseId: id }).count({ n: '*' }))[0] as { n: string }).n);
  for (const text of ['', '   \n  ', 'x'.repeat(100_000), 'ok\u0000no']) {
    const res = await handler.request('POST', `/api/v1/cases/${id}/notes`, { text });
    assert.is(res.status, 400, `${text.length} characters`);
    assert.is(res.body.error.code, 'validation_failed');
  }
  const long = await handler.request('POST', `/api/v1/cases/${id}/notes`, { text: 'x'.repeat(100_000) });
  assert.match(long.body.error.fields[0].message, /at most 10,000 characters/);
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/notes`, { text: 5 })).status, 400);
  assert.is(await count(), 0, 'nothing written for refused notes');

  const html = '<script>alert("x")</script><b>Ring</b> til direktøren om ejerbogen.';
  const added = await handler.request('POST', `/api/v1/cases/${id}/notes`, { text: html });
  assert.is(added.status, 201, JSON.stringify(added.body));
  assert.equal([added.body.text, added.body.authorName], [html, 'Henrik Handler']);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/notes`, { text: 'Set fra godkenderen.' })).status, 201);
  assert.is((await admin.request('POST', `/api/v1/cases/${id}/notes`, { text: 'Admins read, they do not write notes.' })).status, 403);
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/notes`, { text: 'x'.repeat(10_000) })).status, 201, 'exactly the limit is fine');

  const listed = await admin.request('GET', `/api/v1/cases/${id}/notes`);
  assert.equal(listed.body.items.map((n: { authorName: string }) => n.authorName), ['Henrik Handler', 'Rasmus Reviewer', 'Henrik Handler']);
  assert.is(listed.body.items[0].text, html);
  // Another organisation: 404 to read and to write, and nothing is written.
  assert.is((await nordisk.request('GET', `/api/v1/cases/${id}/notes`)).status, 404);
  assert.is((await nordisk.request('POST', `/api/v1/cases/${id}/notes`, { text: 'Fra et andet firma' })).status, 404);
  assert.is(await count(), 3);
  const audit = await server.knex('audit_events').where({ action: 'case.note_added', targetId: id }).orderBy('seq');
  assert.is(audit.length, 3);
  assert.equal(audit[0].details, { noteId: added.body.id });
  assert.not.match(JSON.stringify(audit), /direktøren|godkenderen/, 'the audit trail never holds the text');
});

t.run();
