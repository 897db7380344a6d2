// The workflow console in a real Chromium, in Danish: an org admin goes from
// Administration to the workflow list, filters by the case, opens the case's
// workflow and reads its status, history and pending timer; the case page links
// there too. A platform admin terminates a workflow through the confirmation
// that names the consequence, with a reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { caseWhen } from './harness/kyc-case.ts';
import { eventually } from './harness/timeout.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');
let caseId = '';

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker({ mailSink: api.mailSink });
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
  const handler = await login(api.baseUrl, 'handler@demo.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  caseId = created.body.id as string;
  await caseWhen(handler, caseId, (c) => c.registryStatus === 'collected' || c.registryStatus === 'manual', 'registry data');
  const admin = await login(api.baseUrl, 'admin@demo.test');
  await eventually(async () => (await admin.request('GET', `/api/v1/workflows?caseId=${caseId}`)).body.items?.length === 1, 20_000, 'the case workflow in visibility');
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

/** A signed-in page in Danish (the session cookie from the API's login, the language cookie set to da). */
async function pageAs(email: string): Promise<Page> {
  const res = await request(api.baseUrl, 'POST', '/api/v1/auth/login', { email, password: testConfig().demoPassword });
  assert.is(res.status, 200, `login as ${email}`);
  const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
  const at = pair!.indexOf('=');
  const context = await browser.newContext({ locale: 'da-DK' });
  await context.addCookies([
    { name: pair!.slice(0, at), value: pair!.slice(at + 1), url: api.baseUrl },
    { name: 'cn_locale', value: 'da', url: api.baseUrl },
  ]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

test('an org admin clicks from Administration through the list to the case workflow, in Danish', async () => {
  const page = await pageAs('admin@demo.test');
  await gotoHydrated(page, `${api.baseUrl}/admin`);
  await page.getByTestId('admin-workflows-link').click();
  await page.getByTestId('workflows-page').waitFor();
  await hydrated(page);
  assert.is(await page.locator('h1').textContent(), 'Workflows');
  assert.match(await page.getByTestId('workflow-filters').textContent() ?? '', 'Kun fejlende');

  await page.getByTestId('filter-case').fill(caseId);
  await page.getByTestId('filter-type').selectOption('kycCase');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL(/caseId=/);
  await hydrated(page);
  const rows = page.getByTestId('workflow-row');
  assert.is(await rows.count(), 1);
  assert.match(await rows.first().textContent() ?? '', 'KYC-sag');
  assert.match(await rows.first().textContent() ?? '', 'Kører');
  assert.match(await page.getByTestId('workflow-count').textContent() ?? '', '1 workflows matcher');
  await page.screenshot({ path: join(shots, 'workflow-console-list.png'), fullPage: true });

  await rows.first().getByTestId('workflow-link').click();
  await page.getByTestId('workflow-page').waitFor();
  await hydrated(page);
  assert.match(await page.locator('h1').textContent() ?? '', `kyc-case/${caseId}`);
  assert.is((await page.getByTestId('workflow-status').textContent())?.trim(), 'Kører');
  const events = page.getByTestId('history-event');
  assert.match(await events.first().textContent() ?? '', 'Workflow KYC-sag startet');
  const history = await page.getByTestId('history-table').textContent() ?? '';
  assert.match(history, 'Aktivitet collectCaseData fuldført efter');
  assert.match(history, 'Timer');
  assert.ok(await page.getByTestId('pending-timer').count() >= 1, 'the SLA timer is pending');
  assert.match(await page.getByTestId('pending-timers').textContent() ?? '', 'Udløber');
  assert.match(await page.locator('body').textContent() ?? '', 'Indhold (payloads) vises kun for Clientnotes platformadministratorer.');
  assert.is(await page.getByTestId('workflow-actions').count(), 0, 'no actions for an org admin');
  assert.is(await page.getByTestId('temporal-ui-link').count(), 0);
  await page.screenshot({ path: join(shots, 'workflow-console-workflow.png'), fullPage: true });

  // The case page links here (admins only).
  await gotoHydrated(page, `${api.baseUrl}/cases/${caseId}`);
  await page.getByTestId('case-workflow-link').click();
  await page.getByTestId('workflow-page').waitFor();
  assert.match(page.url(), `/admin/workflows/kyc-case/${caseId}`);
  await page.context().close();
});

test('the other organisation\'s admin gets a 404 page for it', async () => {
  const page = await pageAs('admin@nordisk.test');
  const response = await page.goto(`${api.baseUrl}/admin/workflows/kyc-case/${caseId}`);
  assert.is(response?.status(), 404);
  await page.context().close();
});

test('a platform admin terminates the workflow through the confirmation, with a reason', async () => {
  const page = await pageAs('privacy@clientnote.test');
  await gotoHydrated(page, `${api.baseUrl}/admin/workflows/kyc-case/${caseId}`);
  assert.is(await page.getByTestId('temporal-ui-link').count(), 1);
  await page.getByTestId('action-terminate').click();
  await page.getByTestId('confirm-action').waitFor();
  await hydrated(page);
  assert.match(await page.getByTestId('action-consequence').textContent() ?? '', 'Det kan ikke fortrydes');
  await page.getByTestId('action-reason').fill('Oprettet ved en fejl');
  await page.getByTestId('action-confirm').click();
  await page.getByTestId('action-done').waitFor();
  assert.match(await page.getByTestId('action-done').textContent() ?? '', 'Udført');
  const audit = await api.knex('audit_events').where({ action: 'workflow.terminate', targetId: `kyc-case/${caseId}` }).first();
  assert.is(audit?.details.reason, 'Oprettet ved en fejl');
  await gotoHydrated(page, `${api.baseUrl}/admin/workflows/kyc-case/${caseId}`);
  assert.is((await page.getByTestId('workflow-status').textContent())?.trim(), 'Afbrudt');
  await page.screenshot({ path: join(shots, 'workflow-console-terminated.png'), fullPage: true });
  await gotoHydrated(page, `${api.baseUrl}/admin/schedules`);
  await page.getByTestId('schedules-page').waitFor();
  await gotoHydrated(page, `${api.baseUrl}/admin/workflow-health`);
  await page.getByTestId('health-page').waitFor();
  await page.context().close();
});

test.run();
