// The customer-due-diligence file (issue 12) on a real Temporal server, worker
// and database, over HTTP: identity verification blocks data collection and
// names the person; parties added, corrected and removed; the PEP rule needs a
// compliance officer's approval; the report in the case's language with an
// explicit conclusion; declines by case type; investigations only their readers
// see; and every hostile input of the issue answered with a 4xx, nothing written.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_ORGS } from '../db/seeds/demo.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { login, resetDatabase, startApi, startWorker, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { acceptAllSections, caseDetail, caseWhen, completeDataCollection, completeScreening, driveToReview, RELATIONSHIP } from './harness/kyc-case.ts';
import { PDF, session, upload } from './harness/documents.ts';

const file = suite('case file');
let server: RunningApi;
let worker: RunningWorker;
let handler: ApiClient;
let reviewer: ApiClient;
let compliance: ApiClient;
let nordisk: ApiClient;

file.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  handler = await login(server.baseUrl, 'handler@demo.test');
  reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  compliance = await login(server.baseUrl, 'compliance@demo.test');
  nordisk = await login(server.baseUrl, 'handler@nordisk.test');
});
file.after(async () => {
  await worker.close();
  await server.close();
});

async function open(cvr: string, type = 'onboarding'): Promise<string> {
  const res = await handler.request('POST', '/api/v1/cases', { type, cvr });
  assert.is(res.status, 201, JSON.stringify(res.body));
  await caseWhen(handler, res.body.id, (c) => c.registryStatus === 'collected', 'registry data');
  return res.body.id as string;
}
const counts = async (table: string) => Number((await server.knex(table).count<{ n: string }[]>({ n: '*' }))[0]!.n);

file('data collection waits for the identity of every person who must be verified, and says who and what is missing', async () => {
  const id = await open('42831042');
  const c = await caseDetail(handler, id);
  const byName = (n: string) => c.parties.find((p: any) => p.name === n);
  // The beneficial owners must be verified; the director (not acting for the client by the registry) need not be; the company is identified by the registry.
  assert.equal([byName('Birgitte Holst').mustBeVerified, byName('Thomas Holst').mustBeVerified, byName('Jens Peter Vestergaard').mustBeVerified, byName('Havnefront Ejendomme ApS').mustBeVerified], [true, true, false, false]);
  assert.equal(byName('Birgitte Holst').verification, { status: 'missing', method: null, documentId: null, description: null, verifiedBy: null, verifiedAt: null });
  assert.is(byName('Jens Peter Vestergaard').verification.status, 'not_required');
  const reasons = c.blockingReasons.map((r: any) => [r.code, r.partyId ?? null]).sort();
  assert.equal(reasons, [['identity_unverified', byName('Birgitte Holst').id], ['identity_unverified', byName('Thomas Holst').id], ['risk_answers_missing', null]].sort());
  const blocked = await handler.request('POST', `/api/v1/cases/${id}/steps/data_collection/complete`);
  assert.equal([blocked.status, blocked.body.error.code], [409, 'incomplete']);
  assert.ok(blocked.body.error.details.blockingReasons.some((r: any) => r.partyId === byName('Thomas Holst').id));
  assert.is((await caseDetail(handler, id)).step, 'data_collection', 'nothing moved');

  // Verify one by an uploaded passport: the document's kind is recorded and the verification rests on it.
  const handlerSession = await session(server.baseUrl, 'handler@demo.test');
  const doc = await upload(server.baseUrl, `/api/v1/cases/${id}/documents`, { bytes: PDF, name: 'Pas Birgitte.pdf', type: 'application/pdf' }, { session: handlerSession });
  assert.is(doc.status, 201, JSON.stringify(doc.body));
  assert.is((await handler.request('PATCH', `/api/v1/cases/${id}/documents/${doc.body.id}/kind`, { documentKind: 'passport' })).status, 200);
  assert.is((await handler.request('PATCH', `/api/v1/cases/${id}/documents/${doc.body.id}/kind`, { documentKind: 'tarot_card' })).status, 400);
  const verified = await handler.request('PUT', `/api/v1/cases/${id}/parties/${byName('Birgitte Holst').id}/identity`, { method: 'id_document', documentId: doc.body.id });
  assert.is(verified.status, 200, JSON.stringify(verified.body));
  // No evidence: 400 on the field.
  const noDoc = await handler.request('PUT', `/api/v1/cases/${id}/parties/${byName('Thomas Holst').id}/identity`, { method: 'id_document' });
  assert.equal([noDoc.status, noDoc.body.error.fields[0].path], [400, 'documentId']);
  const noDescription = await handler.request('PUT', `/api/v1/cases/${id}/parties/${byName('Thomas Holst').id}/identity`, { method: 'other', description: '' });
  assert.equal([noDescription.status, noDescription.body.error.fields[0].path], [400, 'description']);
  const company = await handler.request('PUT', `/api/v1/cases/${id}/parties/${byName('Havnefront Ejendomme ApS').id}/identity`, { method: 'mitid' });
  assert.is(company.status, 400, 'a company is identified through the registry');

  await handler.request('PUT', `/api/v1/cases/${id}/business-relationship`, RELATIONSHIP);
  const after = await caseDetail(handler, id);
  assert.equal(after.blockingReasons.map((r: any) => r.partyId), [byName('Thomas Holst').id]);
  const birgitte = after.parties.find((p: any) => p.name === 'Birgitte Holst');
  assert.equal([birgitte.verification.status, birgitte.verification.method, birgitte.verification.documentId], ['verified', 'id_document', doc.body.id]);
  assert.is(after.documents.find((d: any) => d.id === doc.body.id).documentKind, 'passport');
  await completeDataCollection(handler, id);
  assert.is((await caseDetail(handler, id)).step, 'screening');
});

file('a verification never rests on another case\'s or another organisation\'s document', async () => {
  const a = await open('38411063');
  const b = await open('38411063');
  const handlerSession = await session(server.baseUrl, 'handler@demo.test');
  const docB = await upload(server.baseUrl, `/api/v1/cases/${b}/documents`, { bytes: PDF, name: 'Pas.pdf', type: 'application/pdf' }, { session: handlerSession });
  assert.is(docB.status, 201);
  const person = (await caseDetail(handler, a)).parties.find((p: any) => p.mustBeVerified);
  const other = await handler.request('PUT', `/api/v1/cases/${a}/parties/${person.id}/identity`, { method: 'id_document', documentId: docB.body.id });
  assert.equal([other.status, other.body.error.fields[0].path], [400, 'documentId']);
  // Nordisk's handler cannot verify on Demo's case, nor point at Demo's document from its own.
  assert.is((await nordisk.request('PUT', `/api/v1/cases/${a}/parties/${person.id}/identity`, { method: 'mitid' })).status, 404);
  const own = await nordisk.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  const ownCase = await caseWhen(nordisk, own.body.id, (c) => c.registryStatus === 'collected', 'nordisk registry');
  const ownPerson = ownCase.parties.find((p: any) => p.mustBeVerified);
  const cross = await nordisk.request('PUT', `/api/v1/cases/${own.body.id}/parties/${ownPerson.id}/identity`, { method: 'id_document', documentId: docB.body.id });
  assert.equal([cross.status, cross.body.error.fields[0].path], [400, 'documentId']);
  assert.is(await server.knex('case_party_verifications').whereIn('caseId', [a, own.body.id]).count<{ n: string }[]>({ n: '*' }).then((r) => Number(r[0]!.n)), 0);
});

file('parties: added by hand with roles, corrected with a reason (the registry\'s values kept), removed; hostile fields refused', async () => {
  const id = await open('38411063');
  const before = await counts('case_parties');
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  for (const [body, path] of [
    [{ kind: 'person', name: 'Fremtidig Person', birthDate: tomorrow, roles: ['representative'] }, 'birthDate'],
    [{ kind: 'person', name: 'Gammel Person', birthDate: '1899-12-31', roles: ['representative'] }, 'birthDate'],
    [{ kind: 'person', name: 'Uden CPR', cpr: '310299-1234', roles: ['representative'] }, 'cpr'],
    [{ kind: 'person', name: '', roles: [] }, 'name'],
    [{ kind: 'person', name: 'Rolle', roles: ['emperor'] }, 'roles.0'],
  ] as const) {
    const res = await handler.request('POST', `/api/v1/cases/${id}/parties`, body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.fields[0].path, path, JSON.stringify(res.body));
  }
  // CPR numbers only where the organisation enables them: then a bad date part is refused, a good one sealed and masked.
  const notEnabled = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'Ida Berg', cpr: '010190-1234', roles: ['representative'] });
  assert.equal([notEnabled.status, notEnabled.body.error.fields[0].path], [400, 'cpr']);
  await createCaseDataRepository(server.knex).saveCaseFileSettings(DEMO_ORGS[0].id, { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: true });
  try {
    const badDate = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'Ida Berg', cpr: '310290-1234', roles: ['representative'] });
    assert.equal([badDate.status, badDate.body.error.fields[0].path], [400, 'cpr'], '31 February is no date');
    const added = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'Ida Berg', cpr: '010190-1234', nationality: 'dk', address: 'Vesterbrogade 1, 1620 København V', roles: ['representative'] });
    assert.is(added.status, 201, JSON.stringify(added.body));
    const row = await server.knex('case_parties').where({ id: added.body.id }).first();
    assert.not.match(row.cprSealed, /010190|1234/, 'sealed at rest');
    const ida = (await caseDetail(handler, id)).parties.find((p: any) => p.id === added.body.id);
    assert.equal([ida.cpr, ida.birthDate, ida.nationality, ida.source, ida.mustBeVerified, ida.roles], ['010190-XXXX', '1990-01-01', 'DK', 'manual', true, ['representative']]);
    const audit = await server.knex('audit_events').where({ targetId: id }).select('details');
    assert.not.match(JSON.stringify(audit), /010190|Ida Berg/, 'the audit trail holds ids only');
  } finally {
    await createCaseDataRepository(server.knex).saveCaseFileSettings(DEMO_ORGS[0].id, { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: false });
  }
  // A registry party is corrected with a reason, and keeps what the registry said.
  const owner = (await caseDetail(handler, id)).parties.find((p: any) => p.source === 'registry' && p.kind === 'person');
  const noReason = await handler.request('PATCH', `/api/v1/cases/${id}/parties/${owner.id}`, { name: 'Rettet Navn' });
  assert.equal([noReason.status, noReason.body.error.fields[0].path], [400, 'reason']);
  assert.is((await handler.request('PATCH', `/api/v1/cases/${id}/parties/${owner.id}`, {})).status, 400);
  const corrected = await handler.request('PATCH', `/api/v1/cases/${id}/parties/${owner.id}`, { birthDate: '1975-03-02', reason: 'Pas viser en anden fødselsdato end CVR.' });
  assert.is(corrected.status, 200, JSON.stringify(corrected.body));
  const now = (await caseDetail(handler, id)).parties.find((p: any) => p.id === owner.id);
  assert.equal([now.birthDate, now.registryValues.birthDate, now.correction.reason], ['1975-03-02', owner.birthDate, 'Pas viser en anden fødselsdato end CVR.']);
  assert.is((await handler.request('DELETE', `/api/v1/cases/${id}/parties/${owner.id}`)).status, 409, 'a registry party is corrected, not removed');
  const extra = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'Midlertidig Fuldmagtshaver', birthDate: today, roles: ['signatory'] });
  assert.is(extra.status, 201);
  assert.is((await nordisk.request('DELETE', `/api/v1/cases/${id}/parties/${extra.body.id}`)).status, 404);
  assert.is((await handler.request('DELETE', `/api/v1/cases/${id}/parties/${extra.body.id}`)).status, 204);
  assert.is(await counts('case_parties'), before + 1, 'Ida stays, the temporary one went');
});

file('a party with an open screening hit cannot be removed; parties change only at data collection', async () => {
  const id = await open('38411063');
  // A manual party named as a listed person gets a hit at screening.
  const added = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'Viktor Petrov Sokolov', birthDate: '1961-04-12', roles: ['beneficial_owner'] });
  assert.is(added.status, 201);
  await completeDataCollection(handler, id);
  const c = await caseWhen(handler, id, (x) => x.hits.some((h: any) => h.partyId === added.body.id), 'the hit on the added party');
  assert.is(c.step, 'screening');
  const refused = await handler.request('DELETE', `/api/v1/cases/${id}/parties/${added.body.id}`);
  assert.is(refused.status, 409);
  assert.ok((await caseDetail(handler, id)).parties.some((p: any) => p.id === added.body.id));
  const late = await handler.request('POST', `/api/v1/cases/${id}/parties`, { kind: 'person', name: 'For Sent', roles: ['signatory'] });
  assert.is(late.status, 409, 'not at data collection any more');
});

file('PEP director (§ 18 by the organisation\'s policy): enhanced, and a compliance officer approves besides the reviewer', async () => {
  const id = await open('42831042');
  await completeDataCollection(handler, id);
  await completeScreening(handler, id, (hit) => hit.primaryName === 'Jens Peter Vestergaard');
  const assessed = await caseWhen(handler, id, (x) => x.step === 'risk' && x.riskLevel, 'risk');
  assert.equal([assessed.pep, assessed.dueDiligence], [true, 'enhanced']);
  const adverse = assessed.risk.assessment.reasons.find((r: any) => r.factor === 'adverse_media');
  assert.is(adverse.detail, 'adverse media not performed', 'a check nobody made is not "no adverse media"');
  await handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`);
  const report = await caseWhen(handler, id, (x) => x.step === 'report' && x.sections.length === 5, 'drafted');
  // Danish, and the conclusion's reasons are the handler's to write: a placeholder cannot be accepted.
  assert.match(report.sections.find((s: any) => s.key === 'screening_summary').text, /ikke udført/);
  assert.match(report.sections.find((s: any) => s.key === 'ownership_and_control').text, /Identitetskontrol:[\s\S]*Birgitte Holst: MitID/);
  const conclusion = report.sections.find((s: any) => s.key === 'conclusion');
  const placeholder = await handler.request('PUT', `/api/v1/cases/${id}/sections/conclusion`, { text: conclusion.text, accepted: true });
  assert.equal([placeholder.status, placeholder.body.error.fields[0].path], [400, 'text']);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/conclusion`, { text: 'We propose to [accept / not accept] the client.', accepted: true })).status, 400);
  // Without an explicit conclusion the report cannot be submitted.
  for (const s of report.sections) {
    await handler.request('PUT', `/api/v1/cases/${id}/sections/${s.key}`, { text: s.key === 'conclusion' ? 'Forbindelsen etableres med skærpet overvågning.' : s.text, accepted: true });
  }
  const noConclusion = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.equal([noConclusion.status, noConclusion.body.error.code], [409, 'incomplete']);
  assert.equal(noConclusion.body.error.details.blockingReasons.map((r: any) => r.code), ['conclusion_missing']);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/conclusion`, { outcome: 'maybe' })).status, 400);
  await acceptAllSections(handler, id);
  const submitted = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.is(submitted.status, 200, JSON.stringify(submitted.body));
  const version = submitted.body.reportVersion;
  const first = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version });
  assert.equal([first.status, first.body.status], [200, 'in_review'], 'the reviewer alone does not establish a PEP relationship');
  const second = await compliance.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: version });
  assert.equal([second.status, second.body.status], [200, 'monitoring']);
  const done = await caseDetail(handler, id);
  assert.equal(done.approvals.map((a: any) => a.capacity), ['reviewer', 'compliance_officer']);

  // § 18, stk. 6: the PEP leaves office; the measures continue 12 months, then a compliance officer may clear them.
  const pepHit = done.hits.find((h: any) => h.decision === 'confirmed');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-left-office`, { leftOfficeOn: tomorrow })).status, 400);
  const dismissed = done.hits.find((h: any) => h.decision === 'dismissed');
  if (dismissed) assert.is((await handler.request('PUT', `/api/v1/cases/${id}/hits/${dismissed.id}/pep-left-office`, { leftOfficeOn: '2026-01-01' })).status, 409);
  const recent = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const left = await handler.request('PUT', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-left-office`, { leftOfficeOn: recent });
  assert.is(left.status, 200);
  assert.is((await compliance.request('POST', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-cleared`)).status, 409, 'not before 12 months');
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-cleared`)).status, 403, 'a compliance officer only');
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-left-office`, { leftOfficeOn: '2025-06-30' })).status, 200);
  assert.is((await compliance.request('POST', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-cleared`)).status, 200);
  const cleared = await caseDetail(handler, id);
  assert.equal([cleared.pep, cleared.hits.find((h: any) => h.id === pepHit.id).pepCleared.by !== null], [false, true]);
});

file('the report follows the case\'s language (changeable before drafting, not after)', async () => {
  const id = await open('38411063');
  assert.is((await caseDetail(handler, id)).language, 'da');
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/language`, { language: 'de' })).status, 400);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/language`, { language: 'en' })).status, 200);
  await completeDataCollection(handler, id);
  await completeScreening(handler, id);
  await handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`);
  const c = await caseWhen(handler, id, (x) => x.step === 'report' && x.sections.length === 5, 'drafted');
  assert.is(c.language, 'en');
  assert.match(c.sections.find((s: any) => s.key === 'screening_summary').text, /parties screened against sanctions and PEP lists/);
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/language`, { language: 'da' })).status, 409);
});

file('decline: an onboarding only (reason required, retention starts); a review case or an approved case is refused', async () => {
  const id = await open('38411063');
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/decline`, {})).status, 400);
  const declined = await handler.request('POST', `/api/v1/cases/${id}/decline`, { reason: 'Kunden ønskede ikke at oplyse formålet.' });
  assert.equal([declined.status, declined.body.status], [200, 'declined']);
  await caseWhen(handler, id, (x) => x.retentionUntil, 'retention clock');

  const review = await open('38411063', 'periodic_review');
  const notOnboarding = await handler.request('POST', `/api/v1/cases/${review}/decline`, { reason: 'Forsøg på at afvise en gennemgang.' });
  assert.is(notOnboarding.status, 409);
  assert.equal([(await caseDetail(handler, review)).status, (await caseDetail(handler, review)).declineReason], ['open', null], 'nothing written');
  // A review ends the relationship instead (§ 14, stk. 5).
  const ended = await handler.request('POST', `/api/v1/cases/${review}/relationship-end`, { endedOn: '2026-12-01' });
  assert.equal([ended.status, ended.body.status], [200, 'ended']);

  const approved = await open('38411063');
  const version = await driveToReview(handler, approved);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${approved}/decision`, { decision: 'approve', reportVersion: version })).status, 200);
  await caseWhen(handler, approved, (x) => x.status === 'monitoring', 'monitoring');
  const late = await handler.request('POST', `/api/v1/cases/${approved}/decline`, { reason: 'For sent at afvise kunden nu.' });
  assert.is(late.status, 409);
  assert.equal([(await caseDetail(handler, approved)).status, (await caseDetail(handler, approved)).declineReason], ['monitoring', null]);
});

file('investigations: only compliance officers and the raiser see them; a legal hold of kind investigation; never on the case itself', async () => {
  const id = await open('38411063');
  assert.is((await handler.request('POST', `/api/v1/cases/${id}/investigations`, { note: '' })).status, 400);
  const opened = await handler.request('POST', `/api/v1/cases/${id}/investigations`, { note: 'Kunden insisterer på kontantbetaling af store beløb uden forklaring.' });
  assert.is(opened.status, 201, JSON.stringify(opened.body));
  const inv = opened.body.id;
  assert.is((await handler.request('GET', `/api/v1/cases/${id}/investigations/${inv}`)).status, 200);
  assert.is((await compliance.request('GET', `/api/v1/cases/${id}/investigations`)).body.items.length, 1);
  assert.is((await reviewer.request('GET', `/api/v1/cases/${id}/investigations/${inv}`)).status, 404, 'another user: as if it did not exist');
  assert.is((await reviewer.request('GET', `/api/v1/cases/${id}/investigations`)).status, 404);
  assert.is((await nordisk.request('GET', `/api/v1/cases/${id}/investigations/${inv}`)).status, 404);
  const hold = await server.knex('legal_holds').where({ scopeKind: 'case', scopeKey: id, basis: 'investigation' });
  assert.is(hold.length, 1);
  // The report of suspicion belongs to the investigation; a reviewer cannot attach one to it.
  const noInv = await handler.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'suspicious_activity', recipient: 'hvidvasksekretariatet', reportedAt: '2026-12-02', reference: 'HVS-1' });
  assert.equal([noInv.status, noInv.body.error.fields[0].path], [400, 'investigationId']);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'suspicious_activity', recipient: 'hvidvasksekretariatet', reportedAt: '2026-12-02', reference: 'HVS-1', investigationId: inv })).status, 404);
  const future = await handler.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'suspicious_activity', recipient: 'hvidvasksekretariatet', reportedAt: '2999-01-01', reference: 'HVS-1', investigationId: inv });
  assert.equal([future.status, future.body.error.fields[0].path], [400, 'reportedAt']);
  const reported = await handler.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'suspicious_activity', recipient: 'hvidvasksekretariatet', reportedAt: '2026-12-02', reference: 'HVS-2026-7', investigationId: inv });
  assert.is(reported.status, 201);
  const detail = await caseDetail(reviewer, id);
  assert.equal(detail.authorityReports, [], 'a report of suspicion is not on the case');
  assert.not.match(JSON.stringify(detail), /kontantbetaling|HVS-2026-7/);
  const seen = (await compliance.request('GET', `/api/v1/cases/${id}/investigations/${inv}`)).body;
  assert.equal(seen.reports.map((r: any) => r.reference), ['HVS-2026-7']);
  const audit = await server.knex('audit_events').where({ action: 'case.investigation_opened' });
  assert.equal(audit.map((a: any) => [a.targetType, a.targetId]), [['investigation', inv]]);
});

file('a private client: the person is the client, must be verified, and the case goes through', async () => {
  const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', client: { kind: 'person', name: 'Maja Lund Kristensen', birthDate: '1991-06-15', country: 'DK' } });
  assert.is(res.status, 201, JSON.stringify(res.body));
  const c = await caseWhen(handler, res.body.id, (x) => x.registryStatus === 'manual', 'manual client');
  assert.equal(c.parties.map((p: any) => [p.name, p.roles, p.mustBeVerified]), [['Maja Lund Kristensen', ['client'], true]]);
  const version = await driveToReview(handler, res.body.id);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${res.body.id}/decision`, { decision: 'approve', reportVersion: version })).status, 200);
});

file('the case-file settings: read by the organisation, changed by its admin only, bounds enforced', async () => {
  const admin = await login(server.baseUrl, 'admin@demo.test');
  assert.equal((await handler.request('GET', '/api/v1/organisation/case-file-settings')).body, { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: false, aiDrafting: false, aiPseudonymise: true });
  assert.is((await handler.request('PUT', '/api/v1/organisation/case-file-settings', { defaultLanguage: 'en', pepManagementCounts: true, cprEnabled: false })).status, 403);
  assert.is((await admin.request('PUT', '/api/v1/organisation/case-file-settings', { defaultLanguage: 'fr', pepManagementCounts: true, cprEnabled: false })).status, 400);
  const set = await admin.request('PUT', '/api/v1/organisation/case-file-settings', { defaultLanguage: 'en', pepManagementCounts: false, cprEnabled: false });
  assert.is(set.status, 200);
  try {
    const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
    assert.is((await caseDetail(handler, created.body.id)).language, 'en');
    assert.equal((await nordisk.request('GET', '/api/v1/organisation/case-file-settings')).body.defaultLanguage, 'da', 'one organisation\'s settings are its own');
  } finally {
    await admin.request('PUT', '/api/v1/organisation/case-file-settings', { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: false });
  }
});

file.run();
