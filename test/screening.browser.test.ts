// Screening pages in real Chromium: the empty Lists page explains how lists get
// in; with the demo list stored, an admin sees its version and age (and the
// warning once it is old), and a handler searches a name and sees the demo hit
// with its explanation, in Danish and in English. Ongoing monitoring with a real
// worker: a new list version names a case's director; the Lists page shows the
// run's progress (also after a reload) and the handler's overview counts the new
// monitoring hit, which the case page marks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, launchBrowser } from './harness/browser.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { importParsedList } from '../screening/store.ts';
import { DEMO_LIST } from '../screening/demo-list/demo-list.ts';
import { createWorkflowGateway } from '../temporal/client/gateway.ts';
import { withTimeout } from './harness/timeout.ts';
import { caseWhen, completeDataCollection } from './harness/kyc-case.ts';
import type { ListEntity } from '../domain/screening/entity.ts';

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

test('ongoing monitoring: the Lists page shows the run\'s progress after a reload, the overview counts the new hit', async () => {
  let worker: RunningWorker | undefined;
  const gateway = await createWorkflowGateway(testConfig(), 'eager');
  try {
    worker = await startWorker();
    const handler = await login(api.baseUrl, 'handler@demo.test');
    const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
    assert.is(created.status, 201, JSON.stringify(created.body));
    const caseId = created.body.id as string;
    await completeDataCollection(handler, caseId);
    await caseWhen(handler, caseId, (c) => c.events.some((e: { kind: string }) => e.kind === 'screened'), 'screened');

    const baker: ListEntity = {
      id: 'demo:mette-kjaer-andersen', list: 'demo', sourceId: 'mette-kjaer-andersen', schema: 'Person', names: [{ full: 'Mette Kjær Andersen', type: 'primary' }],
      birthDates: [{ kind: 'exact', date: '1984-02-17' }], countries: ['DK'], nationalities: ['DK'], identifiers: [], programmes: ['DEMO-SANCTIONS (fictitious demo data)'], demo: true,
    };
    const version = await importParsedList(api.knex, { ...DEMO_LIST, entities: [...DEMO_LIST.entities, baker] }, { source: 'demo' });
    await gateway.listMonitoring.start(version.versionId);
    const result = await withTimeout(gateway.listMonitoring.result(version.versionId), 60_000, 'the monitoring run');
    assert.is(result.newHits, 1);

    // Platform staff see how many parties (of every organisation) the run screened; an organisation's admin sees its state only.
    await loginAs('privacy@clientnote.test');
    await page.goto(`${api.baseUrl}/admin/lists`);
    const cell = page.locator('[data-testid="lists-row"][data-list="demo"] [data-testid="lists-monitoring"]');
    await cell.waitFor();
    assert.is(await cell.getAttribute('data-status'), 'completed');
    const progress = new RegExp(`${result.partiesDone} (af|of) ${result.partiesTotal} (parter screenet|parties screened)`);
    assert.match(await cell.innerText(), progress);
    await page.reload();
    assert.match(await cell.innerText(), progress, 'the figure is a projection in Postgres: it survives a reload');
    await loginAs('admin@demo.test');
    await page.goto(`${api.baseUrl}/admin/lists`);
    await cell.waitFor();
    assert.is(await cell.getAttribute('data-status'), 'completed');
    assert.not.match(await cell.innerText(), /parter screenet|parties screened/);

    await loginAs('handler@demo.test');
    const box = page.getByTestId('overview-monitoring-hits');
    await box.waitFor();
    assert.match(await box.innerText(), /Nye hits fra løbende screening: 1/);
    await box.getByTestId('overview-monitoring-case').click();
    await page.waitForURL(`**/cases/${caseId}`);
    const hit = page.locator('[data-testid="hit"][data-source="monitoring"]');
    await hit.waitFor();
    assert.match(await hit.innerText(), /Mette Kjær Andersen/);
    assert.ok(await hit.getByTestId('hit-monitoring').isVisible(), 'the case page says where the hit came from');
  } finally {
    await gateway.close();
    await worker?.close();
  }
});

test.run();
