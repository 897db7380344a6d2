// Starting ongoing monitoring for a new list version: the workflow
// list-monitoring/<versionId>, once per version. USE_EXISTING joins a run that
// is still going; REJECT_DUPLICATE refuses to run a finished one again, so
// `lists import`, `lists update`, `start` and `lists monitor` may all ask and
// a version is re-screened exactly once. Only the version id travels.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { TemporalClient } from './connection.ts';
import { LIST_MONITORING_WORKFLOW, listMonitoringWorkflowId, type ListMonitoringInput, type ListMonitoringResult } from '../../domain/lists/monitoring.ts';
import { listVersionStartAttributes } from './start-attributes.ts';

export interface ListMonitoringGateway {
  /** 'started' (or joined while running), or 'already_done' when this version was monitored before. */
  start(versionId: string, options?: { batchSize?: number }): Promise<{ workflowId: string; outcome: 'started' | 'already_done' }>;
  /** Wait for the run of a version to finish. */
  result(versionId: string): Promise<ListMonitoringResult>;
}

export function listMonitoringGateway({ client, taskQueue }: TemporalClient): ListMonitoringGateway {
  return {
    async start(versionId, options = {}) {
      const workflowId = listMonitoringWorkflowId(versionId);
      const input: ListMonitoringInput = { versionId, ...(options.batchSize ? { batchSize: options.batchSize } : {}) };
      try {
        await client.workflow.start(LIST_MONITORING_WORKFLOW, {
          workflowId, taskQueue, args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: listVersionStartAttributes(versionId),
        });
        return { workflowId, outcome: 'started' };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, outcome: 'already_done' };
        throw error;
      }
    },
    result: (versionId) => client.workflow.getHandle(listMonitoringWorkflowId(versionId)).result() as Promise<ListMonitoringResult>,
  };
}
