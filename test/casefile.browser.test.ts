// The case file in Danish, clicked through in real Chromium: a private person opened
// from the new-case form (a refused form keeps what was typed and says why by the
// field), a screening hit whose decision form chooses nothing for the handler and
// refuses to record a decision without a reason, and a review form that chooses no
// outcome for the reviewer. Nothing on the Danish pages is English, a code or a UUID.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { describeRelationship, personsMissing, verifyPerson, writeReport } from './harness/case-page.ts';
import { resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { withTimeout } from './harness/timeout.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { SECTION_KEYS } from '../domain/kyc/case.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
let caseUrl = '';
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

/** What must never show on a Danish page: the API's English, event codes, UUIDs. */
const NOT_DANISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\b(agrees with|among the listed|birth date|Denmark only|chain depth|no PEP|step_completed|registry_|hit_dismissed|decision:|approve|reject|validation_failed|The request is not valid)\b/;

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(20_000);
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

async function logIn(email: string): Promise<void> {
  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

async function reloadUntil(selector: string, what: string): Promise<void> {
  await withTimeout((async () => {
    for (;;) {
      if ((await page.locator(selector).count()) > 0) return;
      await page.waitForTimeout(300);
      await page.reload();
    }
  })(), 30_000, what);
  await hydrated(page);
}

async function assertDanish(where: string): Promise<void> {
  assert.is(await page.getAttribute('html', 'lang'), 'da', where);
  const text = await page.locator('body').innerText();
  const found = NOT_DANISH.exec(text);
  assert.not.ok(found, `${where}: "${found?.[0]}" on a Danish page`);
}

test('a private person is opened from the new-case form; a refusal is shown by the field and keeps what was typed', async () => {
  await logIn('handler@demo.test');
  await gotoHydrated(page, `${api.baseUrl}/cases/new`);
  await page.getByTestId('new-case-kind-person').check();
  assert.ok(await page.getByTestId('new-case-name').isVisible(), 'the person fields show once "private person" is chosen');
  assert.not.ok(await page.getByTestId('new-case-cvr').isVisible(), 'the CVR field is for companies');

  // No name: refused by the form action, the error by the field, the birth date kept.
  await page.getByTestId('new-case-birth-date').fill('1961-04-12');
  await page.getByTestId('new-case-country').selectOption('DK');
  await page.getByTestId('new-case-type-onboarding').check();
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('field-error-name').waitFor();
  await hydrated(page);
  assert.is(await page.getByTestId('field-error-name').innerText(), 'Udfyld feltet.');
  assert.is(await page.getByTestId('new-case-name').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByTestId('new-case-kind-person').isChecked(), 'still a private person');
  assert.is(await page.getByTestId('new-case-birth-date').inputValue(), '1961-04-12');
  assert.is(await page.getByTestId('new-case-country').inputValue(), 'DK');
  assert.is(await api.knex('cases').count('* as n').first().then((r) => Number(r?.n)), 0, 'nothing was created');
  await assertDanish('new case with an error');
  await page.screenshot({ path: join(shots, 'casefile-new-person-error.png'), fullPage: true });

  await page.getByTestId('new-case-name').fill('Viktor Petrov Sokolov');
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('case-header').waitFor();
  caseUrl = page.url();
  assert.is(await page.getByTestId('case-client').innerText(), 'Viktor Petrov Sokolov');
  assert.is(await page.getByTestId('case-person').innerText(), 'Privatperson · født 12.04.1961 · Danmark');
  const row = await api.knex('cases').first();
  assert.is(row.clientKind, 'person');
  assert.is(row.clientCvr, null);
  assert.equal(row.clientFacts, { country: 'DK', birthDate: '1961-04-12' });
});

test('the hit form chooses nothing, will not send without a reason, and shows the refusal by the field in Danish', async () => {
  await reloadUntil('[data-testid="case-complete-step"][data-step="data_collection"]', 'data collection');
  // A private client is verified themself (§ 11): until then the button is disabled and says who is missing.
  assert.equal(await personsMissing(page), ['Viktor Petrov Sokolov']);
  assert.ok(await page.getByTestId('case-complete-step').isDisabled());
  assert.is(await page.getByTestId('case-complete-step').getAttribute('aria-describedby'), 'collect-blocked');
  assert.match(await page.getByTestId('case-complete-blocked').innerText(), /Viktor Petrov Sokolov mangler identitetskontrol/);
  await verifyPerson(page, 'Viktor Petrov Sokolov', { method: 'other', description: 'Dansk pas forevist på mødet; kopi ligger i den fysiske mappe.' });
  const detail = await page.locator('[data-testid="person"][data-name="Viktor Petrov Sokolov"] [data-testid="verification-detail"]').innerText();
  assert.match(detail, /Anden pålidelig kilde — Dansk pas forevist/, detail);
  assert.match(detail, /Kontrolleret af Henrik Handler \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/, detail);
  await describeRelationship(page);
  await page.getByTestId('case-complete-step').click();
  await reloadUntil('[data-testid="hit"]', 'a screening hit');
  // The complete button is disabled while the hit is open, and says why.
  const complete = page.getByTestId('case-complete-step');
  assert.ok(await complete.isDisabled());
  assert.is(await complete.getAttribute('aria-describedby'), 'complete-blocked');
  assert.match(await page.getByTestId('case-complete-blocked').innerText(), /alle hits er afgjort/);
  // The explanation is Danish; the scorer's English stays behind "details".
  assert.match(await page.getByTestId('hit-explanation').innerText(), /Fødselsdatoen 12\.04\.1961 stemmer med den listede 12\.04\.1961/);
  assert.not.ok(await page.getByTestId('hit-explanation-raw').isVisible());

  const hit = page.getByTestId('hit').first();
  await hit.getByTestId('hit-open-dialog').click();
  assert.not.ok(await hit.getByTestId('hit-confirm').isChecked(), 'confirm is not pre-selected');
  assert.not.ok(await hit.getByTestId('hit-dismiss').isChecked(), 'dismiss is not pre-selected');
  assert.ok(await hit.getByTestId('hit-reason').getAttribute('required').then((v) => v !== null), 'the reason is required');

  // Nothing chosen and no reason: the browser does not send the form.
  await hit.getByTestId('hit-submit').click();
  await page.waitForTimeout(300);
  assert.ok(await hit.getByTestId('hit-reason').evaluate((el) => !(el as unknown as { form: { checkValidity(): boolean } }).form.checkValidity()));
  assert.is(await page.getByTestId('hit-reason-error').count(), 0, 'not sent');

  // A reason of spaces passes the browser; the form action refuses it, by the field, keeping the choice.
  await hit.getByTestId('hit-dismiss').check();
  await hit.getByTestId('hit-reason').fill('   ');
  await hit.getByTestId('hit-submit').click();
  await page.getByTestId('hit-reason-error').waitFor();
  await hydrated(page);
  assert.is(await page.getByTestId('hit-reason-error').innerText(), 'Skriv en begrundelse.');
  const form = page.getByTestId('hit').first();
  assert.ok(await form.getByTestId('hit-dismiss').isChecked(), 'the choice is kept');
  const reasonError = await form.getByTestId('hit-reason').getAttribute('aria-describedby');
  assert.match(reasonError ?? '', /hit-reason-error-/);
  assert.is(await page.locator('[data-testid="hit"][data-decision="open"]').count(), 1, 'nothing was recorded');
  await assertDanish('hit form refused');
  await page.getByTestId('hit-form').first().screenshot({ path: join(shots, 'casefile-hit-refused.png') });
  await page.screenshot({ path: join(shots, 'casefile-hit-page.png'), fullPage: true });

  await form.getByTestId('hit-reason').fill('Kunden er dansk statsborger med dansk pas; den listede person er russisk.');
  await form.getByTestId('hit-submit').click();
  await page.locator('[data-testid="hit"][data-decision="dismissed"]').waitFor();
  await hydrated(page);
  await page.getByTestId('case-complete-step').click();
  await reloadUntil('[data-testid="case-complete-step"][data-step="risk"]', 'risk assessment');
  assert.is(await page.getByTestId('risk-factor').count(), 8);
  assert.match(await page.locator('[data-testid="risk-factor"][data-factor="country"]').innerText(), /Land/);
  await page.getByTestId('case-complete-step').click();
  await reloadUntil('[data-testid="section"]', 'report sections');
  assert.ok(await page.getByTestId('case-submit').isDisabled());
  assert.is(await page.getByTestId('case-submit').getAttribute('aria-describedby'), 'submit-blocked');
  // The drafted conclusion holds a placeholder: it cannot be accepted, and the page says why.
  const conclusion = page.locator('[data-testid="section"][data-key="conclusion"]');
  assert.ok(await conclusion.getByTestId('section-accept').isDisabled());
  assert.match(await conclusion.getByTestId('section-placeholder').innerText(), /kan ikke godkendes, før pladsholderen/);
  assert.match(await page.getByTestId('case-submit-blocked').innerText(), /Rapportens konklusion \(etablér eller afvis kundeforholdet\) er ikke valgt/);
  await writeReport(page, SECTION_KEYS);
  await page.getByTestId('case-submit').click();
  await page.locator('[data-testid="case-step"][data-step="review"]').waitFor();
  await assertDanish('case submitted');
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
});

test('the review form chooses no outcome and needs a comment; the decision is listed in Danish', async () => {
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(20_000);
  await logIn('reviewer@demo.test');
  await gotoHydrated(page, caseUrl);
  await page.getByTestId('decision-form').waitFor();
  for (const outcome of ['approve', 'reject', 'return']) {
    assert.not.ok(await page.getByTestId(`decision-${outcome}`).isChecked(), `${outcome} is not pre-selected`);
  }
  assert.not.ok(await page.getByTestId('decision-return-to').isVisible(), '"return to step" only for a return');
  await page.getByTestId('decision-submit').click();
  await page.waitForTimeout(300);
  assert.is(await page.getByTestId('decision-comment-error').count(), 0, 'the browser did not send an empty form');
  await page.screenshot({ path: join(shots, 'casefile-review-form.png'), fullPage: true });

  await page.getByTestId('decision-approve').check();
  await page.getByTestId('decision-comment').fill('  ');
  await page.getByTestId('decision-submit').click();
  await page.getByTestId('decision-comment-error').waitFor();
  await hydrated(page);
  assert.is(await page.getByTestId('decision-comment-error').innerText(), 'Skriv en begrundelse.');
  assert.ok(await page.getByTestId('decision-approve').isChecked(), 'the choice is kept');
  await assertDanish('review form refused');

  await page.getByTestId('decision-comment').fill('Hittet er begrundet afvist; kundekendskabet er tilstrækkeligt.');
  await page.getByTestId('decision-submit').click();
  await page.getByTestId('case-monitoring').waitFor();
  const approval = page.locator('[data-testid="approval"][data-decision="approve"]');
  assert.match(await approval.innerText(), /Godkendt som godkender/);
  assert.match(await approval.innerText(), /kundekendskabet er tilstrækkeligt/);
  await assertDanish('case approved');
  await page.screenshot({ path: join(shots, 'casefile-approved.png'), fullPage: true });
});

test.run();
