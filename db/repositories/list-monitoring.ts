// Ongoing monitoring's progress, one row per list version (list_monitoring_runs):
// opened when a version lands, advanced per batch from the workflow's counts
// (set, never incremented, so a retried batch writes the same figures) and
// closed at the end. Also the version's counts it starts from (list_versions,
// written by the list store in screening/store.ts). Platform-wide: runs belong
// to no organisation.
import type { Knex } from 'knex';

export interface MonitoringRun {
  listVersionId: string; status: 'running' | 'completed'; entities: number; partiesTotal: number; partiesDone: number; startedAt: Date; finishedAt: Date | null;
}
export interface MonitoringCounts { partiesDone: number; comparisons: number; newHits: number }

export function createListMonitoringRepository(knex: Knex) {
  return {
    /** The list and how many entities the version added and changed; null when there is no such version. */
    async versionToMonitor(versionId: string): Promise<{ list: string; added: number; changed: number } | null> {
      return ((await knex('list_versions').where({ id: versionId }).first('list', 'added', 'changed')) as { list: string; added: number; changed: number } | undefined) ?? null;
    },

    /** Opens the run's row (kept as it is when the run was begun already) and answers its figures. */
    async open(input: { listVersionId: string; list: string; entities: number; partiesTotal: number }): Promise<{ partiesTotal: number; entities: number }> {
      await knex('list_monitoring_runs').insert(input).onConflict('list_version_id').ignore();
      return (await knex('list_monitoring_runs').where({ listVersionId: input.listVersionId }).first('partiesTotal', 'entities')) as { partiesTotal: number; entities: number };
    },

    async recordBatch(listVersionId: string, counts: MonitoringCounts): Promise<void> {
      await knex('list_monitoring_runs').where({ listVersionId }).update({
        partiesDone: counts.partiesDone,
        partiesTotal: knex.raw('greatest(parties_total, ?)', [counts.partiesDone]),
        comparisons: counts.comparisons,
        newHits: counts.newHits,
        updatedAt: knex.fn.now(),
      });
    },

    async complete(listVersionId: string, counts: MonitoringCounts): Promise<void> {
      await knex('list_monitoring_runs').where({ listVersionId }).update({
        status: 'completed', partiesDone: counts.partiesDone, partiesTotal: knex.raw('greatest(parties_total, ?)', [counts.partiesDone]),
        comparisons: counts.comparisons, newHits: counts.newHits, updatedAt: knex.fn.now(), finishedAt: knex.fn.now(),
      });
    },

    /** The run of each given version that has one. */
    async runsOf(versionIds: readonly string[]): Promise<MonitoringRun[]> {
      if (!versionIds.length) return [];
      return (await knex('list_monitoring_runs').whereIn('listVersionId', versionIds)) as MonitoringRun[];
    },
  };
}

export type ListMonitoringRepository = ReturnType<typeof createListMonitoringRepository>;
