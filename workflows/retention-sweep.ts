// The daily retention sweep (docs/retention.md), started by the Schedule
// `retention-sweep` or by a platform admin: open the sweep (skipped when
// another runs), then per class remove the due rows in batches and check that
// nothing due is left, and write one certificate per class. Only ids, class
// names and counts travel.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { SWEPT_CLASSES, type RetentionSweepInput, type RetentionSweepResult } from '../domain/retention/workflow.ts';

const { beginRetentionSweep, verifyRetentionClass, finishRetentionSweep, failRetentionSweep } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { sweepRetentionClass } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  // A batch takes well under a second: a worker that stops heartbeating for 30 s is gone, and another takes over.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** How often a class is swept again when rows that were due are still there (locked by a concurrent change). */
const VERIFY_ROUNDS = 3;

export async function retentionSweep(input: RetentionSweepInput = {}): Promise<RetentionSweepResult> {
  const sweep = await beginRetentionSweep({ ...(input.sweepId ? { sweepId: input.sweepId } : {}), dryRun: input.dryRun ?? false, startedBy: input.startedBy ?? null });
  if (sweep.status === 'skipped') return { sweepId: sweep.id, status: 'skipped' };
  try {
    for (const cls of SWEPT_CLASSES) {
      let remaining = 0;
      for (let round = 0; round < VERIFY_ROUNDS; round += 1) {
        await sweepRetentionClass({ sweepId: sweep.id, class: cls, ...(input.batchSize ? { batchSize: input.batchSize } : {}) });
        ({ remaining } = await verifyRetentionClass({ sweepId: sweep.id, class: cls }));
        if (remaining === 0) break;
      }
      if (remaining > 0) throw ApplicationFailure.nonRetryable(`${remaining} rows of ${cls} were still due after the sweep`, 'RetentionVerifyFailed');
    }
    await finishRetentionSweep({ sweepId: sweep.id, classes: [...SWEPT_CLASSES] });
    return { sweepId: sweep.id, status: 'completed' };
  } catch (error) {
    await failRetentionSweep({ sweepId: sweep.id, failure: error instanceof ApplicationFailure && error.type ? error.type : 'sweep_failed' });
    throw error;
  }
}
