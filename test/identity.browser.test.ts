// Identity in real Chromium against the real server: an org admin invites a
// colleague, the invitation mail is received by the development sink (a real SMTP
// server), the colleague accepts it from the link and logs in, the admin sees it
// in the audit log, issues an API token with scopes and revokes it, an invitation to an
// address that has an account elsewhere is refused to its owner on acceptance, and the
// platform admin reads the mail on the Outbox page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, launchBrowser } from './harness/browser.ts';
import { resetDatabase, startApi, testConfig, type RunningApi } from './harness/platform.ts';

let api: RunningApi;
let browser: Browser;
let page: Page;
const NEW_EMAIL = 'ida.invited@demo.test';
const NEW_PASSWORD = 'harbour-lantern-quiet-77';

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-GB' });
  page.setDefaultTimeout(15_000);
});

test.after(async () => {
  await browser?.close();
  await api?.close();
});

async function logIn(email: string, password = testConfig().demoPassword) {
  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor().catch(async (error: Error) => {
    throw new Error(`login as ${email} did not reach the app: ${page.url()} ${(await page.locator('body').innerText()).slice(0, 300)}`, { cause: error });
  });
}

async function logOut() {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
}

test('the org admin invites a colleague from the users page', async () => {
  await logIn('admin@demo.test');
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('invite-form').waitFor();
  await page.getByTestId('invite-email').fill(NEW_EMAIL);
  await page.getByTestId('invite-role-reviewer').check();
  await page.getByTestId('invite-submit').click();
  await page.getByTestId('invite-sent').waitFor();
  assert.is((await api.knex('invitations').where({ email: NEW_EMAIL })).length, 1);
  await logOut();
});

test('the colleague accepts from the link in the mail received, then logs in', async () => {
  const mail = api.mailSink.messages().find((m) => m.to.includes(NEW_EMAIL));
  assert.ok(mail, 'the invitation arrived at the SMTP sink');
  const link = /(http\S+accept-invitation\?token=[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  await page.goto(`${api.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
  await page.getByTestId('accept-invitation-form').waitFor();
  await page.getByTestId('accept-name').fill('Ida Invited');
  await page.getByTestId('accept-password').fill('password1234');
  await page.getByTestId('accept-submit').click();
  await page.getByTestId('field-error-password').waitFor();
  await page.getByTestId('accept-password').fill(NEW_PASSWORD);
  await page.getByTestId('accept-submit').click();
  await page.getByTestId('login-notice').waitFor();
  assert.is(await page.getByTestId('login-email').inputValue(), NEW_EMAIL);
  await page.getByTestId('login-password').fill(NEW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /Ida Invited/);
  await logOut();
});

test('the admin sees the invitation and its acceptance in the audit log, filters it, and issues and revokes a token', async () => {
  await logIn('admin@demo.test');
  await page.goto(`${api.baseUrl}/admin/audit`);
  await page.getByTestId('audit-table').waitFor();
  const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  assert.ok(actions.includes('user.invited') && actions.includes('user.invitation_accepted'), actions.join());
  await page.getByTestId('audit-filter-action').fill('user.invitation_accepted');
  await page.getByTestId('audit-filter-submit').click();
  await page.waitForURL(/action=user.invitation_accepted/);
  const filtered = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  assert.equal(filtered, ['user.invitation_accepted']);
  assert.match((await page.getByTestId('audit-csv').getAttribute('href')) ?? '', /^\/api\/v1\/audit\.csv\?action=/);

  await page.goto(`${api.baseUrl}/admin/tokens`);
  await page.getByTestId('token-name').fill('ERP export');
  assert.ok(await page.getByTestId('token-scope-cases:read').isChecked(), 'reading cases is the suggested scope');
  await page.getByTestId('token-scope-audit:read').check();
  await page.getByTestId('token-create').click();
  const secret = await page.getByTestId('token-secret').innerText();
  assert.match(secret, /^cn_/);
  assert.match(await page.getByTestId('token-scopes').first().innerText(), /Read cases, Read the audit trail/);
  const res = await fetch(`${api.baseUrl}/api/v1/cases`, { headers: { authorization: `Bearer ${secret}` } });
  assert.is(res.status, 200);
  assert.is((await fetch(`${api.baseUrl}/api/v1/audit`, { headers: { authorization: `Bearer ${secret}` } })).status, 200);
  assert.is((await fetch(`${api.baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${secret}` } })).status, 403, 'never people');
  await page.getByTestId('token-revoke').click();
  await page.getByTestId('token-revoke').waitFor({ state: 'detached' });
  assert.is((await fetch(`${api.baseUrl}/api/v1/cases`, { headers: { authorization: `Bearer ${secret}` } })).status, 401);
  await logOut();
});

test('the platform admin reads the invitation on the Outbox page (development mode)', async () => {
  await logIn('privacy@clientnote.test');
  await page.goto(`${api.baseUrl}/admin/outbox`);
  await page.getByTestId('dev-mode-banner').waitFor();
  const first = page.getByTestId('outbox-message').first();
  assert.match(await first.innerText(), new RegExp(NEW_EMAIL.replace('.', '\\.')));
  await logOut();
});

test('an invitation to an address that has an account elsewhere looks like any other; its owner is told why it cannot be accepted', async () => {
  await logIn('admin@demo.test');
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('invite-email').fill('admin@nordisk.test');
  await page.getByTestId('invite-submit').click();
  await page.getByTestId('invite-sent').waitFor();
  await logOut();
  const mail = api.mailSink.messages().find((m) => m.to.includes('admin@nordisk.test'));
  assert.ok(mail, 'mailed like any invitation');
  const link = new URL(/(http\S+accept-invitation\?token=[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!);
  await page.goto(`${api.baseUrl}${link.pathname}${link.search}`);
  await page.getByTestId('accept-name').fill('Niels Again');
  await page.getByTestId('accept-password').fill(NEW_PASSWORD);
  await page.getByTestId('accept-submit').click();
  await page.getByTestId('invitation-taken').waitFor();
  assert.match(await page.getByTestId('invitation-taken').innerText(), /already has a Clientnote account/);
  assert.is((await api.knex('users').whereRaw('lower(email) = ?', ['admin@nordisk.test'])).length, 1, 'no second account');
});

test.run();
