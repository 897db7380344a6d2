// What a case collected and decided, per organisation: parties and ownership
// edges with the UBO result, screening hits, report sections, approvals, the
// risk assessment, and the organisation's case settings. Every method takes
// the orgId; writes the workflow's activities make are idempotent.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { HitDecision, SectionKey } from '../../domain/kyc/case.ts';
import { SECTION_KEYS } from '../../domain/kyc/case.ts';
import type { RiskAssessment, RiskLevel, RiskModel } from '../../domain/kyc/risk.ts';
import { MONITORED_CASE_STATUSES } from '../../domain/lists/monitoring.ts';
import { DEFAULT_CASE_DURATIONS, slaReminderFor, type CaseDurations } from '../../domain/kyc/case-workflow.ts';

export interface PartyRecord {
  id: string;
  registryId: string;
  kind: 'person' | 'company';
  name: string;
  country: string | null;
  cvr: string | null;
  birthDate: string | null;
  roles: string[];
  isSubject: boolean;
  ubo: { certainty: 'certain' | 'possible' | 'fallback'; share: { low: number; high: number } | null; voting: { low: number; high: number } | null; reasons: string[] } | null;
  /** `registry`: from data collection; `manual`: added by a handler. */
  source?: 'registry' | 'manual';
  nationality?: string | null;
  address?: string | null;
  /** The sealed CPR number (api/sealed-text.ts), never sent as it is. */
  cprSealed?: string | null;
  /** The registry's values of a corrected party, and who corrected it, when and why. */
  registryValues?: { name: string; birthDate: string | null; country: string | null } | null;
  correction?: { by: string | null; reason: string | null; at: string } | null;
}
/** What a handler writes about a party (add or correct). */
export interface PartyFields { kind?: 'person' | 'company'; name?: string; birthDate?: string | null; nationality?: string | null; country?: string | null; address?: string | null; cvr?: string | null; cprSealed?: string | null; roles?: string[] }
export interface CaseFileSettings { defaultLanguage: 'da' | 'en'; pepManagementCounts: boolean; cprEnabled: boolean; aiDrafting: boolean; aiPseudonymise: boolean }
/** One version of a report section: a draft (template or AI, with its provenance) or a handler's text. */
export interface SectionVersionRecord {
  key: SectionKey; version: number; text: string; source: 'template' | 'ai' | 'handler'; provider: string | null; model: string | null;
  promptVersion: string | null; inputHash: string | null; citations: { sentence: number; evidence: string[]; kinds?: string[] }[] | null; fallbackReason: string | null;
  createdBy: string | null; createdAt: string;
}
export type NewSectionVersion = Omit<SectionVersionRecord, 'version' | 'createdAt'>;
export interface OwnershipRecord { ownerPartyId: string; ownedPartyId: string; share: { low: number; high: number } | null; voting: { low: number; high: number } | null; validFrom: string | null }
export interface HitRecord {
  id: string; partyId: string; entityId: string; list: string; listedName: string; primaryName: string; score: number;
  explanation: unknown; entity: unknown; decision: HitDecision; reason: string | null; decidedBy: string | null; decidedAt: string | null;
  /** Set when the dismissal was carried over from an earlier case. */
  rememberedFrom?: string | null;
  /** `monitoring` when ongoing monitoring raised it from a new list version (listVersionId). */
  source?: 'screening' | 'monitoring';
  listVersionId?: string | null;
  /** § 18, stk. 6: the day a PEP left office, and the compliance officer's record that the risk is no longer increased. */
  pepLeftOfficeOn?: string | null;
  pepCleared?: { by: string | null; at: string } | null;
}
export interface SectionRecord { key: SectionKey; text: string; accepted: boolean; source: string; updatedBy: string | null; updatedAt: string }
export interface ApprovalRecord { userId: string | null; capacity: string; decision: string; reportVersion: string | null; returnTo: string | null; comment: string | null; createdAt: string }

export type NewParty = Omit<PartyRecord, 'id'>;
/** A dismissal carried forward onto a new hit: the earlier decision, and which hit it came from. */
export interface CarriedDecision { decision: 'dismissed'; reason: string | null; decidedBy: string | null; decidedAt: Date | string | null; rememberedFrom: string }
/** A case party that ongoing monitoring re-screens (a case in a monitored status, of any organisation). */
export interface MonitoredParty {
  id: string; orgId: string; caseId: string; registryId: string; kind: 'person' | 'company'; name: string;
  country: string | null; cvr: string | null; birthDate: string | null;
}
export interface CaseSettings { slaSeconds: number; durations: CaseDurations; riskModel: RiskModel | null }

const band = (low: number | null, high: number | null) => (low === null || high === null ? null : { low, high });
const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : d);
const dateOnly = (d: Date | string | null) => (d === null ? null : d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : d.slice(0, 10));

export function createCaseDataRepository(knex: Knex) {
  const monitoredParties = () => knex('case_parties as p').join('cases as c', 'c.id', 'p.caseId').whereIn('c.status', MONITORED_CASE_STATUSES as string[]);

  /**
   * The one rule that carries a hit decision forward: a hit this organisation dismissed
   * before for the same party (`partyKey`), list entity and entity content hash arrives
   * dismissed, pointing at the newest such decision. Case screening looks in the
   * organisation's other cases (`exceptCaseId`); ongoing monitoring in all of them.
   */
  async function dismissalCarriedForward(
    orgId: string, hit: { partyKey: string; entityId: string; contentHash: string }, options: { exceptCaseId?: string } = {}, db: Knex = knex,
  ): Promise<CarriedDecision | null> {
    const query = db('case_hits').where({ orgId, partyKey: hit.partyKey, entityId: hit.entityId, contentHash: hit.contentHash, decision: 'dismissed' });
    if (options.exceptCaseId) query.whereNot({ caseId: options.exceptCaseId });
    const earlier = (await query.orderBy('decidedAt', 'desc').first('id', 'reason', 'decidedBy', 'decidedAt')) as { id: string; reason: string | null; decidedBy: string | null; decidedAt: Date | null } | undefined;
    return earlier ? { decision: 'dismissed', reason: earlier.reason, decidedBy: earlier.decidedBy, decidedAt: earlier.decidedAt, rememberedFrom: earlier.id } : null;
  }

  return {
    dismissalCarriedForward,

    /**
     * Replace the registry's parties and edges in one transaction (a retried collection writes the same result);
     * parties a handler added stay.
     */
    async replaceParties(orgId: string, caseId: string, parties: NewParty[], edges: { ownerRegistryId: string; ownedRegistryId: string; share: { low: number; high: number } | null; voting: { low: number; high: number } | null; validFrom: string | null }[]): Promise<PartyRecord[]> {
      return knex.transaction(async (trx) => {
        const registryParties = trx('case_parties').where({ orgId, caseId, source: 'registry' }).select('id');
        await trx('case_hits').where({ orgId, caseId }).whereIn('partyId', registryParties).delete();
        await trx('case_parties').where({ orgId, caseId, source: 'registry' }).delete();
        if (!parties.length) return [];
        const rows = await trx('case_parties').insert(parties.map((p) => ({
          orgId, caseId, registryId: p.registryId, kind: p.kind, name: p.name, country: p.country, cvr: p.cvr,
          birthDate: p.birthDate, roles: p.roles, isSubject: p.isSubject, ubo: p.ubo ? JSON.stringify(p.ubo) : null,
        }))).returning('*');
        const idOf = new Map(rows.map((r: { registryId: string; id: string }) => [r.registryId, r.id]));
        const edgeRows = edges.filter((e) => idOf.has(e.ownerRegistryId) && idOf.has(e.ownedRegistryId)).map((e) => ({
          orgId, caseId, ownerPartyId: idOf.get(e.ownerRegistryId), ownedPartyId: idOf.get(e.ownedRegistryId),
          shareLow: e.share?.low ?? null, shareHigh: e.share?.high ?? null, votingLow: e.voting?.low ?? null, votingHigh: e.voting?.high ?? null, validFrom: e.validFrom,
        }));
        if (edgeRows.length) await trx('case_ownerships').insert(edgeRows).onConflict(['owner_party_id', 'owned_party_id']).ignore();
        return rows.map(toParty);
      });
    },

    /** A party a handler adds (source `manual`). */
    async addParty(orgId: string, caseId: string, fields: PartyFields & { kind: 'person' | 'company'; name: string; roles: string[] }): Promise<PartyRecord> {
      const [row] = await knex('case_parties').insert({
        orgId, caseId, registryId: `manual:${randomUUID()}`, source: 'manual', isSubject: false, ubo: null, kind: fields.kind, name: fields.name,
        birthDate: fields.birthDate ?? null, nationality: fields.nationality ?? null, country: fields.country ?? null, address: fields.address ?? null,
        cvr: fields.cvr ?? null, cprSealed: fields.cprSealed ?? null, roles: fields.roles,
      }).returning('*');
      return toParty(row);
    },

    /** A correction; a registry party keeps the registry's values as provenance, with who corrected it and why. */
    async correctParty(orgId: string, caseId: string, partyId: string, fields: PartyFields, by: { userId: string; reason: string | null; at: Date }): Promise<PartyRecord | null> {
      return knex.transaction(async (trx) => {
        const current = await trx('case_parties').where({ orgId, caseId, id: partyId }).forUpdate().first();
        if (!current) return null;
        const patch: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) patch[k] = v;
        if (current.source === 'registry' && !current.registryValues) {
          patch.registryValues = JSON.stringify({ name: current.name, birthDate: dateOnly(current.birthDate), country: current.country });
        }
        patch.correctedBy = by.userId;
        patch.correctionReason = by.reason;
        patch.correctedAt = by.at;
        const [row] = await trx('case_parties').where({ orgId, caseId, id: partyId }).update(patch).returning('*');
        return toParty(row);
      });
    },

    /** Removes a manually added party; `open_hit` while screening has an undecided hit on it. */
    async removeManualParty(orgId: string, caseId: string, partyId: string): Promise<'removed' | 'not_found' | 'not_manual' | 'open_hit'> {
      return knex.transaction(async (trx) => {
        const current = await trx('case_parties').where({ orgId, caseId, id: partyId }).forUpdate().first('source');
        if (!current) return 'not_found';
        if (current.source !== 'manual') return 'not_manual';
        if (await trx('case_hits').where({ orgId, caseId, partyId, decision: 'open' }).first('id')) return 'open_hit';
        await trx('case_parties').where({ orgId, caseId, id: partyId }).delete();
        return 'removed';
      });
    },

    async parties(orgId: string, caseId: string): Promise<PartyRecord[]> {
      return (await knex('case_parties').where({ orgId, caseId }).orderBy([{ column: 'isSubject', order: 'desc' }, { column: 'name' }])).map(toParty);
    },

    async ownerships(orgId: string, caseId: string): Promise<OwnershipRecord[]> {
      const rows = await knex('case_ownerships').where({ orgId, caseId });
      return rows.map((r: Record<string, any>) => ({
        ownerPartyId: r.ownerPartyId, ownedPartyId: r.ownedPartyId, share: band(r.shareLow, r.shareHigh), voting: band(r.votingLow, r.votingHigh), validFrom: dateOnly(r.validFrom),
      }));
    },

    /**
     * New hits for a case. A hit this organisation dismissed before for the same party
     * (`partyKey`), list entity and entity content hash arrives dismissed, pointing at that decision.
     */
    async addHits(orgId: string, caseId: string, hits: (Omit<HitRecord, 'id' | 'decision' | 'reason' | 'decidedBy' | 'decidedAt'> & { partyKey: string; contentHash: string })[]): Promise<void> {
      if (!hits.length) return;
      const rows = [];
      for (const h of hits) {
        const carried = await dismissalCarriedForward(orgId, h, { exceptCaseId: caseId });
        rows.push({
          orgId, caseId, partyId: h.partyId, entityId: h.entityId, list: h.list, listedName: h.listedName, primaryName: h.primaryName,
          score: h.score, explanation: JSON.stringify(h.explanation), entity: JSON.stringify(h.entity), partyKey: h.partyKey, contentHash: h.contentHash,
          ...(carried ?? {}),
        });
      }
      await knex('case_hits').insert(rows).onConflict(['case_id', 'party_id', 'entity_id']).ignore();
    },

    async hits(orgId: string, caseId: string): Promise<HitRecord[]> {
      const rows = await knex('case_hits').where({ orgId, caseId }).orderBy([{ column: 'score', order: 'desc' }, { column: 'id' }]);
      return rows.map((r: Record<string, any>) => ({
        id: r.id, partyId: r.partyId, entityId: r.entityId, list: r.list, listedName: r.listedName, primaryName: r.primaryName, score: r.score,
        explanation: r.explanation, entity: r.entity, decision: r.decision, reason: r.reason, decidedBy: r.decidedBy, decidedAt: iso(r.decidedAt),
        rememberedFrom: r.rememberedFrom ?? null, source: r.source ?? 'screening', listVersionId: r.listVersionId ?? null,
        pepLeftOfficeOn: dateOnly(r.pepLeftOfficeOn ?? null), pepCleared: r.pepClearedAt ? { by: r.pepClearedBy ?? null, at: iso(r.pepClearedAt)! } : null,
      }));
    },

    /** The hit already on the case for this party and list entity (ongoing monitoring checks it before raising one). */
    async hitOfPartyEntity(orgId: string, caseId: string, partyId: string, entityId: string, db: Knex = knex): Promise<{ id: string; decision: string; contentHash: string | null } | null> {
      return ((await db('case_hits').where({ orgId, caseId, partyId, entityId }).first('id', 'decision', 'contentHash')) as { id: string; decision: string; contentHash: string | null } | undefined) ?? null;
    },

    /** Write a hit ongoing monitoring raised: over the earlier one (`existingId`), or as a new hit of the party. */
    async saveMonitoringHit(
      target: { orgId: string; caseId: string; partyId: string; entityId: string; list: string; existingId: string | null },
      row: Record<string, unknown>, db: Knex = knex,
    ): Promise<void> {
      if (target.existingId) await db('case_hits').where({ orgId: target.orgId, id: target.existingId }).update(row);
      else await db('case_hits').insert({ orgId: target.orgId, caseId: target.caseId, partyId: target.partyId, entityId: target.entityId, list: target.list, ...row });
    },

    /** The open hits a list version raised on these parties (of any organisation: monitoring runs platform-wide). */
    async openHitsOfVersion(listVersionId: string, partyIds: readonly string[]): Promise<Array<{ caseId: string; id: string }>> {
      if (!partyIds.length) return [];
      return (await knex('case_hits').where({ listVersionId, decision: 'open' }).whereIn('partyId', partyIds).select('caseId', 'id')) as Array<{ caseId: string; id: string }>;
    },

    /** Open hits ongoing monitoring raised on the organisation's cases, per case, the case with the newest first. */
    async openMonitoringHitsByCase(orgId: string): Promise<Array<{ caseId: string; openHits: number }>> {
      const rows = (await knex('case_hits').where({ orgId, source: 'monitoring', decision: 'open' })
        .groupBy('caseId').select('caseId').count({ n: '*' }).max({ latest: 'createdAt' }).orderBy('latest', 'desc')) as Array<{ caseId: string; n: string }>;
      return rows.map((r) => ({ caseId: r.caseId, openHits: Number(r.n) }));
    },

    /** How many parties ongoing monitoring re-screens (every organisation's cases in a monitored status). */
    async countMonitoredParties(): Promise<number> {
      const [{ n }] = (await monitoredParties().count({ n: 'p.id' })) as [{ n: string }];
      return Number(n);
    },

    /** The next `size` monitored parties in id order, after the cursor. */
    async monitoredPartiesAfter(after: string | null, size: number): Promise<MonitoredParty[]> {
      const query = monitoredParties().orderBy('p.id').limit(size)
        .select('p.id', 'p.orgId', 'p.caseId', 'p.registryId', 'p.kind', 'p.name', 'p.country', 'p.cvr', 'p.birthDate');
      if (after) query.where('p.id', '>', after);
      return ((await query) as Array<Omit<MonitoredParty, 'birthDate'> & { birthDate: string | Date | null }>).map((p) => ({
        ...p, birthDate: p.birthDate instanceof Date ? dateOnly(p.birthDate) : p.birthDate,
      }));
    },

    async hit(orgId: string, caseId: string, hitId: string): Promise<HitRecord | null> {
      return (await this.hits(orgId, caseId)).find((h) => h.id === hitId) ?? null;
    },

    async decideHit(orgId: string, caseId: string, hitId: string, change: { decision: HitDecision; decidedBy: string; at: Date }): Promise<void> {
      await knex('case_hits').where({ orgId, caseId, id: hitId }).update({ decision: change.decision, reason: null, decidedBy: change.decidedBy, decidedAt: change.at });
    },

    /** § 18, stk. 6: the day the person left the office that made them a PEP (a new day clears an earlier clearance). */
    async setPepLeftOffice(orgId: string, caseId: string, hitId: string, leftOfficeOn: string): Promise<void> {
      await knex('case_hits').where({ orgId, caseId, id: hitId }).update({ pepLeftOfficeOn: leftOfficeOn, pepClearedBy: null, pepClearedAt: null });
    },

    async clearPep(orgId: string, caseId: string, hitId: string, by: string, at: Date): Promise<void> {
      await knex('case_hits').where({ orgId, caseId, id: hitId }).update({ pepClearedBy: by, pepClearedAt: at });
    },

    /** The reason is free text, so the API writes it, after the workflow accepted the decision. */
    async setHitReason(orgId: string, caseId: string, hitId: string, reason: string | null): Promise<void> {
      await knex('case_hits').where({ orgId, caseId, id: hitId }).update({ reason });
    },

    /** The template drafts of sections not written yet, each recorded as the section's first version. */
    async ensureSections(orgId: string, caseId: string, drafts: { key: SectionKey; text: string; source: string }[]): Promise<SectionKey[]> {
      if (!drafts.length) return [];
      return knex.transaction(async (trx) => {
        const inserted = await trx('case_sections').insert(drafts.map((d) => ({ orgId, caseId, key: d.key, text: d.text, source: d.source })))
          .onConflict(['case_id', 'key']).ignore().returning('key') as { key: SectionKey }[];
        for (const { key } of inserted) {
          const d = drafts.find((x) => x.key === key)!;
          await addVersion(trx, orgId, caseId, { key, text: d.text, source: 'template', provider: null, model: null, promptVersion: null, inputHash: null, citations: null, fallbackReason: null, createdBy: null });
        }
        return inserted.map((r) => r.key);
      });
    },

    /**
     * A new draft of a section (AI, or the template it fell back to): always a new version; it becomes the
     * section's text unless the section is accepted or a handler has written it since.
     */
    async addDraft(orgId: string, caseId: string, draft: NewSectionVersion): Promise<{ version: number; applied: boolean }> {
      return knex.transaction(async (trx) => {
        const version = await addVersion(trx, orgId, caseId, draft);
        const applied = await trx('case_sections').where({ orgId, caseId, key: draft.key, accepted: false }).whereNot({ source: 'handler' })
          .update({ text: draft.text, source: draft.source, updatedAt: new Date() });
        return { version, applied: applied > 0 };
      });
    },

    async sectionVersions(orgId: string, caseId: string): Promise<SectionVersionRecord[]> {
      const rows = await knex('case_section_versions').where({ orgId, caseId }).orderBy([{ column: 'key' }, { column: 'version' }]);
      return rows.map((r: Record<string, any>) => ({
        key: r.key, version: r.version, text: r.text, source: r.source, provider: r.provider, model: r.model, promptVersion: r.promptVersion,
        inputHash: r.inputHash, citations: r.citations, fallbackReason: r.fallbackReason, createdBy: r.createdBy, createdAt: iso(r.createdAt)!,
      }));
    },

    async sections(orgId: string, caseId: string): Promise<SectionRecord[]> {
      const rows = await knex('case_sections').where({ orgId, caseId });
      const byKey = new Map(rows.map((r: Record<string, any>) => [r.key, r]));
      return SECTION_KEYS.filter((k) => byKey.has(k)).map((k) => {
        const r = byKey.get(k)!;
        return { key: k, text: r.text, accepted: r.accepted, source: r.source, updatedBy: r.updatedBy, updatedAt: iso(r.updatedAt)! };
      });
    },

    /** The handler's text (a new version when it differs from the current one: the draft is never lost). */
    async writeSection(orgId: string, caseId: string, key: SectionKey, change: { text: string; accepted: boolean; by: string; at: Date }): Promise<void> {
      await knex.transaction(async (trx) => {
        const current = await trx('case_sections').where({ orgId, caseId, key }).forUpdate().first('text');
        if (current?.text !== change.text) {
          await addVersion(trx, orgId, caseId, { key, text: change.text, source: 'handler', provider: null, model: null, promptVersion: null, inputHash: null, citations: null, fallbackReason: null, createdBy: change.by });
        }
        await trx('case_sections').insert({ orgId, caseId, key, text: change.text, accepted: change.accepted, source: 'handler', updatedBy: change.by, updatedAt: change.at })
          .onConflict(['case_id', 'key']).merge(['text', 'accepted', 'source', 'updated_by', 'updated_at']);
      });
    },

    async recordApproval(orgId: string, caseId: string, a: { userId: string; capacity: string; decision: string; reportVersion: string | null; returnTo: string | null; key: string }): Promise<void> {
      await knex('case_approvals').insert({ orgId, caseId, userId: a.userId, capacity: a.capacity, decision: a.decision, reportVersion: a.reportVersion, returnTo: a.returnTo, idempotencyKey: a.key })
        .onConflict('idempotency_key').ignore();
    },

    async commentLatestDecision(orgId: string, caseId: string, userId: string, comment: string): Promise<void> {
      const latest = await knex('case_approvals').where({ orgId, caseId, userId }).orderBy('createdAt', 'desc').first();
      if (latest) await knex('case_approvals').where({ id: latest.id }).update({ comment });
    },

    async approvals(orgId: string, caseId: string): Promise<ApprovalRecord[]> {
      const rows = await knex('case_approvals').where({ orgId, caseId }).orderBy('createdAt');
      return rows.map((r: Record<string, any>) => ({ userId: r.userId, capacity: r.capacity, decision: r.decision, reportVersion: r.reportVersion, returnTo: r.returnTo, comment: r.comment, createdAt: iso(r.createdAt)! }));
    },

    async caseFacts(orgId: string, caseId: string): Promise<Record<string, any> | null> {
      return (await knex('cases').where({ orgId, id: caseId }).first()) ?? null;
    },

    async patchCase(orgId: string, caseId: string, patch: Record<string, unknown>): Promise<void> {
      await knex('cases').where({ orgId, id: caseId }).update({ ...patch, updatedAt: new Date() });
    },

    async saveRisk(orgId: string, caseId: string, assessment: RiskAssessment): Promise<void> {
      await this.patchCase(orgId, caseId, { riskAssessment: JSON.stringify(assessment), riskLevel: assessment.riskLevel, dueDiligence: assessment.dueDiligence, riskOverride: null });
    },

    async overrideRisk(orgId: string, caseId: string, o: { riskLevel: RiskLevel; dueDiligence: string; justification: string; by: string; at: Date }): Promise<void> {
      await this.patchCase(orgId, caseId, { riskLevel: o.riskLevel, dueDiligence: o.dueDiligence, riskOverride: JSON.stringify({ riskLevel: o.riskLevel, justification: o.justification, by: o.by, at: o.at.toISOString() }) });
    },

    async caseFileSettings(orgId: string): Promise<CaseFileSettings> {
      const row = await knex('org_case_settings').where({ orgId }).first('defaultLanguage', 'pepManagementCounts', 'cprEnabled', 'aiDrafting', 'aiPseudonymise');
      return row
        ? { defaultLanguage: row.defaultLanguage, pepManagementCounts: row.pepManagementCounts, cprEnabled: row.cprEnabled, aiDrafting: row.aiDrafting, aiPseudonymise: row.aiPseudonymise }
        : { defaultLanguage: 'da', pepManagementCounts: true, cprEnabled: false, aiDrafting: false, aiPseudonymise: true };
    },

    async saveCaseFileSettings(orgId: string, s: Partial<CaseFileSettings>): Promise<void> {
      const row = { orgId, ...s, updatedAt: new Date() };
      await knex('org_case_settings').insert(row).onConflict('org_id').merge(Object.keys(row).filter((k) => k !== 'orgId'));
    },

    async settings(orgId: string): Promise<CaseSettings> {
      const row = await knex('org_case_settings').where({ orgId }).first();
      if (!row) return { slaSeconds: 30 * 86_400, durations: DEFAULT_CASE_DURATIONS, riskModel: null };
      return {
        slaSeconds: row.slaSeconds,
        durations: {
          reviewIntervalSeconds: { low: Number(row.reviewIntervalLowSeconds), medium: Number(row.reviewIntervalMediumSeconds), high: Number(row.reviewIntervalHighSeconds) },
          retentionSeconds: row.retentionSeconds === null || row.retentionSeconds === undefined ? DEFAULT_CASE_DURATIONS.retentionSeconds : Number(row.retentionSeconds),
          ...(row.holdRecheckSeconds ? { holdRecheckSeconds: Number(row.holdRecheckSeconds) } : {}),
          ...(row.purgeNoticeSeconds ? { purgeNoticeSeconds: Number(row.purgeNoticeSeconds) } : {}),
          ...(row.purgeEscalationSeconds ? { purgeEscalationSeconds: Number(row.purgeEscalationSeconds) } : {}),
          slaSeconds: row.slaSeconds,
          slaReminderSeconds: slaReminderFor(row.slaSeconds),
        },
        riskModel: row.riskModel ?? null,
      };
    },

    async saveSettings(orgId: string, s: {
      slaSeconds?: number; reviewIntervalSeconds?: Record<RiskLevel, number>; riskModel?: RiskModel | null;
      /** null: back to the legal default. */
      retentionSeconds?: number | null; holdRecheckSeconds?: number | null; purgeNoticeSeconds?: number | null; purgeEscalationSeconds?: number | null;
    }): Promise<void> {
      const row: Record<string, unknown> = { orgId, updatedAt: new Date() };
      if (s.retentionSeconds !== undefined) row.retentionSeconds = s.retentionSeconds;
      if (s.holdRecheckSeconds !== undefined) row.holdRecheckSeconds = s.holdRecheckSeconds;
      if (s.purgeNoticeSeconds !== undefined) row.purgeNoticeSeconds = s.purgeNoticeSeconds;
      if (s.purgeEscalationSeconds !== undefined) row.purgeEscalationSeconds = s.purgeEscalationSeconds;
      if (s.slaSeconds !== undefined) row.slaSeconds = s.slaSeconds;
      if (s.reviewIntervalSeconds) {
        row.reviewIntervalLowSeconds = s.reviewIntervalSeconds.low;
        row.reviewIntervalMediumSeconds = s.reviewIntervalSeconds.medium;
        row.reviewIntervalHighSeconds = s.reviewIntervalSeconds.high;
      }
      if (s.riskModel !== undefined) row.riskModel = s.riskModel ? JSON.stringify(s.riskModel) : null;
      await knex('org_case_settings').insert(row).onConflict('org_id').merge();
    },
  };
}

/** The next version of a section, in the caller's transaction (versions of one section are serialised by its row lock or insert). */
async function addVersion(trx: Knex, orgId: string, caseId: string, v: NewSectionVersion): Promise<number> {
  const [{ next }] = await trx('case_section_versions').where({ caseId, key: v.key }).select(trx.raw('coalesce(max(version), 0) + 1 as next')) as [{ next: number }];
  await trx('case_section_versions').insert({
    orgId, caseId, key: v.key, version: next, text: v.text, source: v.source, provider: v.provider, model: v.model, promptVersion: v.promptVersion,
    inputHash: v.inputHash, citations: v.citations ? JSON.stringify(v.citations) : null, fallbackReason: v.fallbackReason, createdBy: v.createdBy,
  });
  return next;
}

function toParty(r: Record<string, any>): PartyRecord {
  return {
    id: r.id, registryId: r.registryId, kind: r.kind, name: r.name, country: r.country, cvr: r.cvr, birthDate: dateOnly(r.birthDate),
    roles: r.roles ?? [], isSubject: r.isSubject, ubo: r.ubo ?? null,
    source: r.source ?? 'registry', nationality: r.nationality ?? null, address: r.address ?? null, cprSealed: r.cprSealed ?? null,
    registryValues: r.registryValues ?? null,
    correction: r.correctedAt ? { by: r.correctedBy ?? null, reason: r.correctionReason ?? null, at: iso(r.correctedAt)! } : null,
  };
}

export type CaseDataRepository = ReturnType<typeof createCaseDataRepository>;
