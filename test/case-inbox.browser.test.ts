// The case inbox and internal notes in real Chromium, in Danish: a handler
// narrows the inbox with filters, saves them as a view, applies the view from
// the list and deletes it; selects cases and assigns them to a colleague (the
// other organisation's case never shows); and writes internal notes on a case,
// one of them HTML, which the page shows as text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { resetDatabase, startApi, testConfig, type RunningApi } from './harness/platform.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';

let api: RunningApi;
let browser: Browser;
let page: Page;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');
const byEmail = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const dialogs: string[] = [];
const ids: Record<string, string> = {};

/** Case rows only: the inbox and notes read and write Postgres, no workflow needed. */
async function caseRow(key: string, orgId: string, assignee: string, name: string, riskLevel: 'low' | 'high'): Promise<void> {
  const created = await createCaseRepository(api.knex).create(orgId, {
    type: 'onboarding', clientKind: 'company', clientName: name, clientCvr: null, createdBy: byEmail(assignee).id, assigneeId: byEmail(assignee).id, dueAt: null,
  });
  await api.knex('cases').where({ id: created.id }).update({ riskLevel });
  ids[key] = created.id;
}

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  await caseRow('bakery', DEMO_ORGS[0].id, 'handler@demo.test', 'Nørrebro Bageri ApS', 'low');
  await caseRow('amber', DEMO_ORGS[0].id, 'handler@demo.test', 'Baltic Amber Trading ApS', 'high');
  await caseRow('wind', DEMO_ORGS[0].id, 'handler2@demo.test', 'Vestjysk Vindmøllelaug ApS', 'high');
  await caseRow('theirs', DEMO_ORGS[1].id, 'handler@nordisk.test', 'Et andet firmas klient ApS', 'high');
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'da-DK' });
  page.setDefaultTimeout(20_000);
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
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

const rowNames = async () => (await page.getByTestId('case-link').allInnerTexts()).map((s) => s.trim()).sort();

test('filters, a saved view applied from the list, and deleted again', async () => {
  await logIn('handler@demo.test');
  await gotoHydrated(page, `${api.baseUrl}/cases`);
  assert.equal(await rowNames(), ['Baltic Amber Trading ApS', 'Nørrebro Bageri ApS', 'Vestjysk Vindmøllelaug ApS'], 'the other organisation\'s case is not listed');
  assert.match(await page.getByTestId('saved-views').innerText(), /Gemte visninger/);
  await page.getByTestId('filter-assignee').selectOption('me');
  await page.getByTestId('filter-risk').selectOption('high');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL(/riskLevel=high/);
  assert.equal(await rowNames(), ['Baltic Amber Trading ApS']);

  await page.getByTestId('save-view-name').fill('Mine med høj risiko');
  await page.getByTestId('save-view-submit').click();
  await page.locator('[data-testid="saved-view"][data-view-name="Mine med høj risiko"]').waitFor();
  // The form posted and the page came back: wait for it to hydrate, or hydration may clear what is typed next
  // (the field is required, so the browser would then not submit at all; seen once on a loaded machine).
  await hydrated(page);
  // The same name again is refused with the API's reason, and the name stays in the field.
  await page.getByTestId('save-view-name').fill('mine med HØJ risiko');
  await page.getByTestId('save-view-submit').click();
  await page.getByTestId('save-view-problem').waitFor();
  assert.is(await page.getByTestId('save-view-name').inputValue(), 'mine med HØJ risiko');

  await page.getByTestId('filter-clear').click();
  await page.waitForURL(/\/cases$/);
  assert.is((await rowNames()).length, 3);
  await page.getByTestId('saved-view-link').click();
  await page.waitForURL(/assignee=me/);
  assert.equal(await rowNames(), ['Baltic Amber Trading ApS']);
  assert.is(await page.getByTestId('filter-risk').inputValue(), 'high');
  await page.screenshot({ path: join(shots, 'case-inbox-saved-view.png'), fullPage: true });

  const stored = await api.knex('case_saved_views').where({ userId: byEmail('handler@demo.test').id });
  assert.equal(stored.map((v: { name: string; filters: unknown }) => [v.name, v.filters]), [['Mine med høj risiko', { assignee: 'me', riskLevel: 'high' }]]);
  await page.getByTestId('saved-view-delete').click();
  await page.getByTestId('saved-views').getByText('Ingen gemte visninger endnu', { exact: false }).waitFor();
  assert.is((await api.knex('case_saved_views').count({ n: '*' }))[0]!.n, '0');
});

test('bulk assign: select two cases, assign them to a colleague; audited per case', async () => {
  await gotoHydrated(page, `${api.baseUrl}/cases`);
  // Nothing selected: the form says so and nothing changes.
  await page.getByTestId('assign-submit').click();
  await page.getByTestId('assign-problem').waitFor();
  for (const key of ['bakery', 'amber']) await page.locator(`[data-testid="case-row"][data-case-id="${ids[key]}"] [data-testid="case-select"]`).check();
  await page.getByTestId('assign-to').selectOption({ label: 'Hanne Handler' });
  await page.getByTestId('assign-submit').click();
  await page.getByTestId('assign-done').waitFor();
  const hanne = byEmail('handler2@demo.test').id;
  for (const key of ['bakery', 'amber', 'wind']) {
    assert.is((await api.knex('cases').where({ id: ids[key] }).first('assigneeId')).assigneeId, hanne, key);
    assert.is(await page.locator(`[data-testid="case-row"][data-case-id="${ids[key]}"] [data-testid="case-assignee"]`).innerText(), 'Hanne Handler');
  }
  assert.is((await api.knex('cases').where({ id: ids.theirs }).first('assigneeId')).assigneeId, byEmail('handler@nordisk.test').id);
  const audited = (await api.knex('audit_events').where({ action: 'case.assigned' })).map((e: { targetId: string }) => e.targetId);
  assert.equal(audited.sort(), [ids.bakery, ids.amber].sort());
});

test('internal notes on the case page: HTML shown as text, a blank note refused with its reason', async () => {
  await gotoHydrated(page, `${api.baseUrl}/cases/${ids.amber}`);
  await page.getByTestId('case-notes').waitFor();
  assert.match(await page.getByTestId('case-notes').innerText(), /Interne noter/);
  await page.getByTestId('notes-none').waitFor();
  const html = '<script>alert("note")</script><img src=x onerror=alert(1)> Ring til direktøren om ejerbogen.';
  await page.getByTestId('note-input').fill(html);
  await page.getByTestId('note-submit').click();
  await page.getByTestId('note').first().waitFor();
  assert.is(await page.getByTestId('note-text').first().innerText(), html);
  assert.is(await page.locator('[data-testid="case-notes"] img').count(), 0, 'no element was made from the note');
  assert.match(await page.getByTestId('note').first().innerText(), /Henrik Handler/);

  await page.getByTestId('note-input').fill('   ');
  await page.getByTestId('note-submit').click();
  await page.getByTestId('note-problem').waitFor();
  // In the page's language (Danish), not the API's English.
  assert.match(await page.getByTestId('note-problem').innerText(), /Udfyld feltet/);
  assert.is(await page.getByTestId('note').count(), 1);
  await page.screenshot({ path: join(shots, 'case-notes.png'), fullPage: true });
  assert.equal(dialogs, [], 'no script from a note ever ran');
  const stored = await api.knex('case_notes').where({ caseId: ids.amber }).pluck('body');
  assert.equal(stored, [html]);
});

test('the case page shows who has the case and hands it over to a colleague in one step', async () => {
  await gotoHydrated(page, `${api.baseUrl}/cases/${ids.wind}`);
  const assignee = page.getByTestId('case-header').getByTestId('case-assignee');
  assert.is(await assignee.innerText(), 'Hanne Handler');
  await page.getByTestId('case-assign-to').selectOption({ label: 'Henrik Handler' });
  await page.getByTestId('case-assign-submit').click();
  await page.locator(`[data-testid="case-header"] [data-testid="case-assignee"][data-assignee-id="${byEmail('handler@demo.test').id}"]`).waitFor();
  assert.is(await assignee.innerText(), 'Henrik Handler');
  assert.is((await api.knex('cases').where({ id: ids.wind }).first('assigneeId')).assigneeId, byEmail('handler@demo.test').id);
  const audited = await api.knex('audit_events').where({ action: 'case.assigned', targetId: ids.wind }).first('details');
  assert.is(audited.details.bulk, false);
});

test.run();
