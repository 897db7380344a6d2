// Routing to controller organisations on the real workflow: a requester named in one
// customer organisation's case data gets a part forwarded to that organisation only
// (a child workflow, a task for its admins and a mail); the other organisation's admin
// gets 404 on it; the requester's answers are byte-identical to those for a request
// about nobody; and the organisation's erasure keeps what the AML § 30 hold covers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { login, request, resetDatabase, startApi, startWorker, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers, DEMO_ORG_ID } from './harness/dsr.ts';
import { eventually } from './harness/timeout.ts';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { readZip } from './harness/zip-reader.ts';
import { PDF, session, upload } from './harness/documents.ts';

const routing = suite('data-subject requests routed to controller organisations');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
let demoAdmin: ApiClient;
let nordiskAdmin: ApiClient;
const h = dsrHelpers(() => server);
const NORDISK_ID = DEMO_ORGS[1].id;

routing.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
  demoAdmin = await login(server.baseUrl, 'admin@demo.test');
  nordiskAdmin = await login(server.baseUrl, 'admin@nordisk.test');
});
routing.after(async () => {
  await worker?.close();
  await server?.close();
});

/** A Demo case with the subject as a person party; `ended` is the relationship end (null: ongoing). */
async function caseWith(name: string, ended: string | null, retentionUntil: string | null = null, orgId = DEMO_ORG_ID): Promise<{ caseId: string; partyId: string }> {
  const caseId = randomUUID();
  await server.knex('cases').insert({ id: caseId, orgId, type: 'onboarding', status: ended ? 'ended' : 'monitoring', clientKind: 'company', clientName: 'Havnekontoret ApS', relationshipEndedOn: ended, retentionUntil });
  const [party] = await server.knex('case_parties').insert({ orgId, caseId, registryId: `client:${randomUUID()}`, kind: 'person', name, roles: ['director'] }).returning('id');
  return { caseId, partyId: party.id };
}

const template = (m: { headers: Record<string, string> }) => m.headers['x-clientnote-template'];
const mailsTo = (email: string, name: string) => server.mailSink.messages().filter((m) => m.to.includes(email) && template(m) === name);
const publicStatus = async (requestId: string, statusToken: string) => {
  const res = await request(server.baseUrl, 'GET', `/api/v1/privacy/requests/${requestId}?statusToken=${statusToken}`);
  assert.is(res.status, 200);
  const { requestId: _id, ...rest } = res.body;
  return JSON.stringify(rest);
};
const withoutReceipt = (text: string) => text.replace(/[0-9a-f]{64}/g, '<receipt>');

routing('one organisation gets the part, the other sees nothing, the requester cannot tell, and the § 30 hold keeps held parties', async () => {
  const ongoing = await caseWith('Sofie  Subject', null);
  const expired = await caseWith('sofie subject', '2018-01-01', '2023-01-01');
  const recent = await caseWith('Sofie Subject', '2025-06-30');
  // Past its § 30 period, but under a legal hold the organisation's compliance officer placed: a hold wins over erasure.
  const underHold = await caseWith('Sofie Subject', '2016-05-31', '2021-05-31');
  const compliance = await login(server.baseUrl, 'compliance@demo.test');
  const reviewOn = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const hold = await compliance.request('POST', '/api/v1/holds', { scope: { kind: 'case', caseId: underHold.caseId }, basis: 'investigation', reviewOn });
  assert.is(hold.status, 201, JSON.stringify(hold.body));
  await server.knex('case_parties').insert({ orgId: DEMO_ORG_ID, caseId: ongoing.caseId, registryId: 'client:other', kind: 'person', name: 'Someone Else' });

  const subject = await h.submitAndVerify('sofie.subject@example.test', ['erasure'], { name: 'Sofie Subject', relationship: 'case_subject', description: 'I am a director somewhere' });
  const nobody = await h.submitAndVerify('nina.nobody@example.test', ['erasure'], { name: 'Nina Nobody', relationship: 'case_subject', description: 'I am a director somewhere' });
  for (const r of [subject, nobody]) assert.is((await pia.request('POST', `/api/v1/dsr/${r.requestId}/triage`, { decision: 'proceed' })).status, 200);
  for (const r of [subject, nobody]) await h.waitForStatus(r.requestId, 'plan_review');

  // The Demo organisation's admin has a task and a mail; the part lists the four matching parties.
  const forwarded = await eventually(async () => {
    const list = await demoAdmin.request('GET', '/api/v1/dsr/forwarded?open=true');
    return list.body.items.length === 1 ? list.body.items[0] : undefined;
  }, 20_000, 'the Demo part');
  assert.is(forwarded.requestId, subject.requestId);
  assert.is(forwarded.parties, 4);
  await eventually(async () => mailsTo('admin@demo.test', 'dsr_forwarded.v1').length === 1, 10_000, 'mail to the Demo admin');
  const mail = mailsTo('admin@demo.test', 'dsr_forwarded.v1')[0]!;
  assert.ok(mail.text.includes(`/requests/forwarded/${forwarded.id}`));
  assert.not.match(mail.text, /Sofie|Subject/i, 'the mail names nobody');

  // The other organisation: nothing listed, 404 on the part, 404 on deciding it, no mail.
  assert.equal((await nordiskAdmin.request('GET', '/api/v1/dsr/forwarded')).body.items, []);
  assert.is((await nordiskAdmin.request('GET', `/api/v1/dsr/forwarded/${forwarded.id}`)).status, 404);
  assert.is((await nordiskAdmin.request('POST', `/api/v1/dsr/forwarded/${forwarded.id}/decision`, { decision: 'erase_unheld' })).status, 404);
  assert.is(mailsTo('admin@nordisk.test', 'dsr_forwarded.v1').length, 0);
  assert.is((await server.knex('dsr_routed_parts').where({ orgId: NORDISK_ID })).length, 0);
  assert.is((await server.knex('dsr_routed_parts').where({ requestId: nobody.requestId })).length, 0, 'a request about nobody is forwarded nowhere');
  assert.is((await pia.request('GET', '/api/v1/dsr/forwarded')).status, 403, 'privacy staff see parts on the request, not as a controller');
  const staffView = (await pia.request('GET', `/api/v1/dsr/${subject.requestId}`)).body.parts;
  assert.equal(staffView.map((p: { orgId: string; parties: number }) => [p.orgId, p.parties]), [[DEMO_ORG_ID, 4]]);

  // The part for the Demo admin: contact details, rights and each party with its AML hold.
  const part = (await demoAdmin.request('GET', `/api/v1/dsr/forwarded/${forwarded.id}`)).body;
  assert.is(part.requester.email, 'sofie.subject@example.test');
  const holdOf = (partyId: string) => part.items.find((i: { partyId: string }) => i.partyId === partyId);
  assert.is(holdOf(ongoing.partyId).amlHold, 'relationship_active');
  assert.is(holdOf(recent.partyId).amlHold, 'retention_period');
  assert.is(holdOf(recent.partyId).heldUntil, '2030-06-30');
  assert.is(holdOf(expired.partyId).amlHold, null);
  assert.is((await demoAdmin.request('POST', `/api/v1/dsr/forwarded/${forwarded.id}/decision`, { decision: 'forget_everything' })).status, 400);

  const decided = await demoAdmin.request('POST', `/api/v1/dsr/forwarded/${forwarded.id}/decision`, { decision: 'erase_unheld', note: '<b>answered by letter</b>' });
  assert.is(decided.status, 200, JSON.stringify(decided.body));
  assert.is(decided.body.status, 'decided');
  const actions = Object.fromEntries(decided.body.items.map((i: { partyId: string; action: string }) => [i.partyId, i.action]));
  assert.equal(actions, { [ongoing.partyId]: 'held', [recent.partyId]: 'held', [underHold.partyId]: 'held', [expired.partyId]: 'erased' });
  assert.is((await server.knex('case_parties').where({ id: underHold.partyId }).first('name')).name, 'Sofie Subject', 'kept under the legal hold');
  const names = Object.fromEntries((await server.knex('case_parties').whereIn('id', [ongoing.partyId, recent.partyId, expired.partyId]).select('id', 'name')).map((p) => [p.id, p.name]));
  assert.is(names[expired.partyId], 'Erased person');
  assert.is(names[ongoing.partyId], 'Sofie  Subject', 'held under § 30 while the relationship lasts');
  assert.is(names[recent.partyId], 'Sofie Subject', 'held under § 30 for 5 years after it ended');
  const ledger = await server.knex('erasure_ledger').where({ requestId: subject.requestId, sourceTable: 'case_parties' });
  assert.equal(ledger.map((r) => r.rowRef), [expired.partyId], 'the routed erasure is in the ledger');
  assert.is((await demoAdmin.request('POST', `/api/v1/dsr/forwarded/${forwarded.id}/decision`, { decision: 'no_match' })).status, 409, 'one decision');

  // The requester's answers: byte-identical to the request about nobody (the receipt hash aside, which names its own request).
  assert.is(await publicStatus(subject.requestId, subject.statusToken), await publicStatus(nobody.requestId, nobody.statusToken));
  const ack = (email: string) => mailsTo(email, 'dsr_acknowledgement.v1')[0]!;
  assert.is(ack('sofie.subject@example.test').text, ack('nina.nobody@example.test').text);
  assert.is(ack('sofie.subject@example.test').html, ack('nina.nobody@example.test').html);
  for (const r of [subject, nobody]) {
    const { planHash } = (await pia.request('POST', `/api/v1/dsr/${r.requestId}/plan`, {})).body;
    assert.is((await dennis.request('POST', `/api/v1/dsr/${r.requestId}/plan/approve`, { planHash })).status, 200);
    await h.waitForStatus(r.requestId, 'closed');
  }
  assert.is(await publicStatus(subject.requestId, subject.statusToken), await publicStatus(nobody.requestId, nobody.statusToken));
  const response = (email: string) => eventually(async () => mailsTo(email, 'dsr_response.v1')[0], 20_000, `response to ${email}`);
  const [a, b] = [await response('sofie.subject@example.test'), await response('nina.nobody@example.test')];
  assert.is(withoutReceipt(a.text), withoutReceipt(b.text));
  assert.not.match(a.text, /Demo Revision|Havnekontoret|Nordisk/);
});

routing('a party that was sent a document request at the requester\'s address is found whatever the spelling of the name', async () => {
  const spelled = await caseWith('T. M. Adressen-Holm', '2016-02-29', '2021-02-28', NORDISK_ID);
  await server.knex('document_requests').insert({
    orgId: NORDISK_ID, caseId: spelled.caseId, partyId: spelled.partyId, recipientEmail: 'Tove.Adressen@example.test', description: 'Pas',
    tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000),
  });
  // The same address on a request without a party names nobody in particular: no part for the Demo organisation.
  const unlinked = await caseWith('Someone Else', null);
  await server.knex('document_requests').insert({ orgId: DEMO_ORG_ID, caseId: unlinked.caseId, recipientEmail: 'tove.adressen@example.test', description: 'Pas', tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) });

  const r = await h.submitAndVerify('tove.adressen@example.test', ['erasure'], { name: 'Tove Adressen', relationship: 'case_subject' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${r.requestId}/triage`, { decision: 'proceed' })).status, 200);
  const part = await eventually(async () => (await nordiskAdmin.request('GET', '/api/v1/dsr/forwarded?open=true')).body.items.find((p: { requestId: string }) => p.requestId === r.requestId), 20_000, 'the Nordisk part');
  assert.is(part.parties, 1);
  const detail = (await nordiskAdmin.request('GET', `/api/v1/dsr/forwarded/${part.id}`)).body;
  assert.equal(detail.items.map((i: { partyId: string; amlHold: string | null }) => [i.partyId, i.amlHold]), [[spelled.partyId, null]]);
  await h.waitForStatus(r.requestId, 'plan_review');
  assert.is((await server.knex('dsr_routed_parts').where({ requestId: r.requestId, orgId: DEMO_ORG_ID })).length, 0);
});

routing('the organisation\'s export for an access request: its matched parties, cases, document requests and documents; nothing screened, assessed or noted, nothing under a legal hold', async () => {
  const open = await caseWith('Xenia Export', null);
  const underHold = await caseWith('Xenia Export', '2019-01-31');
  await server.knex('document_requests').insert({
    orgId: DEMO_ORG_ID, caseId: open.caseId, partyId: open.partyId, recipientEmail: 'xenia.export@example.test',
    description: '=HYPERLINK("http://evil.test","pas")', tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000),
  });
  const uploaded = await upload(server.baseUrl, `/api/v1/cases/${open.caseId}/documents`, { bytes: PDF, name: 'pas.pdf', type: 'application/pdf' }, { session: await session(server.baseUrl, 'handler@demo.test'), fields: { partyId: open.partyId } });
  assert.is(uploaded.status, 201, JSON.stringify(uploaded.body));
  await server.knex('case_hits').insert({ orgId: DEMO_ORG_ID, caseId: open.caseId, partyId: open.partyId, entityId: 'e1', list: 'demo', listedName: 'Xenia Eksport', primaryName: 'Xenia Export', score: 0.91, explanation: {} });
  await server.knex('case_notes').insert({ orgId: DEMO_ORG_ID, caseId: open.caseId, authorId: DEMO_USERS.find((u) => u.email === 'handler@demo.test')!.id, body: 'Mistanke om stråmandsvirksomhed' });
  const compliance = await login(server.baseUrl, 'compliance@demo.test');
  const reviewOn = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  assert.is((await compliance.request('POST', '/api/v1/holds', { scope: { kind: 'case', caseId: underHold.caseId }, basis: 'investigation', reviewOn })).status, 201);

  const r = await h.submitAndVerify('xenia.export@example.test', ['access'], { name: 'Xenia Export', relationship: 'case_subject' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${r.requestId}/triage`, { decision: 'proceed' })).status, 200);
  const part = await eventually(async () => (await demoAdmin.request('GET', '/api/v1/dsr/forwarded?open=true')).body.items.find((p: { requestId: string }) => p.requestId === r.requestId), 20_000, 'the part');

  const json = await demoAdmin.request('GET', `/api/v1/dsr/forwarded/${part.id}/export?format=json`);
  assert.is(json.status, 200, JSON.stringify(json.body));
  const { tables, withheldCases } = json.body;
  assert.equal(tables.case_parties.map((p: { id: string }) => p.id), [open.partyId], 'the party under the legal hold is left out');
  assert.is(withheldCases, 1);
  assert.equal(tables.cases.map((c: { id: string }) => c.id), [open.caseId]);
  assert.is(tables.document_requests[0].recipientEmail, 'xenia.export@example.test');
  assert.equal(Object.keys(tables).sort(), ['case_documents', 'case_parties', 'cases', 'document_requests']);
  assert.not.match(JSON.stringify(json.body), /Eksport|stråmand|tokenHash|token_hash/, 'no hits, notes or secrets');

  const zip = await fetch(`${server.baseUrl}/api/v1/dsr/forwarded/${part.id}/export`, { headers: { cookie: (await session(server.baseUrl, 'admin@demo.test')).cookie } });
  assert.is(zip.status, 200);
  assert.is(zip.headers.get('content-type'), 'application/zip');
  const files = readZip(Buffer.from(await zip.arrayBuffer()));
  assert.equal(tables.case_documents.map((d: { name: string }) => d.name), ['pas.pdf']);
  assert.not.ok('storageKey' in tables.case_documents[0] || 'wrappedKey' in tables.case_documents[0], 'no storage keys in the export');
  assert.ok(files.get(`documents/${tables.case_documents[0].id}-pas.pdf`)!.equals(PDF), 'the document itself, decrypted');
  assert.ok(files.get('csv/document_requests.csv')!.toString('utf8').includes(`"'=HYPERLINK(""http://evil.test"",""pas"")"`), 'the formula is neutralised in CSV');

  // Another organisation, another role, a bad query: nothing leaves.
  assert.is((await nordiskAdmin.request('GET', `/api/v1/dsr/forwarded/${part.id}/export`)).status, 404);
  assert.is((await (await login(server.baseUrl, 'handler@demo.test')).request('GET', `/api/v1/dsr/forwarded/${part.id}/export`)).status, 403);
  assert.is((await request(server.baseUrl, 'GET', `/api/v1/dsr/forwarded/${part.id}/export`)).status, 401);
  assert.is((await demoAdmin.request('GET', `/api/v1/dsr/forwarded/${part.id}/export?format=xlsx`)).status, 400);
  assert.is((await demoAdmin.request('GET', `/api/v1/dsr/forwarded/not-a-uuid/export`)).status, 400);
  const audit = (await demoAdmin.request('GET', '/api/v1/audit?limit=50')).body.items.map((e: { action: string }) => e.action);
  assert.ok(audit.includes('dsr.forwarded_exported'), audit.join());
});

routing.run();
