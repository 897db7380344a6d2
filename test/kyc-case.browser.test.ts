// A demo company from creation to approval in real Chromium, as two people: the
// handler looks the CVR number up, sees the register's preview, opens the case,
// works every step (data collection with the identity of both beneficial owners
// verified and the business relationship described, screening, risk, report
// sections with the conclusion chosen) and submits; the reviewer logs in and
// approves; the case moves to monitoring.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { describeRelationship, verifyAllByMitId, writeReport } from './harness/case-page.ts';
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
  await page.getByTestId('current-user').waitFor().catch(async (error: Error) => {
    throw new Error(`login as ${email} did not reach the app: ${page.url()} ${(await page.locator('body').innerText()).slice(0, 300)}`, { cause: error });
  });
}

/** Reload until the element shows up: the workflow's activities write the page's data. */
async function reloadUntil(testId: string, what: string, attr?: [string, string]): Promise<void> {
  const selector = attr ? `[data-testid="${testId}"][${attr[0]}="${attr[1]}"]` : `[data-testid="${testId}"]`;
  await withTimeout((async () => {
    for (;;) {
      if ((await page.locator(selector).count()) > 0) return;
      await page.waitForTimeout(300);
      await page.reload();
    }
  })(), 30_000, what);
}

test('the handler sees the register preview, opens the case and works it to review', async () => {
  await logIn('handler@demo.test');
  await gotoHydrated(page, `${api.baseUrl}/cases/new`);
  await page.getByTestId('new-case-cvr').fill('41271000');
  await page.getByTestId('new-case-lookup').click();
  await page.getByTestId('registry-preview').waitFor();
  assert.is(await page.getByTestId('registry-preview-name').innerText(), 'Kystlinjen Logistik A/S');
  assert.is(await api.knex('cases').count('* as n').first().then((r) => Number(r?.n)), 0, 'a preview creates nothing');
  await page.getByTestId('new-case-type-onboarding').check();
  await page.getByTestId('new-case-submit').click();
  await page.getByTestId('case-header').waitFor();
  caseUrl = page.url();

  await reloadUntil('case-complete-step', 'registry data', ['data-step', 'data_collection']);
  await hydrated(page);
  // The ownership graph marks both UBOs of the three-level chain.
  assert.is(await page.locator('[data-testid="party-row"][data-ubo="certain"]').count(), 2);
  assert.ok(await page.getByTestId('ownership-graph').isVisible());
  await page.screenshot({ path: join(shots, 'kyc-case-parties.png'), fullPage: true });
  // Data collection ends once both beneficial owners are verified and the relationship is described (§ 11).
  assert.ok(await page.getByTestId('case-complete-step').isDisabled(), 'blocked until the persons are verified');
  const verified = await verifyAllByMitId(page);
  assert.is(verified.length, 2, `the two beneficial owners: ${verified.join(', ')}`);
  await describeRelationship(page);
  await page.getByTestId('case-complete-step').click();
  await page.locator('[data-testid="case-complete-step"][data-step="screening"]').waitFor();
  assert.ok(await page.getByTestId('hits-none').isVisible());
  await page.getByTestId('case-complete-step').click();
  await page.locator('[data-testid="case-complete-step"][data-step="risk"]').waitFor();
  assert.ok(await page.getByTestId('risk-level').isVisible());
  assert.is(await page.getByTestId('risk-factor').count(), 8);
  await page.getByTestId('case-complete-step').click();
  await page.locator('[data-testid="section"]').first().waitFor();
  await hydrated(page);
  await writeReport(page, SECTION_KEYS);
  await page.getByTestId('case-submit').click();
  await page.locator('[data-testid="case-step"][data-step="review"]').waitFor();
  await page.screenshot({ path: join(shots, 'kyc-case-submitted.png'), fullPage: true });
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
});

test('the reviewer approves; the case is monitored', async () => {
  // The second person in a browser context of their own.
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(20_000);
  await logIn('reviewer@demo.test');
  // The reviewer queue lists the case; it was never returned, so this is its first review.
  await gotoHydrated(page, `${api.baseUrl}/approvals`);
  const queued = page.locator(`[data-testid="approval-row"][data-case-id="${caseUrl.split('/').pop()}"]`);
  await queued.waitFor();
  assert.match(await queued.getByTestId('approval-changes').innerText(), /Første gennemgang/);
  await gotoHydrated(page, caseUrl);
  await page.getByTestId('decision-form').waitFor();
  await page.getByTestId('decision-approve').check();
  await page.getByTestId('decision-comment').fill('Ejerkæden er dokumenteret.');
  await page.getByTestId('decision-submit').click();
  await page.getByTestId('case-monitoring').waitFor();
  assert.is(await page.locator('[data-testid="approval"][data-decision="approve"]').count(), 1);
  const row = await api.knex('cases').where({ clientCvr: '41271000' }).first();
  assert.is(row.status, 'monitoring');
  await page.screenshot({ path: join(shots, 'kyc-case-approved.png'), fullPage: true });
});

test.run();
