// Ongoing monitoring's activities: count the active parties when a list version
// lands, re-screen one batch of them against only what the version added or
// changed, and close the run. Each batch writes, per case and in one
// transaction: the new open hits (source `monitoring`, with the list version),
// a `monitoring_hit` case event for each party with new hits, an audit event,
// and the run's progress figure. Idempotent: a retried batch finds its hits
// already there (same party, entity and content hash) and writes nothing
// twice; progress is set from the workflow's counts, never incremented.
// A hit dismissed earlier for the same party, entity and content hash (in this
// or another case of the organisation) arrives dismissed, pointing at that
// decision, and opens no task. Inputs and results are ids and counts only.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createAuditRepository } from '../db/repositories/audit.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { createCaseDataRepository, type MonitoredParty } from '../db/repositories/case-data.ts';
import { createListMonitoringRepository } from '../db/repositories/list-monitoring.ts';
import { createOrganisationRepository } from '../db/repositories/organisations.ts';
import type { MonitoringBatchResult } from '../domain/lists/monitoring.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import { ScreeningIndex } from '../screening/index.ts';
import type { IndexService } from '../screening/index-service.ts';
import { listCategory } from '../screening/party-screener.ts';
import { entityContentHash, versionChanges } from '../screening/store.ts';
import { partyKeyOf, partyQuery } from './cases.ts';

export interface MonitoringActivityDeps {
  knex: Knex;
  /** CLIENTNOTE_SECRET: signs the audit chain's head. */
  secret: string;
  /** The worker's index over the current versions: refreshed when a run begins, so cases screened from now on see the new version. */
  screeningIndex?: IndexService;
}

interface VersionIndex { versionId: string; list: string; index: ScreeningIndex; byId: Map<string, ListEntity>; hashes: Map<string, string> }

const HEARTBEAT_EVERY = 25;

export function createListMonitoringActivities(deps: MonitoringActivityDeps) {
  const { knex } = deps;
  const audit = createAuditRepository(knex, { secret: deps.secret });
  const cases = createCaseRepository(knex);
  const caseData = createCaseDataRepository(knex);
  const runs = createListMonitoringRepository(knex);
  const organisations = createOrganisationRepository(knex);
  // One version's small index, kept while its batches run on this worker.
  let cached: VersionIndex | null = null;

  async function indexOf(versionId: string): Promise<VersionIndex> {
    if (cached?.versionId === versionId) return cached;
    const changes = await versionChanges(knex, versionId);
    const byId = new Map(changes.entities.map((e) => [e.id, e]));
    cached = { versionId, list: changes.list, index: ScreeningIndex.build(changes.entities), byId, hashes: new Map(changes.entities.map((e) => [e.id, entityContentHash(e)])) };
    return cached;
  }

  return {
    /** Count the active parties and open the run's progress row (kept as it is when the run was begun already). */
    async beginListMonitoring(input: { versionId: string }): Promise<{ partiesTotal: number; entities: number }> {
      const version = await runs.versionToMonitor(input.versionId);
      if (!version) throw ApplicationFailure.nonRetryable(`list version ${input.versionId} does not exist`, 'ListVersionNotFound');
      await deps.screeningIndex?.refresh();
      const partiesTotal = await caseData.countMonitoredParties();
      return runs.open({ listVersionId: input.versionId, list: version.list, entities: version.added + version.changed, partiesTotal });
    },

    /** Re-screen the next `size` active parties (id order, after the cursor) against the version's added and changed entities. */
    async rescreenMonitoringBatch(input: {
      versionId: string; after: string | null; size: number;
      before: { partiesDone: number; comparisons: number; newHits: number };
    }): Promise<MonitoringBatchResult> {
      const version = await indexOf(input.versionId);
      const parties = await caseData.monitoredPartiesAfter(input.after, input.size);

      const thresholds = new Map<string, number>();
      const stats = { comparisons: 0 };
      const found: Array<{ party: MonitoredParty; hits: ReturnType<ScreeningIndex['search']> }> = [];
      for (let i = 0; i < parties.length; i++) {
        const party = parties[i]!;
        if (!thresholds.has(party.orgId)) thresholds.set(party.orgId, await organisations.screeningThreshold(party.orgId));
        const threshold = thresholds.get(party.orgId)!;
        const hits = version.index.search(partyQuery(party), { threshold, limit: 10, stats }).filter((h) => h.match);
        if (hits.length) found.push({ party, hits });
        if ((i + 1) % HEARTBEAT_EVERY === 0) {
          Context.current().heartbeat({ partiesDone: input.before.partiesDone + i + 1 });
          await yieldToEventLoop();
        }
      }

      let newHits = 0;
      for (const { party, hits } of found) {
        newHits += await knex.transaction(async (trx) => {
          let opened = 0;
          for (const hit of hits) {
            const contentHash = version.hashes.get(hit.entityId)!;
            const here = await caseData.hitOfPartyEntity(party.orgId, party.caseId, party.id, hit.entityId, trx);
            if (here && (here.contentHash === contentHash || here.decision !== 'dismissed')) continue;
            const partyKey = partyKeyOf(party);
            const carried = await caseData.dismissalCarriedForward(party.orgId, { partyKey, entityId: hit.entityId, contentHash }, {}, trx);
            const entity = version.byId.get(hit.entityId)!;
            const row = {
              listedName: hit.name, primaryName: hit.primaryName, score: hit.score, explanation: JSON.stringify(hit.explanation),
              entity: JSON.stringify({ schema: entity.schema, birthDates: entity.birthDates, countries: entity.countries, nationalities: entity.nationalities, programmes: entity.programmes, demo: entity.demo === true, category: listCategory(entity.list) }),
              contentHash, partyKey, source: 'monitoring', listVersionId: input.versionId,
              ...(carried ?? { decision: 'open', reason: null, decidedBy: null, decidedAt: null, rememberedFrom: null }),
            };
            // A dismissal holds for one content hash: the listed entity changed, so the hit is raised again.
            await caseData.saveMonitoringHit({ orgId: party.orgId, caseId: party.caseId, partyId: party.id, entityId: hit.entityId, list: hit.list, existingId: here?.id ?? null }, row, trx);
            if (!carried) opened += 1;
          }
          if (opened === 0) return 0;
          if (await cases.claimEvent(party.orgId, party.caseId, 'monitoring_hit', `list-monitoring:${input.versionId}:${party.id}`, trx)) {
            await audit.record({
              orgId: party.orgId, actorUserId: null, action: 'case.monitoring_hit', targetType: 'case', targetId: party.caseId,
              details: { listVersionId: input.versionId, list: version.list, partyId: party.id, openHits: opened },
            }, trx);
          }
          return opened;
        });
      }

      // The open hits this version raised on these parties, also those a failed earlier attempt wrote.
      const open = await caseData.openHitsOfVersion(input.versionId, parties.map((p) => p.id));
      const byCase = new Map<string, string[]>();
      for (const h of open) byCase.set(h.caseId, [...(byCase.get(h.caseId) ?? []), h.id]);

      const partiesDone = input.before.partiesDone + parties.length;
      await runs.recordBatch(input.versionId, {
        partiesDone, comparisons: input.before.comparisons + stats.comparisons, newHits: input.before.newHits + newHits,
      });
      return {
        parties: parties.length,
        comparisons: stats.comparisons,
        newHits,
        cases: [...byCase].map(([caseId, hitIds]) => ({ caseId, hitIds: hitIds.sort() })),
        next: parties.length < input.size ? null : parties.at(-1)!.id,
      };
    },

    async finishListMonitoring(input: { versionId: string; partiesDone: number; comparisons: number; newHits: number }): Promise<void> {
      await runs.complete(input.versionId, { partiesDone: input.partiesDone, comparisons: input.comparisons, newHits: input.newHits });
    },
  };
}

