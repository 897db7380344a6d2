// AI drafts of the report (issue 13) clicked through in Danish, in real Chromium, on the real
// platform with a worker whose AI provider is a local chat-completions server:
// (a) the admin switches AI drafting on in the case-file settings; a handler writes a note the
//     drafts may use, drives a case to the report step and sees "Udkast: AI (model …)" on every
//     section, asks for a new AI draft of one, edits one section and accepts all, submits; the
//     reviewer sees the comparison: the handler's inserted words marked (<ins>, with words for
//     screen readers), and the AI badge.
// (b) a former PEP (§ 18, stk. 6): the handler records the day the director left office; before
//     12 months the compliance officer cannot clear the risk (the API says 409, the page offers
//     nothing); after, the compliance officer records it (a handler may not: 403), the page says
//     who and when, and the PEP banner is gone.
// Nothing on the Danish pages is English, a code or a UUID.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, hydrated, launchBrowser } from './harness/browser.ts';
import { writeReport } from './harness/case-page.ts';
import { caseDetail, caseWhen, completeDataCollection, completeScreening } from './harness/kyc-case.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { sentences, startFakeChatServer, type ChatRequest, type FakeChatServer } from './fixtures/chat-completions-server.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { SECTION_KEYS } from '../domain/kyc/case.ts';

let api: RunningApi;
let worker: RunningWorker;
let chat: FakeChatServer;
let browser: Browser;
let handlerApi: ApiClient;
const shots = join(REPO_ROOT, '.test-data', 'screenshots');

/** What must never show on a Danish page: the API's English, codes, UUIDs. */
const NOT_DANISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\b(uncited_sentence|unknown_evidence|not_json|AiMisconfigured|Ai_\w+|fallback|template|approve|reject|validation_failed|The request is not valid|Draft|conflict)\b/;

/** The evidence ids a request offered (E1 …), to answer with valid citations. */
const idsOf = (r: ChatRequest) => [...r.messages.find((m) => m.role === 'user')!.content.matchAll(/^(E\d+) \[/gm)].map((m) => m[1]!);
const AI_TEXT = 'Selskabet er registreret i CVR-registret. Ejerforholdene er oplyst.';

test.before(async () => {
  await resetDatabase();
  chat = await startFakeChatServer();
  chat.answer = (r) => {
    const ids = idsOf(r);
    return { content: sentences([{ text: 'Selskabet er registreret i CVR-registret.', evidence: [ids[0]!] }, { text: 'Ejerforholdene er oplyst.', evidence: [ids[1] ?? ids[0]!] }]) };
  };
  api = await startApi({ withWeb: true });
  worker = await startWorker({ ai: { baseUrl: chat.baseUrl, model: 'clientnote-test', apiKey: 'sk-test', timeoutMs: 2_000 } });
  browser = await launchBrowser();
  handlerApi = await login(api.baseUrl, 'handler@demo.test');
  mkdirSync(shots, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
  await chat?.close();
});

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  page.setDefaultTimeout(20_000);
  await gotoHydrated(page, `${api.baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(testConfig().demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

async function reloadUntil(page: Page, ready: () => Promise<boolean>, what: string): Promise<void> {
  await withTimeout((async () => {
    for (;;) {
      if (await ready()) return;
      await page.waitForTimeout(300);
      await page.reload();
    }
  })(), 30_000, what);
  await hydrated(page);
}

async function assertDanish(page: Page, where: string): Promise<void> {
  assert.is(await page.getAttribute('html', 'lang'), 'da', where);
  const text = await page.locator('body').innerText();
  const found = NOT_DANISH.exec(text);
  assert.not.ok(found, `${where}: "${found?.[0]}" on a Danish page`);
}

/** A case opened over the API and taken through data collection and screening (`confirm`: hits to confirm). */
async function caseAtRisk(cvr: string, confirm?: (hit: any) => boolean): Promise<string> {
  const res = await handlerApi.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
  assert.is(res.status, 201);
  const id = res.body.id as string;
  await completeDataCollection(handlerApi, id);
  await completeScreening(handlerApi, id, confirm);
  await caseWhen(handlerApi, id, (c) => c.step === 'risk' && !!c.riskLevel, 'risk assessed');
  return id;
}

const section = (page: Page, key: string) => page.locator(`[data-testid="section"][data-key="${key}"]`);

test('(a) AI drafts: switched on by the admin, marked on the report step, compared word by word for the reviewer', async () => {
  // The admin switches AI drafting on; names are replaced by placeholders by default.
  const admin = await logIn('admin@demo.test');
  await gotoHydrated(admin, `${api.baseUrl}/admin`);
  const settings = admin.getByTestId('case-file-settings');
  assert.not.ok(await settings.getByTestId('cfs-ai-drafting').isChecked(), 'off by default');
  assert.ok(await settings.getByTestId('cfs-ai-pseudonymise').isChecked(), 'placeholders by default');
  assert.match(await settings.innerText(), /Udkast fra AI/);
  assert.match(await settings.innerText(), /Navne erstattes af pladsholdere, før tekst sendes til AI/);
  await settings.getByTestId('cfs-ai-drafting').check();
  await settings.getByTestId('cfs-save').click();
  await admin.getByTestId('cfs-saved').waitFor();
  await hydrated(admin);
  assert.ok(await admin.getByTestId('cfs-ai-drafting').isChecked());
  assert.ok(await admin.getByTestId('cfs-ai-pseudonymise').isChecked());
  await assertDanish(admin, 'settings');
  const saved = (await handlerApi.request('GET', '/api/v1/organisation/case-file-settings')).body;
  assert.equal([saved.aiDrafting, saved.aiPseudonymise], [true, true]);

  // The handler: a note the drafts may use, and one they may not; the case to the report step.
  const id = await caseAtRisk('38411063');
  const handler = await logIn('handler@demo.test');
  const caseUrl = `${api.baseUrl}/cases/${id}`;
  await gotoHydrated(handler, caseUrl);
  await handler.getByTestId('note-input').fill('Kunden oplyste på mødet, at selskabet udvider til Sverige næste år.');
  assert.not.ok(await handler.getByTestId('note-usable-input').isChecked(), 'not usable unless the handler says so');
  assert.match(await handler.getByTestId('note-form').innerText(), /Må bruges i AI-udkast/);
  await handler.getByTestId('note-usable-input').check();
  await handler.getByTestId('note-submit').click();
  await handler.getByTestId('note-usable').waitFor();
  await hydrated(handler);
  await handler.getByTestId('note-input').fill('Intern bemærkning: ikke til rapporten.');
  await handler.getByTestId('note-submit').click();
  await handler.locator('[data-testid="note"]').nth(1).waitFor();
  await hydrated(handler);
  // The second note is switched on and off again on the note itself.
  const second = handler.locator('[data-testid="note"]').nth(1);
  assert.is(await second.getByTestId('note-usable').count(), 0);
  await second.getByTestId('note-usable-toggle').click();
  await handler.locator('[data-testid="note"]').nth(1).getByTestId('note-usable').waitFor();
  await hydrated(handler);
  await handler.locator('[data-testid="note"]').nth(1).getByTestId('note-usable-toggle').click();
  await handler.locator('[data-testid="note"]').nth(1).getByTestId('note-usable').waitFor({ state: 'detached' });
  await hydrated(handler);
  const notes = (await handlerApi.request('GET', `/api/v1/cases/${id}/notes`)).body.items;
  assert.equal(notes.map((n: any) => n.usableForDrafting), [true, false]);

  const before = chat.requests.length;
  await handler.locator('[data-testid="case-complete-step"][data-step="risk"]').click();
  await reloadUntil(handler, async () => (await handler.locator('[data-testid="section-provenance"][data-source="ai"]').count()) === SECTION_KEYS.length, 'AI drafts of every section');
  const sent = chat.requests.slice(before).map((r) => JSON.stringify(r));
  assert.is(sent.length, SECTION_KEYS.length, 'one request per section');
  for (const body of sent) {
    assert.match(body, /udvider til Sverige/, 'the usable note is evidence');
    assert.not.match(body, /Intern bemærkning/, 'the other note is not');
  }
  for (const key of SECTION_KEYS) {
    assert.is(await section(handler, key).getByTestId('section-provenance').innerText(), 'Udkast: AI (model clientnote-test)');
    assert.is(await section(handler, key).getByTestId('section-text').inputValue(), AI_TEXT);
    assert.is(await section(handler, key).getByTestId('section-redraft').count(), 1, '"Nyt AI-udkast" on an unaccepted section');
  }
  await assertDanish(handler, 'report step with AI drafts');
  await handler.screenshot({ path: join(shots, 'ai-drafts-report.png'), fullPage: true });

  // A new AI draft of one section: asked (202), it arrives as a new version.
  const redraftBefore = chat.requests.length;
  await section(handler, 'client_description').getByTestId('section-redraft').click();
  await eventually(async () => {
    const versions = (await handlerApi.request('GET', `/api/v1/cases/${id}/sections/client_description/versions`)).body.items;
    return versions.length === 3 && versions[2].source === 'ai';
  }, 30_000, 'the new AI draft');
  assert.is(chat.requests.length - redraftBefore, 1);
  await gotoHydrated(handler, caseUrl);

  // The handler edits one section in her own words, then accepts all and submits.
  const edited = 'risk_rationale';
  const addition = ' Sagsbehandleren har talt med direktøren om udvidelsen.';
  await section(handler, edited).getByTestId('section-text').fill(AI_TEXT + addition);
  await section(handler, edited).getByTestId('section-accept').click();
  await handler.locator(`[data-testid="section"][data-key="${edited}"][data-accepted="true"]`).waitFor();
  await hydrated(handler);
  assert.is(await section(handler, edited).getByTestId('section-redraft').count(), 0, 'no new draft of an accepted section');
  await writeReport(handler, SECTION_KEYS.filter((k) => k !== edited), 'establish');
  await handler.getByTestId('case-submit').click();
  await handler.locator('[data-testid="case-step"][data-step="review"]').waitFor();
  await handler.context().close();

  // The reviewer: what the AI drafted and what the handler changed.
  const reviewer = await logIn('reviewer@demo.test');
  await gotoHydrated(reviewer, caseUrl);
  const compared = section(reviewer, edited).getByTestId('section-compare');
  assert.is(await compared.getByTestId('section-ai-badge').innerText(), 'AI-udkast');
  const inserted = await compared.locator('ins').allInnerTexts();
  assert.is(inserted.length, 1, 'one insertion');
  assert.match(inserted[0]!, /Sagsbehandleren har talt med direktøren om udvidelsen\./);
  assert.match(inserted[0]!, /tilføjet:/, 'the insertion is said in words, not by colour alone');
  assert.is(await compared.locator('del').count(), 0, 'nothing was removed');
  assert.match(await compared.innerText(), /Understreget: tilføjet af sagsbehandleren/);
  // Every version: the template, the AI's draft, the handler's edit.
  await compared.getByTestId('section-versions').locator('summary').click();
  assert.equal(await compared.getByTestId('section-version').evaluateAll((els) => els.map((el) => el.getAttribute('data-source'))), ['template', 'ai', 'handler']);
  assert.match(await compared.getByTestId('section-versions').innerText(), /Version 2, \d{2}\.\d{2}\.\d{4} \d{2}[:.]\d{2}: AI-udkast \(model clientnote-test\)/);
  assert.match(await compared.getByTestId('section-versions').innerText(), /Version 3, .*: rettet af Henrik Handler/);
  for (const key of SECTION_KEYS.filter((k) => k !== edited)) {
    assert.is(await section(reviewer, key).getByTestId('section-unchanged').innerText(), 'Godkendt uændret i forhold til udkastet.', key);
    assert.is(await section(reviewer, key).getByTestId('section-ai-badge').count(), 1, key);
  }
  await assertDanish(reviewer, 'review with the comparison');
  await reviewer.screenshot({ path: join(shots, 'ai-drafts-review.png'), fullPage: true });
  for (const p of [admin, reviewer]) await p.context().close();
});

test('(b) a former PEP: the day of leaving office, then after 12 months the compliance officer clears the risk', async () => {
  const id = await caseAtRisk('42831042', (hit) => hit.entity?.category === 'pep');
  const pepHit = (await caseDetail(handlerApi, id)).hits.find((h: any) => h.decision === 'confirmed' && h.entity?.category === 'pep');
  assert.ok(pepHit, 'a confirmed PEP hit');
  assert.ok((await caseDetail(handlerApi, id)).pep);
  const compliance = await login(api.baseUrl, 'compliance@demo.test');
  const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  // Recently left office: too early to clear (409), and the page offers nothing.
  const recent = await handlerApi.request('PUT', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-left-office`, { leftOfficeOn: isoDaysAgo(60) });
  assert.is(recent.status, 200);
  assert.is(recent.body.clearableFrom > isoDaysAgo(0), true, 'clearable in the future');
  assert.is((await compliance.request('POST', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-cleared`)).status, 409);
  const officer = await logIn('compliance@demo.test');
  const caseUrl = `${api.baseUrl}/cases/${id}`;
  await gotoHydrated(officer, caseUrl);
  const hit = (page: Page) => page.locator(`[data-testid="hit"][data-hit-id="${pepHit.id}"]`);
  await hit(officer).getByTestId('pep-left-office').waitFor();
  assert.is(await hit(officer).getByTestId('pep-clear-form').count(), 0, 'not before 12 months');

  // The handler records the real day, 13 months ago, on the page.
  const handler = await logIn('handler@demo.test');
  await gotoHydrated(handler, caseUrl);
  assert.is(await handler.getByTestId('pep-banner').count(), 1);
  const leftOn = isoDaysAgo(400);
  await hit(handler).getByTestId('pep-left-office-date').fill(leftOn);
  await hit(handler).getByTestId('pep-left-office-submit').click();
  await handler.locator(`[data-testid="hit"][data-hit-id="${pepHit.id}"] [data-testid="pep-former"][data-left-office-on="${leftOn}"]`).waitFor();
  await hydrated(handler);
  const [y, mo, d] = leftOn.split('-');
  assert.match(await hit(handler).getByTestId('pep-left-office').innerText(), new RegExp(`^Fratrådt ${d}\\.${mo}\\.${y}\\. Risikoen kan tidligst vurderes som ikke længere forhøjet \\d{2}\\.\\d{2}\\.\\d{4}\\.$`));
  assert.is(await hit(handler).getByTestId('pep-clear-form').count(), 0, 'only a compliance officer clears');
  assert.is((await handlerApi.request('POST', `/api/v1/cases/${id}/hits/${pepHit.id}/pep-cleared`)).status, 403);
  await assertDanish(handler, 'left office recorded');

  // The compliance officer clears it: who and when, and the PEP banner is gone.
  await gotoHydrated(officer, caseUrl);
  assert.match(await hit(officer).getByTestId('pep-clear-form').innerText(), /Registrér at risikoen ikke længere er forhøjet/);
  await hit(officer).getByTestId('pep-clear-submit').click();
  await hit(officer).getByTestId('pep-cleared').waitFor();
  await hydrated(officer);
  assert.match(await hit(officer).getByTestId('pep-cleared').innerText(), /^Risikoen er registreret som ikke længere forhøjet af .+ \d{2}\.\d{2}\.\d{4} \d{2}[:.]\d{2}\.$/);
  assert.is(await officer.getByTestId('pep-banner').count(), 0, 'no longer a PEP case');
  assert.is((await caseWhen(handlerApi, id, (c) => c.pep === false, 'pep cleared')).pep, false);
  await assertDanish(officer, 'former PEP cleared');
  await officer.screenshot({ path: join(shots, 'ai-drafts-former-pep.png'), fullPage: true });
  for (const p of [handler, officer]) await p.context().close();
});

test.run();
