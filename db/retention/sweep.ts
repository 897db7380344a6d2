// One class's part of a sweep: remove the due rows in batches, each batch one
// transaction together with its batch record, so a batch is either gone and
// counted or neither. A run after a crash goes on with what is still due and
// numbers its batches after the committed ones. A dry run records what would
// go, page by page, removing nothing (and starts its count afresh). The
// activity (activities/retention.ts) heartbeats through `onBatch`; the
// benchmark calls this directly.
import type { Knex } from 'knex';
import type { RetentionRepository } from '../repositories/retention.ts';
import { dueAfter, removeDueBatch, type ClassSweeper } from './sweepers.ts';

export async function sweepClass(
  knex: Knex, retention: RetentionRepository,
  input: { sweepId: string; sweeper: ClassSweeper; asOf: Date; dryRun: boolean; batchSize: number; onBatch?: (batchNo: number) => Promise<void> },
): Promise<{ rows: number; batches: number }> {
  const { sweepId, sweeper } = input;
  const cls = sweeper.class;
  const cutoffs = await retention.cutoffs(cls, input.asOf);
  if (input.dryRun) {
    await retention.clearSweepBatches(sweepId, cls);
    let after: { at: Date; key: string } | null = null;
    for (let batchNo = 1; ; batchNo += 1) {
      const page = await dueAfter(knex, sweeper, cutoffs, after, input.batchSize);
      if (!page.keys.length) break;
      await knex.transaction((trx) => retention.recordBatch(trx, { sweepId, class: cls, batchNo, keys: page.keys, oldestAt: page.oldestAt, newestAt: page.newestAt }));
      await input.onBatch?.(batchNo);
      after = page.last;
    }
    return retention.batchesSoFar(sweepId, cls);
  }
  let { batches } = await retention.batchesSoFar(sweepId, cls);
  for (;;) {
    const batchNo = batches + 1;
    const removed = await knex.transaction(async (trx) => {
      const batch = await removeDueBatch(trx, sweeper, cutoffs, input.batchSize);
      if (batch.keys.length) await retention.recordBatch(trx, { sweepId, class: cls, batchNo, keys: batch.keys, oldestAt: batch.oldestAt, newestAt: batch.newestAt });
      return batch.keys.length;
    });
    if (!removed) break;
    batches = batchNo;
    await input.onBatch?.(batchNo);
  }
  return retention.batchesSoFar(sweepId, cls);
}
