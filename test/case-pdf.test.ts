// The case file as a PDF (issue 13), on a real Temporal server, worker and
// database, over HTTP; the PDF's text read back with poppler-utils' pdftotext:
// the report version on every page, Danish, Cyrillic and Chinese names, each
// section's text, who verified and who approved by name; never an
// investigation, a report of suspicion or a CPR number; `?lang` changes the
// labels only; another organisation's handler gets 404. The approved case's
// PDF is stored encrypted as a case document, once per report version.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { createDocumentStorage } from '../providers/storage/index.ts';
import { createCaseFilePdfActivities } from '../activities/case-file-pdf.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { caseDetail, caseWhen, driveToReview } from './harness/kyc-case.ts';
import { session, type Session } from './harness/documents.ts';
import { eventually } from './harness/timeout.ts';

const t = suite('case-file PDF');
let server: RunningApi;
let worker: RunningWorker;
let handler: ApiClient;
let reviewer: ApiClient;
let nordisk: ApiClient;
let handlerSession: Session;

const nameOf = (email: string) => DEMO_USERS.find((u) => u.email === email)!.name;
const INVESTIGATION_NOTE = 'Mistanke: kontante indbetalinger uden forklaring fra Jylland.';
const SUSPICION_REFERENCE = 'HVS-2026-4711';
const CPR = '010190-1234';

t.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  handler = await login(server.baseUrl, 'handler@demo.test');
  reviewer = await login(server.baseUrl, 'reviewer@demo.test');
  nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  handlerSession = await session(server.baseUrl, 'handler@demo.test');
});
t.after(async () => {
  await worker.close();
  await server.close();
});

async function bytes(path: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(server.baseUrl + path, { headers: { cookie: handlerSession.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

function pageCount(pdf: Buffer): number {
  const info = spawnSync('pdfinfo', ['-'], { input: pdf });
  assert.is(info.status, 0, `pdfinfo: ${info.stderr?.toString()}`);
  return Number(/Pages:\s+(\d+)/.exec(info.stdout.toString())![1]);
}
/** The text of the whole PDF, or of one page. */
function pdfText(pdf: Buffer, page?: number): string {
  const args = [...(page ? ['-f', String(page), '-l', String(page)] : []), '-', '-'];
  const out = spawnSync('pdftotext', args, { input: pdf });
  assert.is(out.status, 0, `pdftotext: ${out.stderr?.toString()}`);
  return out.stdout.toString();
}
/** The file name a content-disposition gives (its UTF-8 form). */
const fileName = (disposition: string | null) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition ?? '')?.[1] ?? '');
/** Text with line breaks folded to spaces (a long paragraph wraps). */
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function open(cvr: string): Promise<string> {
  const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
  assert.is(res.status, 201, JSON.stringify(res.body));
  await caseWhen(handler, res.body.id, (c) => c.registryStatus === 'collected', 'registry data');
  return res.body.id as string;
}

let approvedId: string;
let approvedVersion: string;

t('an approved case: cover, names in Danish, Cyrillic and Chinese, verification and approvals by name, the version on every page; never investigations, suspicion or CPR', async () => {
  const id = await open('38411063');
  approvedId = id;
  // Parties added by hand at data collection: a representative with a Cyrillic name, one with Danish letters and a CPR number, a board member in Chinese.
  await createCaseDataRepository(server.knex).saveCaseFileSettings(DEMO_ORGS[0].id, { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: true });
  try {
    for (const party of [
      { kind: 'person', name: 'Виктор Соколов', nationality: 'UA', roles: ['representative'] },
      { kind: 'person', name: 'Søren Ørsted Bæk', cpr: CPR, roles: ['representative'] },
      { kind: 'person', name: '王小明', nationality: 'CN', roles: ['board_member'] },
    ]) {
      const added = await handler.request('POST', `/api/v1/cases/${id}/parties`, party);
      assert.is(added.status, 201, JSON.stringify(added.body));
    }
  } finally {
    await createCaseDataRepository(server.knex).saveCaseFileSettings(DEMO_ORGS[0].id, { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: false });
  }
  // An investigation and its report of suspicion on the same case.
  const inv = await handler.request('POST', `/api/v1/cases/${id}/investigations`, { note: INVESTIGATION_NOTE });
  assert.is(inv.status, 201, JSON.stringify(inv.body));
  const reported = await handler.request('POST', `/api/v1/cases/${id}/authority-reports`, { kind: 'suspicious_activity', recipient: 'hvidvasksekretariatet', reportedAt: '2026-12-02', reference: SUSPICION_REFERENCE, investigationId: inv.body.id });
  assert.is(reported.status, 201, JSON.stringify(reported.body));

  approvedVersion = await driveToReview(handler, id);
  const approved = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: approvedVersion });
  assert.is(approved.status, 200, JSON.stringify(approved.body));
  const c = await caseWhen(handler, id, (x) => x.status === 'monitoring', 'monitoring');

  const res = await bytes(`/api/v1/cases/${id}/report.pdf`);
  assert.is(res.status, 200);
  assert.is(res.type, 'application/pdf');
  assert.match(res.disposition ?? '', /^attachment; /);
  assert.match(fileName(res.disposition), /^Kundekendskab Nørrebro Bageri ApS \d{4}-\d{2}-\d{2}\.pdf$/);
  assert.is(res.body.subarray(0, 5).toString(), '%PDF-');
  const pages = pageCount(res.body);
  assert.ok(pages >= 2, `a cover and the file (${pages} pages)`);
  for (let page = 1; page <= pages; page += 1) {
    const text = pdfText(res.body, page);
    assert.ok(text.includes(`Rapportversion: ${approvedVersion}`), `the report version on page ${page}`);
    assert.ok(text.includes(`Side ${page} af ${pages}`), `the page number on page ${page}`);
  }
  const text = pdfText(res.body);
  const all = flat(text);
  for (const expected of [
    'Kundekendskab', 'Nørrebro Bageri ApS', '38411063', 'Ny kunde', 'Løbende overvågning', 'Jægersborggade 12, 2200 København N',
    'Mette Kjær Andersen', 'Виктор Соколов', 'Søren Ørsted Bæk', '王小明', 'Handler på kundens vegne', 'MitID', nameOf('handler@demo.test'),
    'Bogføring og årsregnskab for selskabet.', 'Månedlig bogføring, omkring 40 bilag om måneden.', 'Risikovurdering', 'Forretningsforbindelsen etableres',
    `Godkendt: ${nameOf('reviewer@demo.test')}`, 'Godkender',
    // The risk model's reasons in Danish; adverse media "not performed", never "none".
    'Ejerstruktur', 'Leveringskanal', 'Ingen PEP', 'Intet sanktionshit', 'Negativ omtale er ikke undersøgt (ingen kilde er sat op)',
  ]) assert.ok(all.includes(expected), `the PDF says "${expected}"`);
  for (const english of ['no PEP', 'no sanctions hit', 'adverse media not performed', 'Denmark only']) assert.not.ok(all.includes(english), `no model English "${english}"`);
  // Ownership: the owner → client with the share.
  assert.match(all, /Nørrebro Bageri ApS └─ Mette Kjær Andersen \(ejerandel [\d,–]+ %/);
  // Each accepted section's text, as written.
  for (const s of c.sections) assert.ok(all.includes(flat(s.text).trim()), `section ${s.key} as accepted: ${JSON.stringify(s.text)}`);
  // Never: the investigation, the report of suspicion, the CPR number (masked or not).
  for (const absent of [INVESTIGATION_NOTE, SUSPICION_REFERENCE, 'Mistanke', CPR, CPR.replace('-', ''), '010190']) {
    assert.not.ok(all.includes(absent), `the PDF never says "${absent}"`);
  }
});

t('?lang=en changes the labels, never the approved text; a bad lang is 400', async () => {
  const da = pdfText((await bytes(`/api/v1/cases/${approvedId}/report.pdf`)).body);
  const enRes = await bytes(`/api/v1/cases/${approvedId}/report.pdf?lang=en`);
  assert.is(enRes.status, 200);
  assert.match(fileName(enRes.disposition), /^Customer due diligence Nørrebro Bageri ApS \d{4}-\d{2}-\d{2}\.pdf$/);
  const en = flat(pdfText(enRes.body));
  for (const label of ['Customer due diligence', 'No PEP', 'Adverse media not performed (no source is configured)', 'Risk assessment', 'The business relationship', `Report version: ${approvedVersion}`, 'Page 1 of', `Approved: ${nameOf('reviewer@demo.test')}`]) {
    assert.ok(en.includes(label), `English label "${label}"`);
  }
  for (const label of ['Risikovurdering', 'Rapportversion', 'Side 1 af']) assert.not.ok(en.includes(label), `no Danish label "${label}"`);
  const c = await caseDetail(handler, approvedId);
  for (const s of c.sections) assert.ok(en.includes(flat(s.text).trim()), `section ${s.key} unchanged in English labels`);
  assert.ok(en.includes('Bogføring og årsregnskab for selskabet.'), 'the relationship as written');
  assert.ok(flat(da).includes('Bogføring og årsregnskab for selskabet.'));
  const bad = await handler.request('GET', `/api/v1/cases/${approvedId}/report.pdf?lang=de`);
  assert.equal([bad.status, bad.body.error.code], [400, 'validation_failed']);
});

t('another organisation\'s handler gets 404; a case that does not exist is 404', async () => {
  const other = await nordisk.request('GET', `/api/v1/cases/${approvedId}/report.pdf`);
  assert.equal([other.status, other.body.error.code], [404, 'not_found']);
  assert.is((await handler.request('GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000/report.pdf')).status, 404);
});

t('OpenAPI: the route with its lang parameter, a 200 of application/pdf, 400 and 404', async () => {
  const doc = (await handler.request('GET', '/api/v1/openapi.json')).body;
  const route = doc.paths['/api/v1/cases/{id}/report.pdf'].get;
  assert.equal(route.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema.enum]), [['lang', ['da', 'en']]]);
  assert.equal(Object.keys(route.responses['200'].content), ['application/pdf']);
  assert.is(route.responses['200'].content['application/pdf'].schema.format, 'binary');
  assert.ok(route.responses['400'] && route.responses['404'] && route.responses['401']);
});

const storedPdfs = async (caseId: string) => (await server.knex('case_documents').where({ caseId }).orderBy('createdAt')).filter((d: any) => d.name.startsWith('Kundekendskab'));

t('approval stores the PDF encrypted as a case document; a retried store writes nothing twice', async () => {
  const [stored, ...more] = await eventually(async () => {
    const docs = await storedPdfs(approvedId);
    return docs.length ? docs : undefined;
  }, 30_000, 'the stored case-file PDF');
  assert.is(more.length, 0);
  assert.equal([stored.type, stored.documentKind, stored.uploadedBy], ['pdf', 'other', null]);
  assert.match(stored.name, /^Kundekendskab Nørrebro Bageri ApS \d{4}-\d{2}-\d{2}\.pdf$/);
  const content = await bytes(`/api/v1/cases/${approvedId}/documents/${stored.id}/content`);
  assert.is(content.status, 200);
  assert.is(createHash('sha256').update(content.body).digest('hex'), stored.sha256);
  assert.ok(pdfText(content.body).includes(`Rapportversion: ${approvedVersion}`));
  const config = testConfig();
  const activities = createCaseFilePdfActivities({ knex: server.knex, documentStorage: createDocumentStorage(config), secret: config.secret });
  const again = await activities.storeCaseFilePdf({ orgId: DEMO_ORGS[0].id, caseId: approvedId, reportVersion: approvedVersion });
  assert.equal(again, { documentId: stored.id, stored: false });
  assert.is((await storedPdfs(approvedId)).length, 1);
});

t('a changed case (returned, edited, resubmitted, approved) gets a second document; the first stays as it was', async () => {
  const config = testConfig();
  const activities = createCaseFilePdfActivities({ knex: server.knex, documentStorage: createDocumentStorage(config), secret: config.secret });
  const id = await open('38411063');
  const first = await driveToReview(handler, id);
  // The first version's PDF as the workflow stores it on approval (here made at review, before the return).
  assert.is((await activities.storeCaseFilePdf({ orgId: DEMO_ORGS[0].id, caseId: id, reportVersion: first })).stored, true);
  const [before] = await storedPdfs(id);
  const beforeBytes = (await bytes(`/api/v1/cases/${id}/documents/${before.id}/content`)).body;

  const returned = await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'return', reportVersion: first, returnTo: 'report', comment: 'Uddyb ejerforholdet, tak.' });
  assert.is(returned.status, 200, JSON.stringify(returned.body));
  const changed = 'Ejeren har bekræftet ejerforholdet skriftligt; ingen skjulte ejere.';
  assert.is((await handler.request('PUT', `/api/v1/cases/${id}/sections/ownership_and_control`, { text: changed, accepted: true })).status, 200);
  const resubmitted = await handler.request('POST', `/api/v1/cases/${id}/submit`);
  assert.is(resubmitted.status, 200, JSON.stringify(resubmitted.body));
  const second = resubmitted.body.reportVersion as string;
  assert.is.not(second, first);
  assert.is((await reviewer.request('POST', `/api/v1/cases/${id}/decision`, { decision: 'approve', reportVersion: second })).status, 200);
  const docs = await eventually(async () => {
    const all = await storedPdfs(id);
    return all.length === 2 ? all : undefined;
  }, 30_000, 'the second stored PDF');
  const after = docs.find((d: any) => d.id === before.id);
  assert.equal([after.sha256, after.storageKey, after.wrappedKey], [before.sha256, before.storageKey, before.wrappedKey], 'the first document is untouched');
  assert.ok((await bytes(`/api/v1/cases/${id}/documents/${before.id}/content`)).body.equals(beforeBytes));
  const newer = docs.find((d: any) => d.id !== before.id);
  const newerText = flat(pdfText((await bytes(`/api/v1/cases/${id}/documents/${newer.id}/content`)).body));
  assert.ok(newerText.includes(`Rapportversion: ${second}`));
  assert.ok(newerText.includes(changed));
  assert.ok(newerText.includes(`Sendt tilbage: ${nameOf('reviewer@demo.test')}`), 'the return is among the decisions');
});

// The link itself is clicked in test/case-pdf.browser.test.ts (Danish); here both languages' messages.
t('the download link\'s message is in both languages', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = join(import.meta.dirname, '..', 'web');
  assert.is(JSON.parse(readFileSync(join(root, 'messages', 'da.json'), 'utf8')).case_report_pdf, 'Hent kundekendskabsrapport (PDF)');
  assert.is(JSON.parse(readFileSync(join(root, 'messages', 'en.json'), 'utf8')).case_report_pdf, 'Download case file (PDF)');
});

t.run();
