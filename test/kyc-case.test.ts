// The KYC case end to end on a real Temporal server, worker and database, over
// HTTP: registry data and UBOs, screening hits that block the case until
// resolved, risk with override, report sections, submission, four-eyes review
// (self-approval, concurrent approvals, stale report version, two approvals for
// high risk), the return loop, monitoring with a seconds-scale periodic review,
// and the end of the relationship. Plus the registry's bad days at POST /cases.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createHttpServer, listen } from '../api/server.ts';
import { createLogger } from '../config/logger.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { dataConverter } from '../temporal/data-converter.ts';
import { kycCaseWorkflowId } from '../domain/kyc/case-workflow.ts';
import { workerMailer } from '../worker/mailer.ts';
import { createCaseSlaActivities } from '../activities/case-sla.ts';
import { acceptAllSections, caseDetail, caseWhen, completeDataCollection, completeScreening, driveToReview } from './harness/kyc-case.ts';

const kyc = suite('kyc case');
let server: RunningApi;
let worker: RunningWorker;
let handler: ApiClient;
let reviewer: ApiClient;
let compliance: ApiClient;

kyc.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  handler = await login(server.baseUrl, 'handler@demo.test');
  reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  compliance = await login(server.baseUrl, 'compliance@demo.test');
});
kyc.after(async () => {
  await worker.close();
  await server.close();
});

async function open(cvr: string): Promise<string> {
  const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

kyc('registry preview; POST /cases fills the client from the registry; bad CVRs are refused before anything is written', async () => {
  const preview = await handler.request('GET', '/api/v1/registry/companies/41271000');
  assert.is(preview.status, 200);
  assert.is(preview.body.name, 'Kystlinjen Logistik A/S');
  const count = async () => Number((await server.knex('cases').count<{ n: string }[]>({ n: '*' }))[0]!.n);
  const before = await count();
  for (const cvr of ['1234567', '123456789', '12345675', 'abcdefgh', "41271000' or 1=1", '４１２７１０００']) {
    const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
    assert.is(res.status, 400, cvr);
    assert.is(res.body.error.fields[0].path, 'cvr');
  }
  const unknown = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '12345674' });
  assert.is(unknown.status, 400);
  assert.match(unknown.body.error.fields[0].message, /No company with this CVR number/);
  assert.is((await handler.request('GET', '/api/v1/registry/companies/12345674')).status, 400);
  assert.is(await count(), before);
});

kyc('a register that answers garbage: retried, then a 503 the handler can act on, nothing written (timeouts: providers/registry/cvr-http.test.ts)', async () => {
  let calls = 0;
  const broken = createServer((req, res) => {
    calls += 1;
    req.resume();
    res.setHeader('content-type', 'text/html');
    res.end('<html><body>Bad gateway</body></html>');
  });
  await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
  const port = (broken.address() as AddressInfo).port;
  const config = testConfig();
  const apps: { close(): Promise<void>; baseUrl: string }[] = [];
  try {
    for (const path of ['/garbage']) {
      const { app } = createApp({
        config: { ...config, cvr: { url: `http://127.0.0.1:${port}${path}`, user: 'u', password: 'p' } },
        knex: server.knex, logger: createLogger(config, 'test-registry'), workflows: server.workflows,
        audit: createAuditRecorder(server.knex, { secret: config.secret }), mailer: { send: async () => 'sent', close: () => {} },
      });
      const http = createHttpServer(app, null);
      await listen(http, 0, '127.0.0.1');
      const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      apps.push({ baseUrl, close: async () => { http.closeAllConnections(); await new Promise<void>((r) => http.close(() => r())); } });
    }
    const before = await server.knex('cases').count<{ n: string }[]>({ n: '*' });
    const garbageClient = await login(apps[0]!.baseUrl, 'handler@demo.test');
    calls = 0;
    const garbage = await garbageClient.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '41271000' });
    assert.is(garbage.status, 503);
    assert.is(garbage.body.error.code, 'unavailable');
    assert.match(garbage.body.error.message, /register .* not answering.*Try again/);
    assert.is(calls, 3, 'three attempts before giving up');
    const preview = await garbageClient.request('GET', '/api/v1/registry/companies/41271000');
    assert.is(preview.status, 503);
    const after = await server.knex('cases').count<{ n: string }[]>({ n: '*' });
    assert.equal(after, before);
  } finally {
    for (const a of apps) await a.close();
    broken.closeAllConnections();
    await new Promise<void>((r) => broken.close(() => r()));
  }
});

kyc('three-level chain: UBOs multiplied through the holdings; nobody above 25 %: senior management with the reason', async () => {
  const chain = await open('41271000');
  const c = await caseWhen(handler, chain, (x) => x.registryStatus === 'collected', 'registry data');
  assert.is(c.client.name, 'Kystlinjen Logistik A/S');
  const ubos = c.parties.filter((p: any) => p.ubo).map((p: any) => [p.name, p.ubo.certainty, p.ubo.share, p.ubo.reasons[0]]);
  assert.equal(ubos, [
    ['Lars Holm Jensen', 'certain', { low: 0.5, high: 0.6667 }, 'indirect_ownership'],
    ['Sofie Holm Jensen', 'certain', { low: 0.3333, high: 0.5 }, 'indirect_ownership'],
  ]);
  assert.is(c.owners.length, 4);
  const wind = await open('44181126');
  const w = await caseWhen(handler, wind, (x) => x.registryStatus === 'collected', 'registry data');
  assert.is(w.uboFallbackReason, 'no_owner_above_threshold');
  assert.equal(w.parties.filter((p: any) => p.ubo).map((p: any) => [p.name, p.ubo.certainty]), [['Karen Søndergaard', 'fallback']]);
  const foreign = await open('37191000');
  const f = await caseWhen(handler, foreign, (x) => x.registryStatus === 'collected', 'registry data');
  assert.is(f.uboFallbackReason, 'ownership_chain_unresolved');
});

kyc('a sanctioned owner: the hit blocks the case until decided; dismissal needs a reason; confirmed → high risk → two approvals', async () => {
  const id = await open('35901000');
  await completeDataCollection(handler, id);
  const c = await caseDetail(handler, id);
  assert.is(c.step, 'screening');
  const hit = c.hits.find((h: any) => h.primaryName === 'Viktor Petrov Sokolov');
  assert.ok(hit, 'the owner is on the demo sanctions list');
  assert.ok(hit.explanation.name.text.length > 0);
  const blocked = await handler.request('POST', `/api/v1/cases/${id}/steps/screening/complete`);
  assert.is(blocked.status, 409);
  assert.match(blocked.body.error.message, /unresolved/);
  for (const body of [{ decision: 'dismissed' }, { decision: 'dismissed', reason: '  ' }, { decision: 'maybe' }, { decision: 'dismissed', reason: 'x'.repeat(2001) }, { decision: 'dismissed', reason: 'ok\u0000then' }]) {
    const res = await handler.request('POST', `/api/v1/cases/${id}/hits/${hit.id}/decision`, body);
    assert.is(res.status, 400, JSON.stringify(body));
  }
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/hits/00000000-0000-4000-8000-000000000000/decision`, { decision: 'confirmed' })).status, 404);
  await completeScreening(handler, id, () => true);
  const assessed = await caseWhen(handler, id, (x) => x.step === 'risk' && x.riskLevel, 'risk');
  assert.equal([assessed.riskLevel, assessed.dueDiligence], ['high', 'enhanced']);
  assert.ok(assessed.risk.assessment.reasons.some((r: any) => r.factor === 'sanctions' && r.score === 1));
  // Override needs a justification; the workflow takes the new level.
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/risk/override`, { riskLevel: 'low' })).status, 400);
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/risk/override`, { riskLevel: 'extreme', justification: 'Because I say so, really.' })).status, 400);
  const over = await handler.request('POST', `/api/v1/cases/${id}/risk/override`, { riskLevel: 'high', justification: 'Confirmed sanctions exposure; kept at high after review.' });
  assert.is(over.status, 200);
  const audited = await server.knex('audit_events').where({ action: 'case.risk_overridden', targetId: id });
  assert.is(audited.length, 1);
  await handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`);
  // Submission is blocked until every section is accepted.
  const notYet = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.equal([notYet.status, notYet.body.error.code], [409, 'incomplete']);
  assert.ok(notYet.body.error.details.blockingReasons.some((r: any) => r.code === 'section_placeholder' && r.section === 'conclusion'), 'the drafted conclusion holds a placeholder');
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/conclusion`, { text: '', accepted: true })).status, 400);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/nonsense`, { text: 'x', accepted: true })).status, 400);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/conclusion`, { text: 'x'.repeat(20_001), accepted: true })).status, 400);
  await acceptAllSections(handler, id);
  const submitted = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.is(submitted.status, 200);
  const version = submitted.body.reportVersion as string;
  assert.is((await caseDetail(handler, id)).reportVersion, version);
  // Sections cannot change in review.
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/conclusion`, { text: 'changed', accepted: true })).status, 409);

  // A confirmed sanctions match stops approval whatever the reviewers do: 409 sanctions_match, nothing recorded.
  const refused = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version, comment: 'Looks fine.' });
  assert.is(refused.status, 409, JSON.stringify(refused.body));
  assert.is(refused.body.error.code, 'sanctions_match');
  const owner = (await caseDetail(handler, id)).parties.find((p: any) => p.name === 'Viktor Petrov Sokolov');
  assert.ok(refused.body.error.details.blockingReasons.some((r: any) => r.code === 'sanctions_match' && r.partyId === owner.id));
  assert.is((await compliance.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version })).body.error.code, 'sanctions_match');
  const stopped = await caseDetail(handler, id);
  assert.equal([stopped.status, stopped.approvals.length, stopped.sanctionsStop], ['in_review', 0, true]);
  // The handler declines (§ 14) and records the freeze and the notification.
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/decline`, { reason: ' ' })).status, 400);
  const declined = await handler.request('POST', `/api/v1/cases/${id}/decline`, { reason: 'Ejeren er på EU\'s sanktionsliste; forbindelsen kan ikke etableres.' });
  assert.equal([declined.status, declined.body.status], [200, 'declined']);
  const freeze = await handler.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'sanctions_freeze', recipient: 'erhvervsstyrelsen', reportedAt: '2026-12-01', reference: 'EST-2026-0042' });
  assert.is(freeze.status, 201, JSON.stringify(freeze.body));
  const done = await caseWhen(handler, id, (x) => x.retentionUntil, 'a declined case starts the retention clock');
  assert.equal([done.status, done.declineReason, done.authorityReports.map((r: any) => [r.kind, r.reference])],
    ['declined', 'Ejeren er på EU\'s sanktionsliste; forbindelsen kan ikke etableres.', [['sanctions_freeze', 'EST-2026-0042']]]);
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/decline`, { reason: 'Once more, please.' })).status, 409);
});

kyc('four-eyes: a handler with the reviewer role cannot approve a case they prepared; an editor cannot either', async () => {
  const h = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;
  await server.knex('user_roles').insert({ userId: h.id, role: 'reviewer' });
  try {
    const id = await open('38411063');
    const version = await driveToReview(handler, id);
    const self = await handler.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version });
    assert.is(self.status, 409);
    assert.match(self.body.error.message, /four-eyes/);
    const self2 = await handler.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'reject', reportVersion: version, comment: 'Not enough evidence.' });
    assert.is(self2.status, 409);
    assert.is((await caseDetail(handler, id)).status, 'in_review');
  } finally {
    await server.knex('user_roles').where({ userId: h.id, role: 'reviewer' }).delete();
  }
});

kyc('stale report version → 409 stale_version; two reviewers at once: one wins, the other gets 409', async () => {
  const id = await open('38411063');
  const version = await driveToReview(handler, id);
  const stale = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: 'f'.repeat(64) });
  assert.is(stale.status, 409);
  assert.is(stale.body.error.code, 'stale_version');
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve' })).status, 400);
  const [a, b] = await Promise.all([
    reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version }),
    compliance.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'reject', reportVersion: version, comment: 'Purpose not credible.' }),
  ]);
  assert.equal([a.status, b.status].sort(), [200, 409]);
  const decided = await caseDetail(handler, id);
  assert.is(decided.approvals.length, 1);
});

kyc('a reviewer\'s rejection declines an onboarding with its reason; a decision after that is a 409, never a 500', async () => {
  const id = await open('38411063');
  const version = await driveToReview(handler, id);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'reject', reportVersion: version })).status, 400, 'a rejection needs a reason');
  const rejected = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'reject', reportVersion: version, comment: 'Ownership not documented.' });
  assert.is(rejected.status, 200, JSON.stringify(rejected.body));
  const declined = await caseWhen(handler, id, (c) => c.status === 'declined' && c.retentionUntil, 'declined, with the retention clock');
  assert.is(declined.declineReason, 'Ownership not documented.');
  const late = await compliance.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version });
  assert.is(late.status, 409, JSON.stringify(late.body));
  assert.is(late.body.error.code, 'conflict');
  assert.is((await caseDetail(handler, id)).status, 'declined');
});

kyc('return to a named step, work it again, resubmit; then monitoring opens a periodic review and the relationship ends', async () => {
  await createCaseDataRepository(server.knex).saveSettings(DEMO_ORGS[0].id, { reviewIntervalSeconds: { low: 2, medium: 2, high: 2 } });
  try {
    const id = await open('38411063');
    const v1 = await driveToReview(handler, id);
    const back = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'return', returnTo: 'risk', reportVersion: v1, comment: 'Explain the industry.' });
    assert.equal([back.status, back.body.step], [200, 'risk']);
    await handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`);
    const edited = await handler.request('PUT', `/api/v1/cases/${id}/sections/risk_rationale`, { text: 'Bakery: low-risk industry, Danish owner, no hits.', accepted: true });
    assert.is(edited.status, 200);
    assert.is.not(edited.body.reportVersion, v1);
    const resubmitted = await handler.request('POST', `/api/v1/cases/${id}/submit`);
    const v2 = resubmitted.body.reportVersion as string;
    // The reviewer queue says what changed since the return.
    const queued = (await reviewer.request('GET', '/api/v1/review-queue')).body.items.find((x: { id: string }) => x.id === id);
    assert.equal([queued.lastReturn.returnTo, queued.lastReturn.comment, queued.lastReturn.changedSections, queued.preparedByMe], ['risk', 'Explain the industry.', ['risk_rationale'], false]);
    assert.is((await handler.request('GET', '/api/v1/review-queue')).status, 403);
    assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: v1 })).body.error.code, 'stale_version');
    assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: v2 })).status, 200);
    const review = await eventually(async () => {
      const rows = await server.knex('cases').where({ previousCaseId: id, type: 'periodic_review' });
      return rows.length ? rows[0] : undefined;
    }, 30_000, 'the periodic review case');
    const opened = await caseWhen(handler, review.id, (x) => x.registryStatus === 'collected', 'the review case collects its data');
    assert.is(opened.client.cvr, '38411063');
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: '2999-01-01' })).status, 400);
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: 'yesterday' })).status, 400);
    const ended = await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: '2026-10-31' });
    assert.equal([ended.status, ended.body.status], [200, 'ended']);
    const final = await caseWhen(handler, id, (x) => x.retentionUntil, 'the retention clock');
    assert.equal([final.relationshipEndedOn, final.retentionUntil], ['2026-10-31', '2031-10-31']);
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: '2026-10-31' })).status, 409);
  } finally {
    await createCaseDataRepository(server.knex).saveSettings(DEMO_ORGS[0].id, { reviewIntervalSeconds: { low: 3 * 365 * 86_400, medium: 2 * 365 * 86_400, high: 365 * 86_400 } });
  }
});

kyc('at the end of retention an active legal hold on the case keeps it until the hold is released', async () => {
  const settings = createCaseDataRepository(server.knex);
  await settings.saveSettings(DEMO_ORGS[0].id, { retentionSeconds: 2, holdRecheckSeconds: 1 });
  try {
    const id = await open('38411063');
    const version = await driveToReview(handler, id);
    assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version })).status, 200);
    await caseWhen(handler, id, (x) => x.status === 'monitoring', 'monitoring');
    const hold = await compliance.request('POST', '/api/v1/holds', { scope: { kind: 'case', caseId: id }, basis: 'investigation', reviewOn: '2030-01-01' });
    assert.is(hold.status, 201, JSON.stringify(hold.body));
    assert.is((await handler.request('POST', `/api/v1/cases/${id}/relationship-end`, { endedOn: '2026-11-30' })).status, 200);
    await caseWhen(handler, id, (x) => x.events.some((e: { kind: string }) => e.kind === 'retention_held'), 'retention held by the hold');
    // Rechecked every second while held: still no expiry after a few rounds.
    await new Promise((r) => setTimeout(r, 2500));
    assert.not.ok((await caseDetail(handler, id)).events.some((e: { kind: string }) => e.kind === 'retention_expired'), 'no expiry while the hold is active');
    assert.is((await compliance.request('POST', `/api/v1/holds/${hold.body.id}/release`)).status, 200);
    const c = await caseWhen(handler, id, (x) => x.events.some((e: { kind: string }) => e.kind === 'retention_expired'), 'retention expires once released');
    assert.is(c.events.filter((e: { kind: string }) => e.kind === 'retention_held').length, 1, 'held is recorded once, not per check');
  } finally {
    await settings.saveSettings(DEMO_ORGS[0].id, { retentionSeconds: null, holdRecheckSeconds: null });
  }
});

kyc('the other organisation sees none of it; filters narrow the list', async () => {
  const nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  const list = await nordisk.request('GET', '/api/v1/cases');
  assert.equal(list.body.items, []);
  const high = await handler.request('GET', '/api/v1/cases?riskLevel=high');
  assert.ok(high.body.items.length >= 1);
  assert.ok(high.body.items.every((c: any) => c.riskLevel === 'high'));
  const mine = await handler.request('GET', '/api/v1/cases?assignee=me&status=monitoring');
  assert.ok(mine.body.items.every((c: any) => c.status === 'monitoring'));
  assert.is((await handler.request('GET', '/api/v1/cases?overdue=true')).body.items.length, 0);
  assert.is((await handler.request('GET', '/api/v1/cases?status=bogus')).status, 400);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/cases')).status, 401);
});

kyc('SLA with seconds-scale durations: a reminder mail to the handler before the due date, escalation mail to the admins after it; the list shows it overdue', async () => {
  await createCaseDataRepository(server.knex).saveSettings(DEMO_ORGS[0].id, { slaSeconds: 2 });
  try {
    const id = await open('38411063');
    const c = await caseWhen(handler, id, (x) => x.events.some((e: { kind: string }) => e.kind === 'sla_overdue'), 'the SLA escalation');
    const kinds = c.events.map((e: { kind: string }) => e.kind);
    assert.ok(kinds.indexOf('sla_reminder') >= 0 && kinds.indexOf('sla_reminder') < kinds.indexOf('sla_overdue'));
    assert.is(c.overdue, true);
    const overdue = await handler.request('GET', '/api/v1/cases?overdue=true');
    assert.equal(overdue.body.items.map((x: { id: string }) => x.id), [id]);

    // The mails: read from the development sink the worker sends to.
    const link = `/cases/${id}`;
    const mails = await eventually(async () => {
      const found = server.mailSink.messages().filter((m) => m.text.includes(link));
      return found.length >= 2 ? found : undefined;
    }, 30_000, 'the reminder and escalation mails');
    const reminder = mails.filter((m) => m.headers['x-clientnote-template'] === 'case_sla_reminder.v1');
    const escalation = mails.filter((m) => m.headers['x-clientnote-template'] === 'case_sla_overdue.v1');
    assert.equal(reminder.map((m) => m.to), [['handler@demo.test']], 'the reminder goes to the assigned handler only');
    assert.equal(escalation.map((m) => m.to), [['admin@demo.test']], "the escalation goes to the organisation's admin only");
    assert.is(reminder[0]!.subject, 'Påmindelse: en sag nærmer sig fristen');
    assert.match(reminder[0]!.text, /Nørrebro Bageri ApS/);
    assert.match(escalation[0]!.text, /Henrik Handler/);
    assert.ok(mails.every((m) => !m.to.some((t) => t.endsWith('@nordisk.test'))));
    const logged = await server.knex('mail_log').where('businessKey', 'like', `case-sla-%:${id}:%`).orderBy('template');
    assert.equal(logged.map((r: { template: string; status: string }) => [r.template, r.status]), [['case_sla_overdue', 'sent'], ['case_sla_reminder', 'sent']]);
    // Sending again (a retried activity) sends nothing: the mail log's business key.
    const mailer = workerMailer(testConfig(), server.knex, { smtpUrl: server.mailSink.smtpUrl });
    try {
      const again = createCaseSlaActivities({ knex: server.knex, mailer, publicUrl: 'http://x.test' });
      assert.equal(await again.sendCaseSlaMail({ orgId: DEMO_ORGS[0].id, caseId: id, kind: 'reminder' }), { sent: 0 });
      assert.equal(await again.sendCaseSlaMail({ orgId: DEMO_ORGS[0].id, caseId: id, kind: 'overdue' }), { sent: 0 });
    } finally {
      mailer.close();
    }
    assert.is(server.mailSink.messages().filter((m) => m.text.includes(link)).length, 2);
    // Another organisation's case id gets nothing from this organisation.
    const other = createCaseSlaActivities({ knex: server.knex, mailer: { send: async () => 'sent', close() {} } });
    const refused = await other.sendCaseSlaMail({ orgId: DEMO_ORGS[1].id, caseId: id, kind: 'overdue' }).then(() => null, (error: Error) => error);
    assert.match(refused?.message ?? '', /does not exist/);
  } finally {
    await createCaseDataRepository(server.knex).saveSettings(DEMO_ORGS[0].id, { slaSeconds: 30 * 86_400 });
  }
});

kyc('a dismissal is remembered for the same party and list entry: the next case does not raise the hit again', async () => {
  const first = await open('42831042');
  await completeDataCollection(handler, first);
  const pep = (await caseDetail(handler, first)).hits.find((h: any) => h.primaryName === 'Jens Peter Vestergaard');
  assert.ok(pep, 'the director is on the demo PEP list');
  assert.is(pep.decision, 'open');
  const dismissed = await handler.request('POST', `/api/v1/cases/${first}/hits/${pep.id}/decision`, { decision: 'dismissed', reason: 'Namesake: different birth date in the register.' });
  assert.is(dismissed.status, 200);
  const second = await open('42831042');
  await completeDataCollection(handler, second);
  const again = (await caseDetail(handler, second)).hits.find((h: any) => h.primaryName === 'Jens Peter Vestergaard');
  assert.equal([again.decision, again.reason, again.rememberedFrom], ['dismissed', 'Namesake: different birth date in the register.', pep.id]);
  assert.is((await handler.request('POST', `/api/v1/cases/${second}/steps/screening/complete`)).status, 200, 'nothing unresolved');
});

kyc('a cancelled case workflow ends cancelled: its SLA watch and background work go with it, no failing workflow task', async () => {
  const id = (await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' })).body.id as string;
  await caseWhen(handler, id, (c) => c.registryStatus === 'collected', 'registry');
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    const handle = client.workflow.getHandle(kycCaseWorkflowId(id));
    await handle.cancel();
    const outcome = await withTimeout(handle.result().then(() => 'completed', (e: unknown) => (e instanceof WorkflowFailedError ? e.cause?.name ?? 'failed' : 'error')), 30_000, 'the cancelled workflow ends');
    assert.is(outcome, 'CancelledFailure');
    assert.is((await handle.describe()).status.name, 'CANCELLED');
  } finally {
    await connection.close();
  }
});

kyc.run();
