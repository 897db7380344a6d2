// The case page's "Hent kundekendskabsrapport (PDF)" link in real Chromium: it
// sits in the header, and clicking it downloads the case file as a PDF named
// after the client, whose text (pdftotext) is the case's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, launchBrowser } from './harness/browser.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { caseWhen } from './harness/kyc-case.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'da-DK', acceptDownloads: true });
  page.setDefaultTimeout(20_000);
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

test('the case page links the case file as a PDF, in Danish, and the link downloads it', async () => {
  const handler = await login(api.baseUrl, 'handler@demo.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  await caseWhen(handler, id, (c) => c.registryStatus === 'collected', 'registry data');

  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill('handler@demo.test');
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  await gotoHydrated(page, `${api.baseUrl}/cases/${id}`);

  const link = page.getByTestId('case-header').getByTestId('case-report-pdf');
  assert.is((await link.textContent())?.trim(), 'Hent kundekendskabsrapport (PDF)');
  await page.getByTestId('case-header').screenshot({ path: join(shots, 'case-pdf-link.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^Kundekendskab Nørrebro Bageri ApS \d{4}-\d{2}-\d{2}\.pdf$/);
  const pdf = readFileSync((await download.path())!);
  assert.is(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = spawnSync('pdftotext', ['-', '-'], { input: pdf }).stdout.toString();
  assert.ok(text.includes('Nørrebro Bageri ApS') && text.includes('Mette Kjær Andersen'), 'the case\'s file');
});

test.run();
