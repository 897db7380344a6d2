// The customer-due-diligence file (issue 12) clicked through in Danish, in real Chromium,
// on the real platform:
// (a) the PEP demo company (CVR 42831042): the handler verifies both beneficial owners
//     (one by her passport uploaded to the case, one by MitID), describes the relationship,
//     confirms the PEP hit on the director, adds the sources of funds and wealth that the
//     enhanced due diligence then asks for, writes the report with its conclusion and
//     submits; a reviewer approves and the case still waits for the compliance officer,
//     who approves; the case is monitored.
// (b) the sanctions demo company (CVR 35901000): the confirmed sanctions hit on the owner
//     stops approval (the reviewer's approve is disabled and says why; forced, the server
//     refuses and the page says why by the form); the handler declines with a reason and
//     records the freeze; the case shows "Afvist". An investigation note is seen by its
//     raiser and the compliance officer only.
// (c) the organisation's case-file settings: defaults, CPR numbers enabled, a CPR number shown masked.
// Nothing on the Danish pages is English, a code or a UUID.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { describeRelationship, personsMissing, verifyPerson, writeReport } from './harness/case-page.ts';
import { PNG } from './harness/documents.ts';
import { resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { withTimeout } from './harness/timeout.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { SECTION_KEYS } from '../domain/kyc/case.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

/** What must never show on a Danish page: the API's English, codes, UUIDs. */
const NOT_DANISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\b(identity_unverified|sanctions_match|incomplete|blocking|source of funds|sanctions list|not_required|mitid|id_document|step_completed|registry_|decision:|approve|reject|declined|validation_failed|The request is not valid|the case file)\b/;

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker();
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

/** A person's own browser (a context of their own), logged in through the login form. */
async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  page.setDefaultTimeout(20_000);
  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

async function reloadUntil(page: Page, selector: string, what: string): Promise<void> {
  await withTimeout((async () => {
    for (;;) {
      if ((await page.locator(selector).count()) > 0) return;
      await page.waitForTimeout(300);
      await page.reload();
    }
  })(), 30_000, what);
  await hydrated(page);
}

async function assertDanish(page: Page, where: string): Promise<void> {
  assert.is(await page.getAttribute('html', 'lang'), 'da', where);
  const text = await page.locator('body').innerText();
  const found = NOT_DANISH.exec(text);
  assert.not.ok(found, `${where}: "${found?.[0]}" on a Danish page`);
}

/** The handler opens a company case from its CVR number and waits for the registry data. */
async function openCase(page: Page, cvr: string): Promise<string> {
  await gotoHydrated(page, `${api.baseUrl}/cases/new`);
  await page.getByTestId('new-case-cvr').fill(cvr);
  await page.getByTestId('new-case-type-onboarding').check();
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('case-header').waitFor();
  const url = page.url();
  await reloadUntil(page, '[data-testid="case-complete-step"][data-step="data_collection"]', 'registry data');
  return url;
}

/** Upload an ID document for a person and say it is a passport. */
async function uploadPassport(page: Page, file: string, person: string): Promise<void> {
  await page.getByTestId('document-file').setInputFiles({ name: file, mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('document-party').selectOption({ label: person });
  await page.getByTestId('document-upload-submit').click();
  const doc = page.locator(`[data-testid="document"][data-name="${file}"]`);
  await doc.waitFor();
  await hydrated(page);
  await doc.getByTestId('document-kind-select').selectOption('passport');
  await doc.getByTestId('document-kind-submit').click();
  await page.locator(`[data-testid="document"][data-name="${file}"] [data-testid="document-kind"][data-kind="passport"]`).waitFor();
  await hydrated(page);
}

/** Decide every open hit: confirm those on `confirm` (a party's name), dismiss the rest; always with a reason. */
async function decideHits(page: Page, confirm: string, reason: string): Promise<void> {
  for (;;) {
    const open = page.locator('[data-testid="hit"][data-decision="open"]');
    if ((await open.count()) === 0) return;
    const hit = open.first();
    const party = await hit.getAttribute('data-party-name');
    await hit.getByTestId('hit-open-dialog').click();
    assert.not.ok(await hit.getByTestId('hit-confirm').isChecked(), 'nothing is chosen for the handler');
    assert.not.ok(await hit.getByTestId('hit-dismiss').isChecked(), 'nothing is chosen for the handler');
    const confirming = party === confirm;
    await hit.getByTestId(confirming ? 'hit-confirm' : 'hit-dismiss').check();
    await hit.getByTestId('hit-reason').fill(confirming ? reason : 'Anden person: fødselsdato og land stemmer ikke.');
    const hitId = await hit.getAttribute('data-hit-id');
    await hit.getByTestId('hit-submit').click();
    await page.locator(`[data-testid="hit"][data-hit-id="${hitId}"][data-decision="${confirming ? 'confirmed' : 'dismissed'}"]`).waitFor();
    await hydrated(page);
  }
}

const step = (page: Page, s: string) => page.locator(`[data-testid="case-complete-step"][data-step="${s}"]`);

test('(a) PEP: verified owners, the confirmed PEP hit, enhanced due diligence, and approval by a reviewer and a compliance officer', async () => {
  const handler = await logIn('handler@demo.test');
  const caseUrl = await openCase(handler, '42831042');

  // The two beneficial owners must be verified; the director (not an owner, not acting for the client) need not.
  assert.equal((await personsMissing(handler)).sort(), ['Birgitte Holst', 'Thomas Holst']);
  assert.is(await handler.locator('[data-testid="person"][data-name="Jens Peter Vestergaard"]').getAttribute('data-status'), 'not_required');
  const blocked = await handler.getByTestId('case-complete-blocked').innerText();
  assert.match(blocked, /Birgitte Holst mangler identitetskontrol/);
  assert.match(blocked, /Thomas Holst mangler identitetskontrol/);
  assert.match(blocked, /Produkt og leveringskanal for forretningsforbindelsen er ikke besvaret/);
  assert.ok(await step(handler, 'data_collection').isDisabled());
  await assertDanish(handler, 'data collection, blocked');
  await handler.screenshot({ path: join(shots, 'casefile-pep-blocked.png'), fullPage: true });

  // Parties at data collection: a person acting on the client's behalf is added (and must then be verified) and
  // removed again; a registry party is corrected only with a reason, which is kept beside the registry's values.
  await handler.getByTestId('party-add-open').click();
  const add = handler.getByTestId('party-add-form');
  await add.getByTestId('party-kind-person').check();
  await add.getByTestId('party-name').fill('Mads Kjær');
  await add.getByTestId('party-birth-date').fill('1980-02-03');
  await add.getByTestId('party-nationality').selectOption('DK');
  await add.getByTestId('party-role-representative').check();
  await add.getByTestId('party-add-submit').click();
  await handler.locator('[data-testid="person"][data-name="Mads Kjær"]').waitFor();
  await hydrated(handler);
  assert.is(await handler.locator('[data-testid="person"][data-name="Mads Kjær"]').getAttribute('data-status'), 'missing', 'a representative must be verified');
  assert.match(await handler.getByTestId('case-complete-blocked').innerText(), /Mads Kjær mangler identitetskontrol/);
  await handler.locator('[data-testid="person"][data-name="Mads Kjær"]').getByTestId('party-remove').click();
  await handler.locator('[data-testid="person"][data-name="Mads Kjær"]').waitFor({ state: 'detached' });
  await hydrated(handler);
  const thomas = handler.locator('[data-testid="person"][data-name="Thomas Holst"]');
  await thomas.getByTestId('party-correct-open').click();
  await thomas.getByTestId('party-address').fill('Strandvejen 100, 2900 Hellerup');
  await thomas.getByTestId('party-reason').fill('  ');
  await thomas.getByTestId('party-correct-submit').click();
  await handler.getByTestId('field-error-reason').waitFor();
  await hydrated(handler);
  assert.is(await handler.getByTestId('field-error-reason').innerText(), 'Skriv en begrundelse.');
  assert.is(await thomas.getByTestId('party-address').inputValue(), 'Strandvejen 100, 2900 Hellerup', 'what was typed is kept');
  await thomas.getByTestId('party-reason').fill('Ny adresse oplyst af kunden; CVR-registret er ikke opdateret.');
  await thomas.getByTestId('party-correct-submit').click();
  await thomas.getByTestId('party-correction').waitFor();
  await hydrated(handler);
  assert.match(await thomas.getByTestId('party-correction').innerText(), /Rettet af Henrik Handler den \d{2}\.\d{2}\.\d{4}: Ny adresse oplyst af kunden/);
  assert.match(await thomas.innerText(), /Strandvejen 100, 2900 Hellerup/);

  // The ID-document method offers only the case's identity documents: first the passport is uploaded.
  await uploadPassport(handler, 'pas-birgitte-holst.png', 'Birgitte Holst');
  await verifyPerson(handler, 'Birgitte Holst', { method: 'id_document', documentName: 'pas-birgitte-holst.png' });
  assert.match(await handler.locator('[data-testid="person"][data-name="Birgitte Holst"] [data-testid="verification-detail"]').innerText(), /ID-dokument: Pas \(pas-birgitte-holst\.png\)/);
  await verifyPerson(handler, 'Thomas Holst', { method: 'mitid', description: 'MitID-login ved mødet' });
  await describeRelationship(handler);
  assert.ok(await step(handler, 'data_collection').isEnabled(), 'nothing blocks data collection any more');
  await step(handler, 'data_collection').click();

  await reloadUntil(handler, '[data-testid="hit"][data-list="demo-pep"]', 'the PEP hit');
  await decideHits(handler, 'Jens Peter Vestergaard', 'Direktøren er medlem af Folketinget: samme navn og fødselsdato.');
  await handler.getByTestId('pep-banner').waitFor();
  assert.match(await handler.getByTestId('pep-banner').innerText(), /både en godkender og en hvidvaskansvarlig/);
  await step(handler, 'screening').click();
  await reloadUntil(handler, '[data-testid="case-complete-step"][data-step="risk"]', 'risk assessment');
  // The report's language is chosen before it is drafted: the organisation's default, Danish.
  assert.is(await handler.getByTestId('report-language').inputValue(), 'da');
  await handler.getByTestId('report-language').selectOption('da');
  await handler.getByTestId('report-language-submit').click();
  await handler.getByTestId('report-language-form').waitFor();
  await hydrated(handler);
  // § 18: enhanced due diligence whatever the score.
  assert.match(await handler.getByTestId('case-risk-panel').innerText(), /Kundekendskab\s+Skærpet/);
  await step(handler, 'risk').click();
  await reloadUntil(handler, '[data-testid="section"]', 'report sections');

  // Enhanced due diligence (§ 18): submission now also wants the sources of funds and of wealth.
  const submitBlocked = await handler.getByTestId('case-submit-blocked').innerText();
  assert.match(submitBlocked, /Midlernes oprindelse er ikke beskrevet/);
  assert.match(submitBlocked, /Formuens oprindelse er ikke beskrevet/);
  assert.match(submitBlocked, /Afsnittet »Konklusion« indeholder en pladsholder/);
  assert.ok(await handler.getByTestId('case-submit').isDisabled());
  await assertDanish(handler, 'report step, blocked');
  await handler.screenshot({ path: join(shots, 'casefile-pep-report-blocked.png'), fullPage: true });
  await describeRelationship(handler);
  await writeReport(handler, SECTION_KEYS, 'establish');
  assert.is(await handler.getByTestId('case-submit-blocked').count(), 0);
  await handler.getByTestId('case-submit').click();
  await handler.locator('[data-testid="case-step"][data-step="review"]').waitFor();
  await assertDanish(handler, 'submitted');

  // The reviewer approves first; the PEP case then still waits for the compliance officer.
  const reviewer = await logIn('reviewer@demo.test');
  await gotoHydrated(reviewer, caseUrl);
  assert.match(await reviewer.getByTestId('review-pep').innerText(), /både en godkender og en hvidvaskansvarlig skal godkende/);
  assert.is(await reviewer.getByTestId('approve-blocked').count(), 0, 'nothing blocks approval');
  await reviewer.getByTestId('decision-approve').check();
  await reviewer.getByTestId('decision-comment').fill('Kundekendskabet er dokumenteret; PEP-forholdet er belyst.');
  await reviewer.getByTestId('decision-submit').click();
  await reviewer.locator('[data-testid="approval"][data-decision="approve"]').waitFor();
  assert.is(await reviewer.getByTestId('case-status').getAttribute('data-status'), 'in_review', 'one approval is not enough for a PEP');
  assert.match(await reviewer.locator('[data-testid="approval"][data-decision="approve"]').innerText(), /Godkendt som godkender/);
  await assertDanish(reviewer, 'first approval');

  const compliance = await logIn('compliance@demo.test');
  await gotoHydrated(compliance, caseUrl);
  await compliance.getByTestId('decision-approve').check();
  await compliance.getByTestId('decision-comment').fill('Skærpede procedurer gennemført; forbindelsen kan etableres.');
  await compliance.getByTestId('decision-submit').click();
  await compliance.getByTestId('case-monitoring').waitFor();
  assert.is(await compliance.locator('[data-testid="approval"][data-decision="approve"]').count(), 2);
  assert.match(await compliance.getByTestId('approvals').innerText(), /Godkendt som hvidvaskansvarlig|Godkendt som complianceansvarlig/);
  await assertDanish(compliance, 'approved');
  await compliance.screenshot({ path: join(shots, 'casefile-pep-approved.png'), fullPage: true });
  const row = await api.knex('cases').where({ clientCvr: '42831042' }).first();
  assert.is(row.status, 'monitoring');
  for (const p of [handler, reviewer, compliance]) await p.context().close();
});

test('(b) sanctions: approval refused with the reason shown, the client declined with a reason, the freeze recorded', async () => {
  const handler = await logIn('handler@demo.test');
  const caseUrl = await openCase(handler, '35901000');
  assert.equal(await personsMissing(handler), ['Viktor Petrov Sokolov']);
  await uploadPassport(handler, 'pas-viktor.png', 'Viktor Petrov Sokolov');
  await verifyPerson(handler, 'Viktor Petrov Sokolov', { method: 'id_document', documentName: 'pas-viktor.png' });
  await describeRelationship(handler);
  await step(handler, 'data_collection').click();

  await reloadUntil(handler, '[data-testid="hit"][data-list="demo"]', 'the sanctions hit');
  assert.is(await handler.getByTestId('sanctions-banner').count(), 0, 'no stop before the hit is confirmed');
  await decideHits(handler, 'Viktor Petrov Sokolov', 'Samme navn, fødselsdato og land som på sanktionslisten.');
  await handler.getByTestId('sanctions-banner').waitFor();
  assert.match(await handler.getByTestId('sanctions-banner').innerText(), /Sanktionsstop/);

  // A discreet investigation note (§ 25): its raiser sees it; others below will not.
  await handler.getByTestId('investigation-open').click();
  await handler.getByTestId('investigation-note').fill('Ejeren er sanktioneret; kunden har spurgt til hurtig overførsel af midler til udlandet.');
  await handler.getByTestId('investigation-submit').click();
  await handler.getByTestId('investigation').waitFor();
  await hydrated(handler);
  const investigationHref = await handler.getByTestId('investigation-link').getAttribute('href');

  await step(handler, 'screening').click();
  await reloadUntil(handler, '[data-testid="case-complete-step"][data-step="risk"]', 'risk assessment');
  await step(handler, 'risk').click();
  await reloadUntil(handler, '[data-testid="section"]', 'report sections');
  await describeRelationship(handler);
  await writeReport(handler, SECTION_KEYS, 'establish');
  await handler.getByTestId('case-submit').click();
  await handler.locator('[data-testid="case-step"][data-step="review"]').waitFor();

  // The reviewer cannot approve: the option is disabled and says why, naming the person.
  const reviewer = await logIn('reviewer@demo.test');
  await gotoHydrated(reviewer, caseUrl);
  assert.ok(await reviewer.getByTestId('decision-approve').isDisabled());
  assert.is(await reviewer.getByTestId('decision-approve').getAttribute('aria-describedby'), 'approve-blocked');
  assert.match(await reviewer.getByTestId('approve-blocked').innerText(), /Viktor Petrov Sokolov er bekræftet på en sanktionsliste/);
  assert.is(await reviewer.getByTestId('investigation').count(), 0, 'the reviewer does not see the handler\'s investigation');
  await assertDanish(reviewer, 'review, approval blocked');
  // Forced past the page (as a stale page would), the server refuses, and the page says why.
  await reviewer.getByTestId('decision-approve').evaluate((el) => (el as unknown as { disabled: boolean }).disabled = false);
  await reviewer.getByTestId('decision-approve').check();
  await reviewer.getByTestId('decision-comment').fill('Godkendes.');
  await reviewer.getByTestId('decision-submit').click();
  await reviewer.getByTestId('decision-error').waitFor();
  await hydrated(reviewer);
  assert.match(await reviewer.getByTestId('decision-error').innerText(), /Sagen kan ikke godkendes: en part er bekræftet på en sanktionsliste/);
  assert.match(await reviewer.getByTestId('case-action-blocking').innerText(), /Viktor Petrov Sokolov er bekræftet på en sanktionsliste/);
  assert.is(await reviewer.getByTestId('case-status').getAttribute('data-status'), 'in_review', 'nothing was recorded');
  await assertDanish(reviewer, 'approval refused');
  await reviewer.screenshot({ path: join(shots, 'casefile-sanctions-refused.png'), fullPage: true });
  // The investigation's page is a 404 for someone who may not read it.
  await reviewer.goto(api.baseUrl + investigationHref!);
  assert.is(await reviewer.getByTestId('error-page').getAttribute('data-status'), '404');

  // The handler declines: the reason is required (the browser will not send an empty one).
  await gotoHydrated(handler, caseUrl);
  await handler.getByTestId('decline-open').click();
  assert.match(await handler.getByTestId('decline-form').innerText(), /Kunden afvises, og sagen lukkes/);
  await handler.getByTestId('decline-submit').click();
  await handler.waitForTimeout(300);
  assert.is(await handler.getByTestId('case-status').getAttribute('data-status'), 'in_review', 'not sent without a reason');
  await handler.getByTestId('decline-reason').fill('Ejeren Viktor Petrov Sokolov er på EU\'s sanktionsliste; kundeforholdet kan ikke etableres.');
  await handler.getByTestId('decline-submit').click();
  await handler.locator('[data-testid="case-status"][data-status="declined"]').waitFor();
  await hydrated(handler);
  assert.is(await handler.getByTestId('case-status').innerText(), 'Afvist');
  assert.match(await handler.getByTestId('case-declined').innerText(), /Kunden er afvist\. Begrundelse: Ejeren Viktor Petrov Sokolov er på EU's sanktionsliste/);
  assert.match(await handler.getByTestId('case-timeline').innerText(), /Kunden blev afvist/);

  // The freeze of funds as reported to the authority.
  await handler.getByTestId('freeze-open').click();
  await handler.getByTestId('freeze-recipient').selectOption('erhvervsstyrelsen');
  await handler.getByTestId('freeze-date').fill(new Date().toISOString().slice(0, 10));
  await handler.getByTestId('freeze-reference').fill('EST-2026-0412');
  await handler.getByTestId('freeze-submit').click();
  await handler.getByTestId('freeze').waitFor();
  assert.match(await handler.getByTestId('freeze').innerText(), /Indefrysning indberettet til Erhvervsstyrelsen den \d{2}\.\d{2}\.\d{4}, reference EST-2026-0412 \(Henrik Handler\)/);
  await assertDanish(handler, 'declined with the freeze');
  await handler.screenshot({ path: join(shots, 'casefile-sanctions-declined.png'), fullPage: true });
  const row = await api.knex('cases').where({ clientCvr: '35901000' }).first();
  assert.is(row.status, 'declined');

  // The compliance officer reads the investigation; the client-facing parts never mention it.
  const compliance = await logIn('compliance@demo.test');
  await gotoHydrated(compliance, caseUrl);
  assert.is(await compliance.getByTestId('investigation').count(), 1);
  await gotoHydrated(compliance, api.baseUrl + investigationHref!);
  assert.match(await compliance.getByTestId('investigation-note-text').innerText(), /hurtig overførsel af midler/);
  await assertDanish(compliance, 'investigation');
  for (const p of [handler, reviewer, compliance]) await p.context().close();
});

test('(b2) a periodic review is not declined: the handler ends the relationship it reviews', async () => {
  const handler = await logIn('handler@demo.test');
  await gotoHydrated(handler, `${api.baseUrl}/cases/new`);
  await handler.getByTestId('new-case-cvr').fill('44181126');
  await handler.getByTestId('new-case-type-periodic_review').check();
  await handler.getByTestId('new-case-submit').click();
  await handler.getByTestId('case-header').waitFor();
  await hydrated(handler);
  assert.is(await handler.getByTestId('decline-open').count(), 0, 'no decline for a review');
  await handler.getByTestId('end-review-open').click();
  assert.match(await handler.getByTestId('end-review').innerText(), /Kundeforholdet ophører på den angivne dato/);
  await handler.getByTestId('ended-on').fill(new Date().toISOString().slice(0, 10));
  await handler.getByTestId('end-relationship').click();
  await handler.locator('[data-testid="case-status"][data-status="ended"]').waitFor();
  assert.match(await handler.getByTestId('case-timeline').innerText(), /Kundeforholdet ophørt/);
  await assertDanish(handler, 'review ended');
  await handler.context().close();
});

test('(c) settings: the admin sees the defaults and enables CPR numbers; the handler then enters one and sees it masked', async () => {
  const admin = await logIn('admin@demo.test');
  await gotoHydrated(admin, `${api.baseUrl}/admin`);
  const settings = admin.getByTestId('case-file-settings');
  assert.ok(await settings.getByTestId('cfs-language-da').isChecked(), 'Danish by default');
  assert.ok(await settings.getByTestId('cfs-pep-management').isChecked(), 'a PEP among management counts (§ 18) by default');
  assert.not.ok(await settings.getByTestId('cfs-cpr').isChecked(), 'no CPR numbers by default');
  await settings.getByTestId('cfs-cpr').check();
  await settings.getByTestId('cfs-save').click();
  await admin.getByTestId('cfs-saved').waitFor();
  await hydrated(admin);
  assert.ok(await admin.getByTestId('cfs-cpr').isChecked());
  await assertDanish(admin, 'settings');

  const handler = await logIn('handler@demo.test');
  await openCase(handler, '38411063');
  await handler.getByTestId('party-add-open').click();
  const add = handler.getByTestId('party-add-form');
  await add.getByTestId('party-kind-person').check();
  await add.getByTestId('party-name').fill('Lise Bager');
  assert.is(await add.getByTestId('party-cpr').getAttribute('type'), 'password', 'the CPR number is not shown while typed');
  await add.getByTestId('party-cpr').fill('010280-1234');
  await add.getByTestId('party-role-signatory').check();
  await add.getByTestId('party-add-submit').click();
  const lise = handler.locator('[data-testid="person"][data-name="Lise Bager"]');
  await lise.waitFor();
  assert.is(await lise.getByTestId('person-cpr').innerText(), 'CPR 010280-XXXX');
  assert.match(await lise.innerText(), /født 01\.02\.1980/);
  assert.not.match(await handler.locator('body').innerText(), /1234/);
  await assertDanish(handler, 'CPR masked');
  for (const p of [admin, handler]) await p.context().close();
});

test.run();
