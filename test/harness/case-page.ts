// Working the case file on the case page in Chromium, as a handler clicks it (docs/case-file.md):
// verify every person the page lists as missing, describe the business relationship, and
// write the report (replace the drafter's placeholders, choose the conclusion, accept every
// section). Each post reloads the page; the next step waits for the new state and for hydration.
import type { Page } from 'playwright-core';
import { hydrated } from './browser.ts';

/** The persons whose identity the case file still wants verified (their names, in page order). */
export async function personsMissing(page: Page): Promise<string[]> {
  return page.locator('[data-testid="person"][data-status="missing"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''));
}

/** Verify one person on the page: MitID (with a note), an ID document of the case (`documentName`), or another source. */
export async function verifyPerson(page: Page, name: string, how: { method: 'mitid' | 'other'; description: string } | { method: 'id_document'; documentName: string }): Promise<void> {
  const person = page.locator(`[data-testid="person"][data-name="${name}"]`);
  const partyId = await person.getAttribute('data-party-id');
  await person.getByTestId('verify-open').click();
  await person.getByTestId('verify-method').selectOption(how.method);
  if (how.method === 'id_document') {
    const option = person.getByTestId('verify-document').locator('option', { hasText: how.documentName });
    await person.getByTestId('verify-document').selectOption(await option.getAttribute('value') ?? '');
  } else {
    await person.getByTestId('verify-description').fill(how.description);
  }
  await person.getByTestId('verify-submit').click();
  await page.locator(`[data-testid="person"][data-party-id="${partyId}"][data-status="verified"]`).waitFor();
  await hydrated(page);
}

/** Verify everyone the page lists as missing by MitID. */
export async function verifyAllByMitId(page: Page): Promise<string[]> {
  const names = await personsMissing(page);
  for (const name of names) await verifyPerson(page, name, { method: 'mitid', description: 'MitID-login på mødet med kunden' });
  return names;
}

export interface RelationshipAnswers {
  purpose: string; nature: string; expectedActivity: string; sourceOfFunds?: string; sourceOfWealth?: string;
  product: 'standard' | 'high_risk'; deliveryChannel: 'in_person' | 'remote';
}
export const RELATIONSHIP_DA: RelationshipAnswers = {
  purpose: 'Bogføring og årsregnskab for selskabet.',
  nature: 'Løbende rådgivning, fornyes årligt.',
  expectedActivity: 'Månedlig bogføring, omkring 40 bilag om måneden.',
  sourceOfFunds: 'Selskabets lejeindtægter fra udlejning af ejendomme.',
  sourceOfWealth: 'Ejernes opsparing og udbytte fra selskabet gennem 15 år.',
  product: 'standard',
  deliveryChannel: 'in_person',
};

/** Fill in and save the business relationship (the sources only where the form asks for them). */
export async function describeRelationship(page: Page, answers: RelationshipAnswers = RELATIONSHIP_DA): Promise<void> {
  const form = page.getByTestId('relationship-form');
  for (const name of ['purpose', 'nature', 'expectedActivity', 'sourceOfFunds', 'sourceOfWealth'] as const) {
    const field = form.getByTestId(`rel-${name}`);
    if ((await field.count()) > 0 && answers[name]) await field.fill(answers[name]!);
  }
  await form.getByTestId(`rel-product-${answers.product}`).check();
  await form.getByTestId(`rel-deliveryChannel-${answers.deliveryChannel}`).check();
  const before = await page.getByTestId('case-relationship').getAttribute('data-updated-at');
  await form.getByTestId('relationship-submit').click();
  // Saved: the page comes back with the time it was saved.
  await page.locator(`[data-testid="case-relationship"]:not([data-updated-at="${before ?? ''}"])`).waitFor();
  await hydrated(page);
}

/** The handler's own words for a section the drafter left a placeholder in. */
export const CONCLUSION_TEXT = 'Kunden er kendt, ejerforholdene er forstået, og risikoen er vurderet: kundeforholdet etableres.';

/**
 * Replace placeholders, choose the conclusion (nothing is chosen beforehand), and accept every
 * section. `keys` are the report's sections in order.
 */
export async function writeReport(page: Page, keys: readonly string[], outcome: 'establish' | 'decline' = 'establish'): Promise<void> {
  assertUnchosen(await page.getByTestId('conclusion-establish').isChecked(), await page.getByTestId('conclusion-decline').isChecked());
  await page.getByTestId(`conclusion-${outcome}`).check();
  await page.getByTestId('conclusion-submit').click();
  await page.locator(`[data-testid="conclusion-form"][data-saved="${outcome}"]`).waitFor();
  await hydrated(page);
  for (const key of keys) {
    const section = page.locator(`[data-testid="section"][data-key="${key}"]`);
    if ((await section.getByTestId('section-placeholder').count()) > 0) {
      await section.getByTestId('section-text').fill(CONCLUSION_TEXT);
    }
    await section.getByTestId('section-accept').click();
    await page.locator(`[data-testid="section"][data-key="${key}"][data-accepted="true"]`).waitFor();
    await hydrated(page);
  }
}

function assertUnchosen(establish: boolean, decline: boolean): void {
  if (establish || decline) throw new Error('the conclusion was chosen before the handler chose it');
}
