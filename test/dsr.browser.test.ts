// A data-subject request in real Chromium against the real server (API, web,
// worker, Temporal, Postgres): the public privacy centre without login (notice,
// form, a wrong and then the right code read from the development mail sink,
// status page), then staff triage, a plan proposed by one privacy officer and
// approved by another, and the request closing on the requester's status page;
// lifting an objection's flags (the admin sees the restricted user marked until
// then) and the erased address's suppression, with a reason picked on the page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hydrated, launchBrowser } from './harness/browser.ts';
import { request, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually } from './harness/timeout.ts';
import { readZip } from './harness/zip-reader.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
let requester: BrowserContext;
let page: Page;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');
const EMAIL = 'handler2@demo.test';
let statusUrl = '';
let requestId = '';

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker();
  browser = await launchBrowser();
  requester = await browser.newContext({ locale: 'da-DK' });
  page = await requester.newPage();
  page.setDefaultTimeout(15_000);
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

/** A staff member's page, logged in through the API (the login form itself is tested in web.browser.test.ts). */
async function staffPage(email: string, locale = 'en-GB'): Promise<Page> {
  const res = await request(api.baseUrl, 'POST', '/api/v1/auth/login', { email, password: testConfig().demoPassword });
  assert.is(res.status, 200, `login as ${email}`);
  const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
  const at = pair!.indexOf('=');
  const context = await browser.newContext({ locale });
  await context.addCookies([{ name: pair!.slice(0, at), value: pair!.slice(at + 1), url: api.baseUrl }]);
  const staff = await context.newPage();
  staff.setDefaultTimeout(15_000);
  return staff;
}

/** Wait for the workflow to record the status (it moves on its own after a decision), then show it on the staff page. */
async function waitForStaffStatus(staff: Page, status: string): Promise<void> {
  await eventually(async () => (await api.knex('dsr_requests').where({ id: requestId }).first('status'))?.status === status, 20_000, `request reaches ${status}`);
  await staff.reload();
  assert.is(await staff.getByTestId('dsr-staff-status').getAttribute('data-status'), status);
}

test('the privacy centre is public and Danish by default; the notice leads to the form', async () => {
  await page.goto(`${api.baseUrl}/privacy`);
  assert.is(await page.getAttribute('html', 'lang'), 'da');
  await page.getByTestId('privacy-notice').waitFor();
  assert.match(await page.getByTestId('privacy-notice').innerText(), /Datatilsynet/);
  await page.getByTestId('privacy-footer-cookies').click();
  await page.getByTestId('cookie-notice').waitFor();
  await page.getByTestId('privacy-footer-notice').click();
  await page.getByTestId('privacy-make-request').click();
  await page.getByTestId('dsr-form').waitFor();
});

test('a form with missing fields keeps what was typed and points at the fields', async () => {
  await page.getByTestId('dsr-name').fill('Hanne Handler');
  await page.getByTestId('dsr-submit').click();
  await page.getByTestId('field-error-rights').waitFor();
  assert.ok(await page.getByTestId('field-error-email').isVisible());
  assert.is(await page.getByTestId('dsr-name').inputValue(), 'Hanne Handler');
});

test('submitting the form leads to the status page, waiting for the code', async () => {
  await page.getByTestId('dsr-right-access').check();
  await page.getByTestId('dsr-right-erasure').check();
  await page.getByTestId('dsr-email').fill(EMAIL);
  await page.getByTestId('dsr-relationship-platform_user').check();
  await page.getByTestId('dsr-description').fill('<script>alert(1)</script> Slet min konto');
  await page.getByTestId('dsr-submit').click();
  await page.waitForURL(/\/privacy\/requests\/[0-9a-f-]{36}\?token=/);
  statusUrl = page.url();
  requestId = new URL(statusUrl).pathname.split('/').pop()!;
  assert.is(await page.getByTestId('dsr-status').getAttribute('data-status'), 'awaiting_verification');
  assert.not.match(await page.content(), /Demo Revision|Nordisk/, 'no organisation is named');
  await page.screenshot({ path: join(shots, 'dsr-status-waiting.png') });
});

test('a wrong code is refused at the field; the mailed code confirms the request', async () => {
  const code = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes(EMAIL))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, 'the code mail');
  const mail = api.mailSink.messages().find((m) => m.to.includes(EMAIL))!;
  assert.ok(mail.text.includes(`/privacy/requests/${requestId}?token=`), 'the mail links to the status page');
  await page.getByTestId('dsr-code').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByTestId('dsr-code-submit').click();
  await page.getByTestId('field-error-code').waitFor();
  await page.getByTestId('dsr-code').fill(code);
  await page.getByTestId('dsr-code-submit').click();
  await page.getByTestId('dsr-verified').waitFor();
  assert.is(await page.getByTestId('dsr-status').getAttribute('data-status'), 'in_progress');
});

test('staff triage, propose and (as a second person) approve the plan; the requester sees the request closed', async () => {
  const pia = await staffPage('privacy@clientnote.test');
  await pia.goto(`${api.baseUrl}/requests`);
  const row = pia.locator(`[data-testid="dsr-row"][data-request-id="${requestId}"]`);
  await row.waitFor();
  assert.match(await row.getByTestId('dsr-countdown').innerText(), /days left/);
  await row.getByTestId('dsr-link').click();
  await pia.getByTestId('dsr-header').waitFor();
  assert.match(await pia.getByTestId('dsr-requester').innerText(), new RegExp(EMAIL));
  assert.match(await pia.getByTestId('dsr-description-text').innerText(), /<script>alert\(1\)<\/script>/, 'shown as text, not run');
  await waitForStaffStatus(pia, 'triage');
  await pia.getByTestId('dsr-triage-proceed').check();
  await pia.getByTestId('dsr-triage-submit').click();
  await waitForStaffStatus(pia, 'plan_review');
  assert.ok(await pia.locator('[data-testid="dsr-manifest-item"][data-table="users"]').count() > 0, 'the account is in the manifest');
  await pia.getByTestId('dsr-plan-propose').click();
  await pia.getByTestId('dsr-plan').getByText(/second person/).waitFor();
  assert.is(await pia.getByTestId('dsr-plan-approve').count(), 0, 'the proposer is offered no approval');

  const dennis = await staffPage('dpo@clientnote.test');
  await dennis.goto(`${api.baseUrl}/requests/${requestId}`);
  await dennis.getByTestId('dsr-plan-approve').click();
  await waitForStaffStatus(dennis, 'closed');
  // The response went out with its receipt; the request page shows it beside the erasure record.
  assert.match(await dennis.getByTestId('dsr-receipt').innerText(), /^[0-9a-f]{64}$/);
  assert.ok(await dennis.getByTestId('dsr-ledger').isVisible());
  // The timeline speaks the user's language, not event codes.
  const approvedEvent = await dennis.locator('[data-testid="dsr-event"][data-kind="plan_approved"]').innerText();
  assert.match(approvedEvent, /Plan approved|Plan godkendt/);
  assert.match(await dennis.locator('[data-testid="dsr-event"][data-kind="triage:proceed"]').innerText(), /Triage: Proceed|Visitation: Fortsæt/);
  assert.not.match(await dennis.getByTestId('dsr-timeline').innerText(), /plan_approved|triage:proceed|closed:completed/);
  await dennis.screenshot({ path: join(shots, 'dsr-staff-closed.png') });

  await page.goto(statusUrl);
  assert.is(await page.getByTestId('dsr-status').getAttribute('data-status'), 'closed');
  assert.is(await page.getByTestId('dsr-outcome').getAttribute('data-outcome'), 'completed');
  assert.ok(await page.getByTestId('dsr-export').isVisible(), 'the export is offered');
});

test('a privacy officer places a hold by e-mail address and releases it', async () => {
  const pia = await staffPage('privacy@clientnote.test');
  await pia.goto(`${api.baseUrl}/requests`);
  await pia.getByTestId('holds-link').click();
  await pia.getByTestId('holds-page').waitFor();
  await pia.getByTestId('hold-kind').selectOption('email');
  await pia.getByTestId('hold-target').fill('someone@example.test');
  await pia.getByTestId('hold-basis').selectOption('litigation');
  await pia.getByTestId('hold-review-on').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await pia.getByTestId('hold-place').click();
  const row = pia.locator('[data-testid="hold-row"][data-basis="litigation"]');
  await row.waitFor();
  assert.not.match(await row.innerText(), /someone@example/, 'the address is not shown back');
  await row.getByTestId('hold-release').click();
  await pia.getByTestId('holds-empty').waitFor();
});

test('an organisation admin finds the request forwarded to them, sees the AML holds and decides; the other organisation gets a 404 page', async () => {
  const orgId = '9ee11d25-87bf-42e2-9b62-ad22291c6292';
  const [held, free] = [crypto.randomUUID(), crypto.randomUUID()];
  await api.knex('cases').insert([
    { id: held, orgId, type: 'onboarding', status: 'monitoring', clientKind: 'company', clientName: 'Kajgaden ApS' },
    { id: free, orgId, type: 'onboarding', status: 'ended', clientKind: 'company', clientName: 'Gammel Havn ApS', relationshipEndedOn: '2015-01-01', retentionUntil: '2020-01-01' },
  ]);
  await api.knex('case_parties').insert([
    { orgId, caseId: held, registryId: 'client:b1', kind: 'person', name: 'Birte Browser' },
    { orgId, caseId: free, registryId: 'client:b2', kind: 'person', name: 'Birte Browser' },
  ]);
  const submitted = await request(api.baseUrl, 'POST', '/api/v1/privacy/requests', { rights: ['access', 'erasure'], name: 'Birte Browser', email: 'birte.browser@example.test', relationship: 'case_subject', description: '', locale: 'da' });
  assert.is(submitted.status, 202);
  const code = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes('birte.browser@example.test'))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, 'code');
  assert.is((await request(api.baseUrl, 'POST', `/api/v1/privacy/requests/${submitted.body.requestId}/verify`, { statusToken: submitted.body.statusToken, code })).status, 200);
  await eventually(async () => (await api.knex('dsr_requests').where({ id: submitted.body.requestId }).first('status')).status === 'triage', 20_000, 'triage');
  const pia = await staffPage('privacy@clientnote.test');
  await pia.goto(`${api.baseUrl}/requests/${submitted.body.requestId}`);
  await pia.getByTestId('dsr-triage-proceed').check();
  await pia.getByTestId('dsr-triage-submit').click();
  const part = await eventually(async () => (await api.knex('dsr_routed_parts').where({ requestId: submitted.body.requestId }).first('id')) as { id: string } | undefined, 20_000, 'forwarded part');

  const admin = await staffPage('admin@demo.test');
  await admin.goto(`${api.baseUrl}/requests`);
  await admin.getByTestId('forwarded-page').waitFor();
  const row = admin.locator(`[data-testid="forwarded-row"][data-part-id="${part.id}"]`);
  await row.waitFor();
  await row.getByTestId('forwarded-link').click();
  await admin.getByTestId('forwarded-header').waitFor();
  assert.match(await admin.getByTestId('forwarded-requester').innerText(), /birte\.browser@example\.test/);
  assert.is(await admin.locator('[data-testid="forwarded-item"][data-hold="relationship_active"]').count(), 1);
  assert.is(await admin.locator('[data-testid="forwarded-item"][data-hold="none"]').count(), 1);
  // Access was asked too: the organisation downloads what it holds about her, for its own answer.
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('forwarded-export').click()]);
  assert.is(download.suggestedFilename(), `clientnote-forwarded-${part.id}.zip`);
  const files = readZip(readFileSync((await download.path())!));
  const exported = JSON.parse(files.get('export.json')!.toString('utf8'));
  assert.equal(exported.tables.case_parties.map((p: { name: string }) => p.name), ['Birte Browser', 'Birte Browser']);
  assert.ok(files.has('csv/cases.csv'));
  await admin.getByTestId('forwarded-decision').selectOption('erase_unheld');
  await admin.getByTestId('forwarded-decide').click();
  await admin.locator('[data-testid="forwarded-header"][data-status="decided"]').waitFor();
  assert.is(await admin.locator('[data-testid="forwarded-item"][data-action="held"]').count(), 1);
  assert.is(await admin.locator('[data-testid="forwarded-item"][data-action="erased"]').count(), 1);
  await admin.screenshot({ path: join(shots, 'dsr-forwarded-decided.png') });

  const other = await staffPage('admin@nordisk.test');
  const response = await other.goto(`${api.baseUrl}/requests/forwarded/${part.id}`);
  assert.is(response?.status(), 404);
  await other.goto(`${api.baseUrl}/requests/forwarded`);
  await other.getByTestId('forwarded-empty').waitFor();
});

test('rectification in the plan: staff choose rectify and type the corrected name; after approval the name is corrected', async () => {
  const userId = crypto.randomUUID();
  await api.knex('users').insert({ id: userId, orgId: '9ee11d25-87bf-42e2-9b62-ad22291c6292', email: 'berit.bogstav@example.test', name: 'Berit Bgostav', passwordHash: 'x', locale: 'da' });
  const submitted = await request(api.baseUrl, 'POST', '/api/v1/privacy/requests', { rights: ['rectification'], name: 'Berit Bogstav', email: 'berit.bogstav@example.test', relationship: 'platform_user', description: 'my name is misspelt', locale: 'da' });
  assert.is(submitted.status, 202);
  const id = submitted.body.requestId as string;
  const code = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes('berit.bogstav@example.test'))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, 'code');
  assert.is((await request(api.baseUrl, 'POST', `/api/v1/privacy/requests/${id}/verify`, { statusToken: submitted.body.statusToken, code })).status, 200);
  await eventually(async () => (await api.knex('dsr_requests').where({ id }).first('status')).status === 'triage', 20_000, 'triage');
  const pia = await staffPage('privacy@clientnote.test');
  await pia.goto(`${api.baseUrl}/requests/${id}`);
  await pia.getByTestId('dsr-triage-proceed').check();
  await pia.getByTestId('dsr-triage-submit').click();
  await eventually(async () => (await api.knex('dsr_requests').where({ id }).first('status')).status === 'plan_review', 20_000, 'plan review');
  await pia.reload();
  const account = pia.locator('[data-testid="dsr-manifest-item"][data-table="users"]');
  await account.getByTestId('dsr-item-action').selectOption('rectify');
  await account.getByTestId('dsr-fix-name').fill('Berit Bogstav');
  await pia.getByTestId('dsr-plan-propose').click();
  await pia.getByTestId('dsr-plan').getByText(/second person/).waitFor();
  const dennis = await staffPage('dpo@clientnote.test');
  await dennis.goto(`${api.baseUrl}/requests/${id}`);
  await dennis.getByTestId('dsr-plan-approve').click();
  await eventually(async () => (await api.knex('dsr_requests').where({ id }).first('status')).status === 'closed', 20_000, 'closed');
  assert.is((await api.knex('users').where({ id: userId }).first('name')).name, 'Berit Bogstav');
  await dennis.reload();
  await dennis.locator('[data-testid="dsr-correction"][data-outcome="applied"]').waitFor();
});

test('lifting: an objection\'s flags are lifted with a reason on the request page; the admin sees the user restricted until then', async () => {
  const email = 'olaf.objection@example.test';
  const userId = crypto.randomUUID();
  await api.knex('users').insert({ id: userId, orgId: '9ee11d25-87bf-42e2-9b62-ad22291c6292', email, name: 'Olaf Objection', passwordHash: 'x', locale: 'da' });
  await api.knex('user_roles').insert({ userId, role: 'handler' });
  const submitted = await request(api.baseUrl, 'POST', '/api/v1/privacy/requests', { rights: ['objection'], name: 'Olaf Objection', email, relationship: 'platform_user', description: 'stop processing my data', locale: 'en' });
  assert.is(submitted.status, 202);
  const id = submitted.body.requestId as string;
  const code = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes(email))?.text.match(/\b(\d{6})\b/)?.[1], 10_000, 'code');
  assert.is((await request(api.baseUrl, 'POST', `/api/v1/privacy/requests/${id}/verify`, { statusToken: submitted.body.statusToken, code })).status, 200);
  await eventually(async () => (await api.knex('dsr_processing_flags').where({ requestId: id })).length === 2 || undefined, 20_000, 'objection flags');

  const admin = await staffPage('admin@demo.test');
  await admin.goto(`${api.baseUrl}/admin`);
  const userRow = admin.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await userRow.getByTestId('user-restricted').waitFor();

  const pia = await staffPage('privacy@clientnote.test');
  await pia.goto(`${api.baseUrl}/requests/${id}`);
  const objection = pia.locator('[data-testid="dsr-flag"][data-kind="objection"]');
  const restriction = pia.locator('[data-testid="dsr-flag"][data-kind="restriction"]');
  assert.is(await objection.getAttribute('data-state'), 'active');
  // An objection is lifted only for the reasons that end one.
  const offered = await objection.getByTestId('dsr-lift-reason').locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
  assert.equal(offered, ['objection_assessed', 'requester_asked']);
  assert.match(await objection.getByTestId('dsr-lift-form').innerText(), /recorded with your name/);
  await objection.getByTestId('dsr-lift-reason').selectOption('objection_assessed');
  await objection.getByTestId('dsr-lift-note').fill('<b>Compelling grounds</b> documented');
  await objection.getByTestId('dsr-lift-submit').click();
  await pia.locator('[data-testid="dsr-flag"][data-kind="objection"][data-state="lifted"]').waitFor();
  assert.is(await pia.getByTestId('dsr-lift-done').getAttribute('data-still-restricted'), 'true', 'the restriction still applies');
  assert.is(await objection.getByTestId('dsr-flag-lift-note').innerText(), '<b>Compelling grounds</b> documented', 'the note is shown as text');
  assert.is(await objection.locator('b').count(), 0);

  await hydrated(pia);
  await restriction.getByTestId('dsr-lift-reason').selectOption('objection_assessed');
  await restriction.getByTestId('dsr-lift-submit').click();
  await pia.locator('[data-testid="dsr-flag"][data-kind="restriction"][data-state="lifted"]').waitFor();
  assert.is(await pia.getByTestId('dsr-lift-done').getAttribute('data-still-restricted'), 'false');
  assert.is(await pia.getByTestId('dsr-lift-form').count(), 0, 'nothing left to lift');
  await pia.getByTestId('dsr-timeline').locator('[data-kind="flag_lifted"]').first().waitFor();
  await pia.screenshot({ path: join(shots, 'dsr-flags-lifted.png'), fullPage: true });

  await admin.reload();
  assert.is(await userRow.getAttribute('data-restricted'), 'false');
  assert.is(await userRow.getByTestId('user-restricted').count(), 0);
});

test('lifting the suppression of the erased address, in Danish: only the person\'s own request is offered as the reason', async () => {
  const dennis = await staffPage('dpo@clientnote.test', 'da-DK');
  await dennis.goto(`${api.baseUrl}/requests/${requestId}`);
  assert.is(await dennis.getByTestId('dsr-suppressed').getAttribute('data-suppressed'), 'true', 'the erasure in the first tests suppressed the address');
  const form = dennis.locator('[data-testid="dsr-lift-form"][data-kind="suppression"]');
  const offered = await form.getByTestId('dsr-lift-reason').locator('option').allInnerTexts();
  assert.equal(offered, ['Den registrerede har bedt om det']);
  assert.match(await form.innerText(), /spærrelisten/);
  await form.getByTestId('dsr-lift-note').fill('Bad om at blive inviteret igen');
  await form.getByTestId('dsr-lift-submit').click();
  await dennis.getByTestId('dsr-suppression-lifted').waitFor();
  assert.is(await dennis.getByTestId('dsr-suppressed').getAttribute('data-suppressed'), 'false');
  assert.match(await dennis.getByTestId('dsr-lift-done').innerText(), /Ophævet/);
  assert.not.ok(await api.knex('dsr_suppressions').where({ requestId }).first(), 'off the suppression list');
});

test('a wrong status link is a 404 page', async () => {
  const response = await page.goto(statusUrl.replace(/token=[^&]+/, `token=${'x'.repeat(43)}`));
  assert.is(response?.status(), 404);
});

test.run();
