// A person's first visit, in real Chromium against the real server (API, web,
// worker, Temporal, Postgres): log in, find the empty inbox, open a case with a
// wrong and then a right CVR number, watch the workflow record it, switch
// language, log out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './harness/browser.ts';
import { resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { withTimeout } from './harness/timeout.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
// Kept after the run (gitignored) so a person can look at what the test saw.
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(15_000);
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

test('an app page sends a visitor to the login page, in Danish by default', async () => {
  await page.goto(`${api.baseUrl}/cases`);
  await page.waitForURL(/\/login/);
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
  assert.is(await page.getAttribute('html', 'lang'), 'da');
  assert.ok(await page.getByTestId('login-form').isVisible());
});

test('a wrong password shows one generic error and keeps the e-mail', async () => {
  await page.getByTestId('login-email').fill('handler@demo.test');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor();
  assert.is(await page.getByTestId('login-email').inputValue(), 'handler@demo.test');
});

test('the handler logs in and sees the overview and an empty inbox that teaches', async () => {
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-empty').waitFor();
  await page.screenshot({ path: join(shots, 'inbox-empty.png') });
});

test('a new case: an invalid CVR is shown at the field, a valid one opens the case and its workflow runs', async () => {
  await page.getByTestId('cases-empty-cta').click();
  await page.getByTestId('new-case-form').waitFor();
  await page.getByTestId('new-case-cvr').fill('12345675');
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('field-error-cvr').waitFor();
  assert.is(await page.getByTestId('new-case-cvr').inputValue(), '12345675', 'the form keeps what was typed');
  assert.is(await api.knex('cases').count('* as n').first().then((r) => Number(r?.n)), 0, 'nothing was created');

  await page.getByTestId('new-case-cvr').fill('38411063');
  await page.getByTestId('new-case-type-onboarding').check();
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('case-header').waitFor();
  assert.match(await page.getByTestId('case-cvr').innerText(), /38411063/);
  assert.ok(await page.getByTestId('case-step').first().isVisible());
  // The workflow's first activity writes the case_opened event; the timeline shows it after a reload.
  await withTimeout((async () => {
    for (;;) {
      if ((await page.getByTestId('case-event').count()) > 0) return;
      await new Promise((r) => setTimeout(r, 300));
      await page.reload();
    }
  })(), 20_000, 'case event in the timeline');
  await page.screenshot({ path: join(shots, 'case.png'), fullPage: true });
  const rows = await api.knex('case_events').select('kind');
  assert.equal(rows.filter((r) => r.kind === 'case_opened').length, 1);
});

test('the inbox lists the case; the language switch turns the app English', async () => {
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-row').first().waitFor();
  assert.is(await page.getByTestId('case-row').count(), 1);
  await page.getByTestId('language-en').click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  const html = await page.content();
  assert.match(html, /Cases/);
  await page.screenshot({ path: join(shots, 'inbox-en.png') });
});

test('logout ends the session', async () => {
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
  await page.goto(`${api.baseUrl}/cases`);
  await page.waitForURL(/\/login/);
  const sessions = await api.knex('sessions').count('* as n').first();
  assert.is(Number(sessions?.n), 0);
});

test.run();
