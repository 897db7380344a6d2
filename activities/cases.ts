// Case activities: the projection and its event (idempotent on a key the
// workflow derives deterministically, so a retried activity or a worker killed
// after the commit never writes twice), and the automated parts of a case:
// data collection from the registry with the UBO computation, screening of
// every party, the risk assessment, report drafting, periodic review cases and
// the retention clock. Inputs and results are ids and enums; names and texts
// are read from and written to Postgres here.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { createCaseDataRepository, type NewParty, type PartyRecord } from '../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { pepApplies } from '../domain/kyc/case-file.ts';
import { createLegalHoldRepository } from '../db/repositories/legal-holds.ts';
import { createOrganisationRepository } from '../db/repositories/organisations.ts';
import type { ApprovalCapacity, CaseDecision, CaseStatus, CaseStep, HitDecision, RegistryStatus, SectionKey } from '../domain/kyc/case.ts';
import { computeUbos, type OwnershipEdge, type OwnershipNode } from '../domain/kyc/owners.ts';
import { assessRisk, DEFAULT_RISK_MODEL, type DueDiligence, type RiskLevel } from '../domain/kyc/risk.ts';
import type { ScreeningQuery } from '../domain/screening/score.ts';
import type { CompanyFacts, CompanyRegistry } from '../providers/registry/registry.ts';
import { RegistryUnavailableError } from '../providers/registry/registry.ts';
import { createOfflineRegistry } from '../providers/registry/offline.ts';
import { createStoredScreener, type StoredScreener } from '../screening/party-screener.ts';
import type { IndexService } from '../screening/index-service.ts';
import { draftSections } from './report-drafting.ts';

export interface CaseActivityDeps {
  knex: Knex;
  /** The company registry (default: the offline demo companies). */
  registry?: CompanyRegistry;
  /**
   * The screening index over the current list versions, shared by every activity
   * of the worker (built at worker start, rebuilt when a new version lands).
   * Without one, the activities build their own on first use.
   */
  screeningIndex?: IndexService;
  /** Fault-injection seam for tests: runs after the transaction committed, before completion is reported. */
  afterCommit?: (activity: string, key: string) => Promise<void>;
}

export interface RecordCaseProgressInput {
  orgId: string;
  caseId: string;
  status: CaseStatus;
  step: CaseStep | null;
  event: string;
  key: string;
  riskLevel?: RiskLevel | null;
  dueDiligence?: DueDiligence | null;
  reportVersion?: string | null;
  reviewDueAt?: string | null;
  /** Written with the event, so the projection never shows data collection done before the workflow knows it. */
  registryStatus?: RegistryStatus;
  /** A hit decision, projected in the same activity as its event. */
  hit?: { id: string; decision: Exclude<HitDecision, 'open'>; actorId: string };
  decision?: { actorId: string; capacity: ApprovalCapacity | null; decision: CaseDecision; reportVersion: string | null; returnTo: CaseStep | null };
}

/** How deep data collection follows Danish owning companies up a chain. */
const MAX_CHAIN_DEPTH = 6;
const RETENTION_YEARS = 5;

export function createCaseActivities(deps: CaseActivityDeps) {
  const cases = createCaseRepository(deps.knex);
  const data = createCaseDataRepository(deps.knex);
  const holds = createLegalHoldRepository(deps.knex);
  const organisations = createOrganisationRepository(deps.knex);
  const caseFile = createCaseFileRepository(deps.knex);
  const registry = deps.registry ?? createOfflineRegistry();
  let screener: StoredScreener | undefined;

  const caseRow = async (orgId: string, caseId: string) => {
    const row = await data.caseFacts(orgId, caseId);
    if (!row) throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, 'CaseNotFound');
    return row;
  };

  return {
    async recordCaseProgress(input: RecordCaseProgressInput): Promise<{ recorded: boolean }> {
      const extra: Record<string, unknown> = {};
      if (input.riskLevel !== undefined) extra.riskLevel = input.riskLevel;
      if (input.dueDiligence !== undefined) extra.dueDiligence = input.dueDiligence;
      if (input.reportVersion !== undefined) extra.reportVersion = input.reportVersion;
      if (input.registryStatus !== undefined) extra.registryStatus = input.registryStatus;
      if (input.reviewDueAt !== undefined) extra.reviewDueAt = input.reviewDueAt ? new Date(input.reviewDueAt) : null;
      const result = await cases.recordProgress(input.orgId, input.caseId, {
        status: input.status,
        step: input.step,
        event: input.event,
        idempotencyKey: input.key,
        extra,
      });
      if (result === 'not_found') {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      }
      if (input.hit && result === 'recorded') {
        await data.decideHit(input.orgId, input.caseId, input.hit.id, { decision: input.hit.decision, decidedBy: input.hit.actorId, at: new Date() });
      }
      if (input.decision) {
        await data.recordApproval(input.orgId, input.caseId, {
          userId: input.decision.actorId, capacity: input.decision.capacity ?? 'reviewer', decision: input.decision.decision,
          reportVersion: input.decision.reportVersion, returnTo: input.decision.returnTo, key: input.key,
        });
      }
      await deps.afterCommit?.('recordCaseProgress', input.key);
      return { recorded: result === 'recorded' };
    },

    /** Registry lookup (following Danish owning companies), parties, ownership edges and UBOs. */
    async collectCaseData(input: { orgId: string; caseId: string }): Promise<{ registry: RegistryStatus }> {
      const row = await caseRow(input.orgId, input.caseId);
      if (!row.clientCvr) {
        await data.replaceParties(input.orgId, input.caseId, [{
          registryId: `client:${input.caseId}`, kind: row.clientKind, name: row.clientName ?? '', country: row.clientFacts?.country ?? null, source: 'registry',
          cvr: null, birthDate: row.clientFacts?.birthDate ?? null, roles: row.clientKind === 'person' ? ['client'] : [], isSubject: true, ubo: null,
        }], []);
        return { registry: 'manual' };
      }
      let subject: CompanyFacts | null;
      try {
        subject = await registry.lookup(row.clientCvr);
      } catch (error) {
        // Temporal retries these; the workflow turns the last failure into `unavailable`.
        if (error instanceof RegistryUnavailableError) throw ApplicationFailure.retryable(error.message, 'RegistryUnavailable');
        throw error;
      }
      if (!subject) return { registry: 'not_found' };
      const companies = new Map<string, CompanyFacts>([[subject.cvr, subject]]);
      const queue: { cvr: string; depth: number }[] = subject.participants.filter((p) => p.cvr && p.ownership).map((p) => ({ cvr: p.cvr!, depth: 1 }));
      while (queue.length) {
        const next = queue.shift()!;
        if (companies.has(next.cvr) || next.depth > MAX_CHAIN_DEPTH) continue;
        let facts: CompanyFacts | null;
        try {
          facts = await registry.lookup(next.cvr);
        } catch (error) {
          if (error instanceof RegistryUnavailableError) throw ApplicationFailure.retryable(error.message, 'RegistryUnavailable');
          throw error;
        }
        if (!facts) continue;
        companies.set(facts.cvr, facts);
        for (const p of facts.participants) if (p.cvr && p.ownership) queue.push({ cvr: p.cvr, depth: next.depth + 1 });
      }

      // Nodes: the client, every participant; a Danish company is one node whether met as participant or looked up.
      const subjectKey = `cvr:${subject.cvr}`;
      const keyOf = (p: { cvr: string | null; registryId: string }) => (p.cvr ? `cvr:${p.cvr}` : p.registryId);
      const parties = new Map<string, NewParty>();
      parties.set(subjectKey, {
        registryId: subjectKey, kind: 'company', name: subject.name, country: subject.country, cvr: subject.cvr,
        birthDate: null, roles: [], isSubject: true, ubo: null,
      });
      const edges: { ownerRegistryId: string; ownedRegistryId: string; share: OwnershipEdge['share']; voting: OwnershipEdge['voting']; validFrom: string | null }[] = [];
      const directors = new Set<string>();
      for (const company of companies.values()) {
        const ownedKey = `cvr:${company.cvr}`;
        for (const p of company.participants) {
          const key = keyOf(p);
          const existing = parties.get(key);
          const roles = company.cvr === subject.cvr ? p.roles : p.roles.filter((r) => r === 'legal_owner' || r === 'beneficial_owner');
          if (existing) existing.roles = [...new Set([...existing.roles, ...roles])];
          else parties.set(key, { registryId: key, kind: p.kind, name: p.name, country: p.country, cvr: p.cvr, birthDate: p.birthDate, roles: [...roles], isSubject: false, ubo: null });
          if (p.ownership) edges.push({ ownerRegistryId: key, ownedRegistryId: ownedKey, share: p.ownership.share, voting: p.ownership.voting, validFrom: p.ownership.validFrom });
          if (company.cvr === subject.cvr && p.kind === 'person' && p.roles.includes('director')) directors.add(key);
        }
      }
      const nodes: OwnershipNode[] = [...parties.values()].map((p) => ({ id: p.registryId, kind: p.kind, seniorManagement: directors.has(p.registryId) }));
      const result = computeUbos(subjectKey, nodes, edges.map((e) => ({ ownerId: e.ownerRegistryId, ownedId: e.ownedRegistryId, share: e.share, voting: e.voting })));
      for (const u of result.ubos) parties.get(u.personId)!.ubo = { certainty: u.certainty, share: u.share, voting: u.voting, reasons: u.reasons };
      for (const id of result.fallback?.personIds ?? []) parties.get(id)!.ubo = { certainty: 'fallback', share: null, voting: null, reasons: ['senior_management', result.fallback!.reason] };

      await data.replaceParties(input.orgId, input.caseId, [...parties.values()], edges);
      await data.patchCase(input.orgId, input.caseId, {
        clientName: subject.name,
        clientFacts: JSON.stringify({ legalForm: subject.legalForm, status: subject.status, address: subject.address, industry: subject.industry, foundedOn: subject.foundedOn, country: subject.country, source: subject.source }),
        uboFallbackReason: result.fallback?.reason ?? null,
        ownershipWarnings: JSON.stringify(result.warnings),
      });
      return { registry: 'collected' };
    },

    /** Kept as the workflow's hook for a failed lookup; the status itself is written with the event. */
    async markRegistryUnavailable(_input: { orgId: string; caseId: string }): Promise<void> {},

    /** Screens every party; hits already on the case keep their decisions. */
    async screenCaseParties(input: { orgId: string; caseId: string }): Promise<{ hits: { id: string; decision: HitDecision }[] }> {
      screener ??= createStoredScreener(deps.knex, deps.screeningIndex ? { index: deps.screeningIndex } : {});
      const parties = await data.parties(input.orgId, input.caseId);
      const threshold = await organisations.screeningThreshold(input.orgId);
      for (const party of parties) {
        const found = await screener.screen(partyQuery(party), { threshold });
        await data.addHits(input.orgId, input.caseId, found.map((h) => ({
          partyId: party.id, entityId: h.entityId, list: h.list, listedName: h.name, primaryName: h.primaryName, score: h.score,
          explanation: h.explanation, entity: { ...h.entity, category: h.category }, partyKey: partyKeyOf(party),
          contentHash: h.contentHash,
        })));
      }
      const hits = await data.hits(input.orgId, input.caseId);
      return { hits: hits.map((h) => ({ id: h.id, decision: h.decision })) };
    },

    async assessCaseRisk(input: { orgId: string; caseId: string }): Promise<{ riskLevel: RiskLevel; dueDiligence: DueDiligence; pep: boolean }> {
      const row = await caseRow(input.orgId, input.caseId);
      const [parties, edges, hits, settings, facts, relationship] = await Promise.all([
        data.parties(input.orgId, input.caseId), data.ownerships(input.orgId, input.caseId), data.hits(input.orgId, input.caseId), data.settings(input.orgId),
        caseFile.facts(input.orgId, input.caseId), caseFile.relationship(input.orgId, input.caseId),
      ]);
      // § 18 by the parties it covers (and the organisation's policy on management); any confirmed listing is the sanctions factor.
      const pep = facts ? pepApplies(facts) : false;
      const assessment = assessRisk({
        countries: [...new Set(parties.flatMap((p) => [p.country, p.nationality ?? null]).filter((c): c is string => !!c))],
        industryCode: row.clientFacts?.industry?.code ?? null,
        ownershipDepth: chainDepth(parties, edges),
        foreignOwners: parties.some((p) => p.country && p.country !== 'DK' && edges.some((e) => e.ownerPartyId === p.id)),
        uboUnresolved: row.uboFallbackReason === 'ownership_chain_unresolved',
        pep,
        sanctions: hits.some((h) => h.decision === 'confirmed' && (h.entity as { category?: string } | null)?.category !== 'pep'),
        // No adverse-media source is configured: the check is not performed, and says so.
        adverseMedia: 'not_performed',
        product: relationship?.product ?? null,
        deliveryChannel: relationship?.deliveryChannel ?? null,
      }, settings.riskModel ?? DEFAULT_RISK_MODEL);
      await data.saveRisk(input.orgId, input.caseId, assessment);
      return { riskLevel: assessment.riskLevel, dueDiligence: assessment.dueDiligence, pep };
    },

    /** Template drafts in the case's language for sections not written yet (AI drafting replaces this activity later). */
    async draftCaseReport(input: { orgId: string; caseId: string }): Promise<{ sections: { key: SectionKey; accepted: boolean }[]; drafted: SectionKey[] }> {
      const row = await caseRow(input.orgId, input.caseId);
      const [parties, hits, verifications, relationship] = await Promise.all([
        data.parties(input.orgId, input.caseId), data.hits(input.orgId, input.caseId),
        caseFile.verifications(input.orgId, input.caseId), caseFile.relationship(input.orgId, input.caseId),
      ]);
      const drafted = await data.ensureSections(input.orgId, input.caseId, draftSections({
        row, language: row.language === 'en' ? 'en' : 'da', parties, hits, verifications, relationship, adverseMediaPerformed: false,
      }));
      const sections = await data.sections(input.orgId, input.caseId);
      return { sections: sections.map((s) => ({ key: s.key, accepted: s.accepted })), drafted };
    },

    /** Opens the periodic review case (idempotent on the key) and returns its id. */
    async openPeriodicReview(input: { orgId: string; caseId: string; key: string }): Promise<{ caseId: string }> {
      const row = await caseRow(input.orgId, input.caseId);
      const existing = await cases.latestPeriodicReviewOf(input.orgId, input.caseId);
      const claimed = await cases.claimEvent(input.orgId, input.caseId, 'periodic_review_opened', input.key);
      if (!claimed && existing) return { caseId: existing.id };
      const created = await cases.create(input.orgId, {
        type: 'periodic_review', clientKind: row.clientKind, clientName: row.clientName, clientCvr: row.clientCvr,
        createdBy: row.createdBy, assigneeId: row.assigneeId, dueAt: null,
      });
      await data.patchCase(input.orgId, created.id, { previousCaseId: input.caseId });
      return { caseId: created.id };
    },

    /** Whether an active legal hold covers the case (a hold always wins over the end of retention). */
    async caseHoldActive(input: { orgId: string; caseId: string }): Promise<{ held: boolean }> {
      return { held: await holds.caseHeld(input.orgId, input.caseId) };
    },

    /** The retention clock: kept at least five years after the relationship ended (hvidvaskloven § 30). */
    async startRetention(input: { orgId: string; caseId: string }): Promise<{ retentionUntil: string }> {
      const row = await caseRow(input.orgId, input.caseId);
      const ended = row.relationshipEndedOn ? new Date(row.relationshipEndedOn) : new Date();
      const until = new Date(Date.UTC(ended.getFullYear() + RETENTION_YEARS, ended.getMonth(), ended.getDate()));
      const retentionUntil = until.toISOString().slice(0, 10);
      await data.patchCase(input.orgId, input.caseId, { retentionUntil });
      return { retentionUntil };
    },
  };
}

/** What a case party is screened as: its name, and its birth date and country when known. */
export function partyQuery(party: Pick<PartyRecord, 'kind' | 'name' | 'birthDate' | 'country'>): ScreeningQuery {
  return {
    schema: party.kind === 'person' ? 'Person' : 'Company', name: party.name,
    ...(party.birthDate ? { birthDate: { kind: 'exact' as const, date: party.birthDate } } : {}),
    ...(party.country ? { country: party.country } : {}),
  };
}

/** The party across cases (remembered dismissals): its CVR or registry id within the client's registry data, else its name and birth date. */
export function partyKeyOf(party: Pick<PartyRecord, 'cvr' | 'registryId' | 'name' | 'birthDate'>): string {
  return party.cvr ? `cvr:${party.cvr}` : party.registryId.startsWith('client:') ? `person:${party.name.toLowerCase()}|${party.birthDate ?? ''}` : party.registryId;
}

function chainDepth(parties: PartyRecord[], edges: { ownerPartyId: string; ownedPartyId: string }[]): number {
  const subject = parties.find((p) => p.isSubject);
  if (!subject) return 0;
  const depth = (id: string, seen: Set<string>): number => {
    const owners = edges.filter((e) => e.ownedPartyId === id && !seen.has(e.ownerPartyId));
    if (!owners.length) return 0;
    return 1 + Math.max(...owners.map((e) => depth(e.ownerPartyId, new Set([...seen, e.ownerPartyId]))));
  };
  return depth(subject.id, new Set([subject.id]));
}
