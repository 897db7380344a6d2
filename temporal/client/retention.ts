// Retention's door to Temporal: the daily sweep's Schedule (created or brought
// up to date at start-up), a sweep started by a platform admin, and an org
// admin's approval of a case's purge (a Signal; the approval is in Postgres first).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowNotFoundError, type ScheduleSpec } from '@temporalio/client';
import type { TemporalClient } from './connection.ts';
import { kycCaseWorkflowId } from '../../domain/kyc/case-workflow.ts';
import {
  APPROVE_PURGE_SIGNAL, RETENTION_SWEEP_SCHEDULE_ID, RETENTION_SWEEP_WORKFLOW, type RetentionSweepInput, type RetentionSweepResult,
} from '../../domain/retention/workflow.ts';

/** Daily at 03:15 Copenhagen time; a run missed by less than an hour (a restart) still happens; never two at once. */
export const RETENTION_SWEEP_SPEC: ScheduleSpec = { cronExpressions: ['15 3 * * *'], timezone: 'Europe/Copenhagen' };
const CATCHUP_WINDOW = '1 hour';

export interface RetentionGateway {
  ensureSchedule(): Promise<void>;
  startSweep(input: RetentionSweepInput & { sweepId: string }): Promise<{ workflowId: string }>;
  sweepResult(workflowId: string): Promise<RetentionSweepResult>;
  /** False when the case's workflow is gone (it ended): nothing waits for the approval. */
  approvePurge(caseId: string): Promise<boolean>;
}

export const manualSweepWorkflowId = (sweepId: string): string => `retention-sweep/manual/${sweepId}`;

export function retentionGateway({ client, taskQueue }: TemporalClient): RetentionGateway {
  const action = {
    type: 'startWorkflow' as const, workflowType: RETENTION_SWEEP_WORKFLOW, taskQueue, args: [{} satisfies RetentionSweepInput],
    workflowId: 'retention-sweep/scheduled',
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW };
  return {
    async ensureSchedule() {
      try {
        await client.schedule.create({ scheduleId: RETENTION_SWEEP_SCHEDULE_ID, spec: RETENTION_SWEEP_SPEC, action, policies });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await client.schedule.getHandle(RETENTION_SWEEP_SCHEDULE_ID).update((previous) => ({ ...previous, spec: RETENTION_SWEEP_SPEC, action, policies }));
      }
    },
    async startSweep(input) {
      const workflowId = manualSweepWorkflowId(input.sweepId);
      await client.workflow.start(RETENTION_SWEEP_WORKFLOW, { workflowId, taskQueue, args: [input] });
      return { workflowId };
    },
    sweepResult: (workflowId) => client.workflow.getHandle(workflowId).result() as Promise<RetentionSweepResult>,
    async approvePurge(caseId) {
      try {
        await client.workflow.getHandle(kycCaseWorkflowId(caseId)).signal(APPROVE_PURGE_SIGNAL);
        return true;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },
  };
}
