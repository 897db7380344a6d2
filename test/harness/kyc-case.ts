// Driving a KYC case through its steps over the HTTP API, as a handler would:
// wait for the registry data, resolve every hit, accept every drafted section,
// submit. Tests that need a case in review (API, lifecycle, browser set-up) share it.
import type { Knex } from '../../db/knex.ts';
import { createCaseDataRepository } from '../../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../../db/repositories/case-file.ts';
import { SECTION_KEYS } from '../../domain/kyc/case.ts';
import { mustBeVerified } from '../../domain/kyc/case-file.ts';
import type { ApiClient } from './platform.ts';
import { eventually, withTimeout } from './timeout.ts';

export async function caseDetail(client: ApiClient, id: string): Promise<any> {
  const res = await client.request('GET', `/api/v1/cases/${id}`);
  if (res.status !== 200) throw new Error(`GET case ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Wait until the case satisfies `ready` (the projection is written by activities). */
export async function caseWhen(client: ApiClient, id: string, ready: (c: any) => boolean, what: string): Promise<any> {
  return eventually(async () => {
    const c = await caseDetail(client, id);
    return ready(c) ? c : undefined;
  }, 30_000, what);
}

async function ok(promise: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const res = await withTimeout(promise, 30_000, what);
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A business relationship as a handler records it (purpose, nature, activity, product, channel, and sources for enhanced due diligence). */
export const RELATIONSHIP = {
  purpose: 'Bogføring og årsregnskab for selskabet.',
  nature: 'Løbende rådgivning, fornyes årligt.',
  expectedActivity: 'Månedlig bogføring, omkring 40 bilag om måneden.',
  sourceOfFunds: 'Selskabets driftsindtægter fra salg af ydelser.',
  sourceOfWealth: 'Ejerens opsparing og udbytte fra selskabet.',
  product: 'standard',
  deliveryChannel: 'in_person',
} as const;

/** Record the relationship and verify (MitID) every person the case file says must be verified. */
export async function verifyRequiredPersons(handler: ApiClient, id: string): Promise<void> {
  await ok(handler.request('PUT', `/api/v1/cases/${id}/business-relationship`, RELATIONSHIP), 'business relationship');
  const c = await caseDetail(handler, id);
  for (const p of c.parties.filter((x: any) => x.mustBeVerified && x.verification.status !== 'verified')) {
    await ok(handler.request('PUT', `/api/v1/cases/${id}/parties/${p.id}/identity`, { method: 'mitid', description: 'MitID-login ved onboarding' }), `verify ${p.id}`);
  }
}

export async function completeDataCollection(handler: ApiClient, id: string): Promise<void> {
  await caseWhen(handler, id, (c) => c.registryStatus === 'collected' || c.registryStatus === 'manual', 'registry data');
  await verifyRequiredPersons(handler, id);
  await ok(handler.request('POST', `/api/v1/cases/${id}/steps/data_collection/complete`), 'complete data_collection');
}

/** Resolve open hits (confirm those whose list entry is a sanctions entry when `confirm` says so) and complete screening. */
export async function completeScreening(handler: ApiClient, id: string, confirm: (hit: any) => boolean = () => false): Promise<void> {
  const c = await caseDetail(handler, id);
  for (const hit of c.hits.filter((h: any) => h.decision === 'open')) {
    const body = confirm(hit) ? { decision: 'confirmed' } : { decision: 'dismissed', reason: 'Different person: birth date and nationality do not match.' };
    await ok(handler.request('POST', `/api/v1/cases/${id}/hits/${hit.id}/decision`, body), 'hit decision');
  }
  await ok(handler.request('POST', `/api/v1/cases/${id}/steps/screening/complete`), 'complete screening');
}

/** Accept every drafted section (a placeholder is replaced by the handler's own words) and conclude: establish. */
export async function acceptAllSections(handler: ApiClient, id: string): Promise<void> {
  const c = await caseDetail(handler, id);
  for (const s of c.sections) {
    const text = !s.text || /\[[^\]]*\]/.test(s.text) ? 'Kunden er kendt, ejerforholdene er forstået, og risikoen er acceptabel: forbindelsen etableres.' : s.text;
    await ok(handler.request('PUT', `/api/v1/cases/${id}/sections/${s.key}`, { text, accepted: true }), `section ${s.key}`);
  }
  await ok(handler.request('PUT', `/api/v1/cases/${id}/conclusion`, { outcome: 'establish' }), 'conclusion');
}

/** From a fresh case to review; returns the submitted report version. */
export async function driveToReview(handler: ApiClient, id: string, options: { confirm?: (hit: any) => boolean } = {}): Promise<string> {
  await completeDataCollection(handler, id);
  await completeScreening(handler, id, options.confirm);
  await ok(handler.request('POST', `/api/v1/cases/${id}/steps/risk/complete`), 'complete risk');
  await acceptAllSections(handler, id);
  const submitted = await ok(handler.request('POST', `/api/v1/cases/${id}/submit`), 'submit');
  return submitted.reportVersion as string;
}

/**
 * For tests that drive the case workflow through the gateway rather than HTTP: the case file as the API
 * writes it (the edit claimed on the case, which records the editor, then the change in Postgres).
 * `data_collection`: every person who must be verified (MitID) and the relationship; `report`: every
 * section in the handler's words, accepted, and the conclusion "establish".
 */
export async function fileCaseDirectly(api: { knex: Knex }, ids: { orgId: string; caseId: string }, actorId: string, stage: 'data_collection' | 'report'): Promise<void> {
  const caseFile = createCaseFileRepository(api.knex);
  const data = createCaseDataRepository(api.knex);
  const { orgId, caseId } = ids;
  const claim = async (part: Parameters<typeof caseFile.claimEdit>[3]) => {
    const claimed = await caseFile.claimEdit(orgId, caseId, actorId, part);
    if (claimed !== 'ok') throw new Error(`edit ${part} of case ${caseId}: ${JSON.stringify(claimed)}`);
  };
  if (stage === 'data_collection') {
    for (const party of (await caseFile.facts(orgId, caseId))!.parties.filter(mustBeVerified)) {
      await claim('identity');
      await caseFile.verify(orgId, caseId, party.id, { method: 'mitid', documentId: null, description: null, by: actorId, at: new Date() });
    }
    await claim('relationship');
    await caseFile.saveRelationship(orgId, caseId, { ...RELATIONSHIP }, actorId, new Date());
    return;
  }
  for (const key of SECTION_KEYS) {
    await claim('section');
    await data.writeSection(orgId, caseId, key, { text: 'Gennemgået og fundet i orden.', accepted: true, by: actorId, at: new Date() });
  }
  await claim('conclusion');
  await data.patchCase(orgId, caseId, { conclusion: 'establish' });
}
