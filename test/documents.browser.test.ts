// Documents in real Chromium: the handler uploads a document on the case page
// (a path-traversal name comes back sanitised, an .exe named .pdf is refused),
// decides it (nothing pre-selected, a reason always: rejects it, then accepts it),
// marks it as a passport, and asks the client for a
// document; the client opens the link from the real mail in a browser without
// a login, uploads, and the link is then used up. The handler sees the client's
// document on the case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually } from './harness/timeout.ts';
import { EXE, PDF, PNG } from './harness/documents.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

let api: RunningApi;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
let caseId = '';
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

test.before(async () => {
  await resetDatabase();
  api = await startApi({ withWeb: true });
  worker = await startWorker({ mailSink: api.mailSink });
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
  const handler = await login(api.baseUrl, 'handler@demo.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201);
  caseId = created.body.id;
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

/** A handler's page, logged in through the API (the login form itself is tested in web.browser.test.ts). */
async function handlerPage(): Promise<Page> {
  const res = await request(api.baseUrl, 'POST', '/api/v1/auth/login', { email: 'handler@demo.test', password: testConfig().demoPassword });
  assert.is(res.status, 200);
  const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
  const at = pair!.indexOf('=');
  const context = await browser.newContext({ locale: 'da-DK' });
  await context.addCookies([{ name: pair!.slice(0, at), value: pair!.slice(at + 1), url: api.baseUrl }]);
  const p = await context.newPage();
  p.setDefaultTimeout(20_000);
  return p;
}

const doc = (name: string) => page.locator(`[data-testid="document"][data-name="${name}"]`);

test('the handler uploads, sees an impostor refused, rejects with a reason and accepts', async () => {
  page = await handlerPage();
  await gotoHydrated(page, `${api.baseUrl}/cases/${caseId}`);
  await page.getByTestId('case-documents').waitFor();
  assert.ok(await page.getByTestId('documents-none').isVisible());

  await page.getByTestId('document-file').setInputFiles({ name: '../../etc/passwd.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('document-upload-submit').click();
  await doc('passwd.pdf').waitFor();
  assert.is(await doc('passwd.pdf').getAttribute('data-decision'), 'open');

  await page.getByTestId('document-file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: EXE });
  await page.getByTestId('document-upload-submit').click();
  await page.getByTestId('document-upload-error').waitFor();
  assert.match(await page.getByTestId('document-upload-error').innerText(), /PDF, PNG, JPEG eller DOCX/);
  assert.is(await page.getByTestId('document').count(), 1, 'the impostor was not stored');

  // The download link gives the original bytes as an attachment.
  const href = await doc('passwd.pdf').getByTestId('document-download').getAttribute('href');
  const cookies = await page.context().cookies();
  const download = await fetch(api.baseUrl + href, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(PDF));
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="passwd\.pdf"/);

  // The decision form chooses nothing for the handler; without a choice and a reason the browser does not send it.
  await doc('passwd.pdf').getByTestId('document-decide').click();
  assert.not.ok(await doc('passwd.pdf').getByTestId('document-accept').isChecked(), 'accept is not pre-selected');
  assert.not.ok(await doc('passwd.pdf').getByTestId('document-reject').isChecked(), 'reject is not pre-selected');
  assert.ok(await doc('passwd.pdf').getByTestId('document-reason-input').getAttribute('required').then((v) => v !== null), 'the reason is required');
  await doc('passwd.pdf').getByTestId('document-decision-submit').click();
  await page.waitForTimeout(300);
  assert.is(await page.getByTestId('document-decision-error').count(), 0, 'not sent');
  // A reason of spaces passes the browser: refused by the field in Danish, the choice kept; with a reason: recorded.
  await doc('passwd.pdf').getByTestId('document-reject').check();
  await doc('passwd.pdf').getByTestId('document-reason-input').fill('   ');
  await doc('passwd.pdf').getByTestId('document-decision-submit').click();
  await page.getByTestId('document-decision-error').waitFor();
  await hydrated(page);
  assert.match(await page.getByTestId('document-decision-error').innerText(), /Skriv en begrundelse/);
  assert.ok(await doc('passwd.pdf').getByTestId('document-reject').isChecked(), 'the choice is kept');
  assert.is(await doc('passwd.pdf').getAttribute('data-decision'), 'open', 'nothing was recorded');
  await doc('passwd.pdf').getByTestId('document-reason-input').fill('Kopien er ulæselig');
  await doc('passwd.pdf').getByTestId('document-decision-submit').click();
  await page.locator('[data-testid="document"][data-name="passwd.pdf"][data-decision="rejected"]').waitFor();
  await hydrated(page);
  assert.match(await doc('passwd.pdf').getByTestId('document-reason').innerText(), /Kopien er ulæselig/);
  await doc('passwd.pdf').getByTestId('document-decide').click();
  await doc('passwd.pdf').getByTestId('document-accept').check();
  await doc('passwd.pdf').getByTestId('document-reason-input').fill('Ny kopi modtaget og læselig');
  await doc('passwd.pdf').getByTestId('document-decision-submit').click();
  await page.locator('[data-testid="document"][data-name="passwd.pdf"][data-decision="accepted"]').waitFor();
  await hydrated(page);
  // What the document is: a passport (so it can verify a person's identity).
  assert.is(await doc('passwd.pdf').getByTestId('document-kind').getAttribute('data-kind'), '');
  await doc('passwd.pdf').getByTestId('document-kind-select').selectOption('passport');
  await doc('passwd.pdf').getByTestId('document-kind-submit').click();
  await page.locator('[data-testid="document"][data-name="passwd.pdf"] [data-testid="document-kind"][data-kind="passport"]').waitFor();
  await hydrated(page);
  assert.is(await doc('passwd.pdf').getByTestId('document-kind').innerText(), 'Pas');
  await page.screenshot({ path: join(shots, 'documents-handler.png'), fullPage: true });
});

test('the handler asks the client; the client uploads through the mailed link without logging in; the link is then used up', async () => {
  await page.getByTestId('document-request-open').click();
  await page.getByTestId('document-request-email').fill('kunde@example.test');
  await page.getByTestId('document-request-description').fill('Kopi af pas for direktøren');
  await page.getByTestId('document-request-submit').click();
  await page.locator('[data-testid="document-request"][data-status="pending"]').waitFor();

  const mail = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes('kunde@example.test')), 20_000, 'the request mail');
  const link = /(https?:\/\/\S+\/upload\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  assert.ok(link, 'the mail carries the link');
  const path = new URL(link!).pathname;

  // The client: a fresh browser, no cookies, no login.
  const client = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  client.setDefaultTimeout(20_000);
  await gotoHydrated(client, api.baseUrl + path);
  assert.match(await client.getByTestId('upload-organisation').innerText(), /Demo Revision ApS/);
  assert.is(await client.getByTestId('upload-description').innerText(), 'Kopi af pas for direktøren');
  await client.getByTestId('upload-file').setInputFiles({ name: 'pas.png', mimeType: 'image/png', buffer: PNG });
  await client.getByTestId('upload-submit').click();
  await client.getByTestId('upload-received').waitFor().catch(async (error: Error) => {
    throw new Error(`the upload page showed: ${client.url()} ${(await client.locator('body').innerText()).slice(0, 500)}`, { cause: error });
  });
  assert.match(await client.getByTestId('upload-received').innerText(), /pas\.png/);
  await client.screenshot({ path: join(shots, 'documents-client-received.png'), fullPage: true });
  await gotoHydrated(client, api.baseUrl + path);
  await client.getByTestId('upload-gone').waitFor();
  await gotoHydrated(client, `${api.baseUrl}/upload/${'x'.repeat(43)}`);
  await client.getByTestId('upload-unknown').waitFor();

  await gotoHydrated(page, `${api.baseUrl}/cases/${caseId}`);
  await doc('pas.png').waitFor();
  assert.is(await page.locator('[data-testid="document-request"][data-status="fulfilled"]').count(), 1);
  await page.screenshot({ path: join(shots, 'documents-from-client.png'), fullPage: true });
});

test('a request sent to the wrong address is withdrawn from the case page; its link then says so', async () => {
  await page.getByTestId('document-request-open').click();
  await page.getByTestId('document-request-email').fill('forkert@example.test');
  await page.getByTestId('document-request-description').fill('Årsrapport 2025');
  await page.getByTestId('document-request-submit').click();
  const pending = page.locator('[data-testid="document-request"][data-status="pending"]');
  await pending.waitFor();
  const mail = await eventually(async () => api.mailSink.messages().find((m) => m.to.includes('forkert@example.test')), 20_000, 'the request mail');
  const path = new URL(/(https?:\/\/\S+\/upload\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!).pathname;
  await pending.getByTestId('document-request-cancel').click();
  await page.locator('[data-testid="document-request"][data-status="cancelled"]').waitFor();
  assert.is(await page.locator('[data-testid="document-request"][data-status="pending"]').count(), 0);
  const client = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  await gotoHydrated(client, api.baseUrl + path);
  await client.getByTestId('upload-gone').waitFor();
  assert.match(await client.getByTestId('upload-gone').innerText(), /har trukket det tilbage|has withdrawn it/);
});

test.run();
