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
import { MONITORED_CASE_STATUSES, type MonitoringBatchResult } from '../domain/lists/monitoring.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../domain/screening/score.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import { ScreeningIndex } from '../screening/index.ts';
import type { IndexService } from '../screening/index-service.ts';
import { listCategory } from '../screening/party-screener.ts';
import { entityContentHash, versionChanges } from '../screening/store.ts';
import { orgScreeningThreshold, partyKeyOf, partyQuery } from './cases.ts';

export interface MonitoringActivityDeps {
  knex: Knex;
  /** CLIENTNOTE_SECRET: signs the audit chain's head. */
  secret: string;
  /** The worker's index over the current versions: refreshed when a run begins, so cases screened from now on see the new version. */
  screeningIndex?: IndexService;
}

interface VersionIndex { versionId: string; list: string; index: ScreeningIndex; byId: Map<string, ListEntity>; hashes: Map<string, string> }

interface ActiveParty {
  id: string; orgId: string; caseId: string; registryId: string; kind: 'person' | 'company'; name: string;
  country: string | null; cvr: string | null; birthDate: string | null;
}

const HEARTBEAT_EVERY = 25;

function activeParties(knex: Knex) {
  return knex('case_parties as p').join('cases as c', 'c.id', 'p.caseId').whereIn('c.status', MONITORED_CASE_STATUSES as string[]);
}

export function createListMonitoringActivities(deps: MonitoringActivityDeps) {
  const { knex } = deps;
  const audit = createAuditRepository(knex, { secret: deps.secret });
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
      const version = (await knex('list_versions').where({ id: input.versionId }).first('list', 'added', 'changed')) as { list: string; added: number; changed: number } | undefined;
      if (!version) throw ApplicationFailure.nonRetryable(`list version ${input.versionId} does not exist`, 'ListVersionNotFound');
      await deps.screeningIndex?.refresh();
      const [{ n }] = (await activeParties(knex).count({ n: 'p.id' })) as [{ n: string }];
      const entities = version.added + version.changed;
      await knex('list_monitoring_runs').insert({ listVersionId: input.versionId, list: version.list, entities, partiesTotal: Number(n) }).onConflict('list_version_id').ignore();
      const run = (await knex('list_monitoring_runs').where({ listVersionId: input.versionId }).first('partiesTotal', 'entities')) as { partiesTotal: number; entities: number };
      return { partiesTotal: run.partiesTotal, entities: run.entities };
    },

    /** Re-screen the next `size` active parties (id order, after the cursor) against the version's added and changed entities. */
    async rescreenMonitoringBatch(input: {
      versionId: string; after: string | null; size: number;
      before: { partiesDone: number; comparisons: number; newHits: number };
    }): Promise<MonitoringBatchResult> {
      const version = await indexOf(input.versionId);
      const query = activeParties(knex).orderBy('p.id').limit(input.size)
        .select('p.id', 'p.orgId', 'p.caseId', 'p.registryId', 'p.kind', 'p.name', 'p.country', 'p.cvr', 'p.birthDate');
      if (input.after) query.where('p.id', '>', input.after);
      const parties: ActiveParty[] = ((await query) as Array<Omit<ActiveParty, 'birthDate'> & { birthDate: string | Date | null }>).map((p) => ({
        ...p, birthDate: p.birthDate instanceof Date ? isoDate(p.birthDate) : p.birthDate,
      }));

      const thresholds = new Map<string, number>();
      const stats = { comparisons: 0 };
      const found: Array<{ party: ActiveParty; hits: ReturnType<ScreeningIndex['search']> }> = [];
      for (let i = 0; i < parties.length; i++) {
        const party = parties[i]!;
        if (!thresholds.has(party.orgId)) thresholds.set(party.orgId, (await orgScreeningThreshold(knex, party.orgId)) ?? DEFAULT_MATCH_THRESHOLD);
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
            const here = (await trx('case_hits').where({ caseId: party.caseId, partyId: party.id, entityId: hit.entityId }).first('id', 'decision', 'contentHash')) as { id: string; decision: string; contentHash: string | null } | undefined;
            if (here && (here.contentHash === contentHash || here.decision !== 'dismissed')) continue;
            const partyKey = partyKeyOf(party);
            const earlier = await trx('case_hits')
              .where({ orgId: party.orgId, partyKey, entityId: hit.entityId, contentHash, decision: 'dismissed' })
              .orderBy('decidedAt', 'desc').first('id', 'reason', 'decidedBy', 'decidedAt');
            const entity = version.byId.get(hit.entityId)!;
            const row = {
              listedName: hit.name, primaryName: hit.primaryName, score: hit.score, explanation: JSON.stringify(hit.explanation),
              entity: JSON.stringify({ schema: entity.schema, birthDates: entity.birthDates, countries: entity.countries, nationalities: entity.nationalities, programmes: entity.programmes, demo: entity.demo === true, category: listCategory(entity.list) }),
              contentHash, partyKey, source: 'monitoring', listVersionId: input.versionId,
              ...(earlier
                ? { decision: 'dismissed', reason: earlier.reason, decidedBy: earlier.decidedBy, decidedAt: earlier.decidedAt, rememberedFrom: earlier.id }
                : { decision: 'open', reason: null, decidedBy: null, decidedAt: null, rememberedFrom: null }),
            };
            // A dismissal holds for one content hash: the listed entity changed, so the hit is raised again.
            if (here) await trx('case_hits').where({ id: here.id }).update(row);
            else await trx('case_hits').insert({ orgId: party.orgId, caseId: party.caseId, partyId: party.id, entityId: hit.entityId, list: hit.list, ...row });
            if (!earlier) opened += 1;
          }
          if (opened === 0) return 0;
          const claimed = await trx('case_events')
            .insert({ orgId: party.orgId, caseId: party.caseId, kind: 'monitoring_hit', idempotencyKey: `list-monitoring:${input.versionId}:${party.id}` })
            .onConflict('idempotency_key').ignore().returning('id');
          if (claimed.length) {
            await audit.record({
              orgId: party.orgId, actorUserId: null, action: 'case.monitoring_hit', targetType: 'case', targetId: party.caseId,
              details: { listVersionId: input.versionId, list: version.list, partyId: party.id, openHits: opened },
            }, trx);
          }
          return opened;
        });
      }

      // The open hits this version raised on these parties, also those a failed earlier attempt wrote.
      const open = parties.length
        ? ((await knex('case_hits').where({ listVersionId: input.versionId, decision: 'open' }).whereIn('partyId', parties.map((p) => p.id)).select('caseId', 'id')) as Array<{ caseId: string; id: string }>)
        : [];
      const byCase = new Map<string, string[]>();
      for (const h of open) byCase.set(h.caseId, [...(byCase.get(h.caseId) ?? []), h.id]);

      const partiesDone = input.before.partiesDone + parties.length;
      await knex('list_monitoring_runs').where({ listVersionId: input.versionId }).update({
        partiesDone,
        partiesTotal: knex.raw('greatest(parties_total, ?)', [partiesDone]),
        comparisons: input.before.comparisons + stats.comparisons,
        newHits: input.before.newHits + newHits,
        updatedAt: knex.fn.now(),
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
      await knex('list_monitoring_runs').where({ listVersionId: input.versionId }).update({
        status: 'completed', partiesDone: input.partiesDone, partiesTotal: knex.raw('greatest(parties_total, ?)', [input.partiesDone]),
        comparisons: input.comparisons, newHits: input.newHits, updatedAt: knex.fn.now(), finishedAt: knex.fn.now(),
      });
    },
  };
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
