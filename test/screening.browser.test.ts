// Screening pages in real Chromium: the empty Lists page explains how lists get
// in; with the demo list stored, an admin sees its version and age (and the
// warning once it is old), and a handler searches a name and sees the demo hit
// with its explanation, in Danish and in English.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, launchBrowser } from './harness/browser.ts';
import { resetDatabase, startApi, testConfig, type RunningApi } from './harness/platform.ts';
import { importParsedList } from '../screening/store.ts';
import { DEMO_LIST } from '../screening/demo-list/demo-list.ts';

let api: RunningApi;
let browser: Browser;
let page: Page;

test.before(async () => {
  await resetDatabase({ demoLists: false });
  api = await startApi({ withWeb: true });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(15_000);
});

test.after(async () => {
  await browser?.close();
  await api?.close();
});

async function loginAs(email: string): Promise<void> {
  await page.context().clearCookies();
  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

test('no lists: the Lists page explains how to import, the search page says nothing can be found', async () => {
  await loginAs('admin@demo.test');
  await page.goto(`${api.baseUrl}/admin/lists`);
  await page.getByTestId('lists-empty').waitFor();
  assert.match(await page.getByTestId('lists-empty').innerText(), /lists import --format/);
  await page.getByTestId('nav-screening').click();
  await page.getByTestId('screening-no-lists').waitFor();
});

test('the Lists page shows version and age, and warns when a list is old', async () => {
  await importParsedList(api.knex, DEMO_LIST, { source: 'demo' });
  await page.goto(`${api.baseUrl}/admin/lists`);
  const row = page.locator('[data-testid="lists-row"][data-list="demo"]');
  await row.waitFor();
  assert.match(await row.innerText(), /0 dage/);
  assert.is(await page.getByTestId('lists-stale-warning').count(), 0);
  await api.knex('list_versions').where({ list: 'demo' }).update({ importedAt: new Date(Date.now() - 30 * 86_400_000) });
  await page.reload();
  await page.getByTestId('lists-stale-warning').waitFor();
  assert.match(await page.getByTestId('lists-age').innerText(), /30 dage/);
});

test('a handler searches a name and sees the demo hit with its explanation, in Danish and English', async () => {
  await loginAs('handler@demo.test');
  await page.getByTestId('nav-screening').click();
  await page.getByTestId('screening-form').waitFor();
  await page.getByTestId('screening-submit').click();
  await page.getByTestId('field-error-name').waitFor();

  await page.getByTestId('screening-name').fill('Sokolov Viktor');
  await page.getByTestId('screening-birth-date').fill('1961');
  await page.getByTestId('screening-country').fill('ru');
  await page.getByTestId('screening-submit').click();
  const hit = page.locator('[data-testid="screening-hit"][data-entity-id="demo:viktor-sokolov"]');
  await hit.waitFor();
  assert.ok(await hit.getByTestId('screening-hit-demo').isVisible(), 'demo hits say so');
  assert.match(await hit.innerText(), /Viktor Petrov Sokolov/);
  assert.match(await hit.innerText(), /Fødselsdato/);
  assert.match(page.url(), /name=Sokolov\+Viktor/);

  await page.getByTestId('language-en').click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  await hit.waitFor();
  assert.match(await hit.innerText(), /Demo data/);
  assert.match(await page.getByTestId('screening-page').innerText(), /Screening search/);

  await page.getByTestId('screening-name').fill('Ingen Sådan Person Findes');
  await page.getByTestId('screening-birth-date').fill('');
  await page.getByTestId('screening-country').fill('');
  await page.getByTestId('screening-submit').click();
  await page.getByText('No hits').waitFor();
});

test.run();
