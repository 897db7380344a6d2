// Ongoing monitoring, one run per list version (id list-monitoring/<versionId>):
// re-screen every active party (cases open, in review or monitoring) against
// only what the version added or changed, in batches of parties taken in id
// order. Each batch is an activity that heartbeats, writes new open hits, their
// case events and the progress figure (parties done / total) to Postgres; the
// workflow then tells each case's workflow which hit ids are new, so an open
// hit blocks screening and is a task while monitoring. Only ids and counts
// travel; continue-as-new keeps the history short for very many parties.
import { continueAsNew, getExternalWorkflowHandle, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { MONITORING_HITS_SIGNAL, kycCaseWorkflowId, type MonitoringHitsArgs } from '../domain/kyc/case-workflow.ts';
import {
  MONITORING_BATCH_SIZE, MONITORING_BATCHES_PER_RUN,
  type ListMonitoringInput, type ListMonitoringResult, type ListMonitoringState,
} from '../domain/lists/monitoring.ts';
import { ListVersionId } from './search-attributes.ts';

const { beginListMonitoring, finishListMonitoring } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { rescreenMonitoringBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function listMonitoring(input: ListMonitoringInput): Promise<ListMonitoringResult> {
  const batchSize = input.batchSize ?? MONITORING_BATCH_SIZE;
  let state: ListMonitoringState;
  if (input.resume) {
    state = input.resume;
  } else {
    upsertSearchAttributes([{ key: ListVersionId, value: input.versionId }]);
    const begun = await beginListMonitoring({ versionId: input.versionId });
    state = { after: null, partiesTotal: begun.partiesTotal, partiesDone: 0, entities: begun.entities, comparisons: 0, newHits: 0 };
  }

  for (let batches = 0; state.entities > 0; batches += 1) {
    if (batches >= MONITORING_BATCHES_PER_RUN) return continueAsNew<typeof listMonitoring>({ ...input, batchSize, resume: state });
    const batch = await rescreenMonitoringBatch({
      versionId: input.versionId, after: state.after, size: batchSize,
      before: { partiesDone: state.partiesDone, comparisons: state.comparisons, newHits: state.newHits },
    });
    state = {
      ...state,
      after: batch.next,
      partiesDone: state.partiesDone + batch.parties,
      comparisons: state.comparisons + batch.comparisons,
      newHits: state.newHits + batch.newHits,
    };
    for (const c of batch.cases) {
      const args: MonitoringHitsArgs = { hitIds: c.hitIds, listVersionId: input.versionId };
      try {
        await getExternalWorkflowHandle(kycCaseWorkflowId(c.caseId)).signal(MONITORING_HITS_SIGNAL, args);
      } catch {
        // The case has no running workflow (closed meanwhile): the hit is on the case all the same.
      }
    }
    if (!batch.next) break;
  }

  await finishListMonitoring({ versionId: input.versionId, partiesDone: state.partiesDone, comparisons: state.comparisons, newHits: state.newHits });
  return { versionId: input.versionId, partiesTotal: state.partiesTotal, partiesDone: state.partiesDone, entities: state.entities, comparisons: state.comparisons, newHits: state.newHits };
}
