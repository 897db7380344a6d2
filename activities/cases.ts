// Case activities: write the case projection and its event in one transaction,
// idempotently on a key the workflow derives deterministically, so a retried
// activity (or a worker killed after the commit) never writes twice.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import type { CaseStatus, CaseStep } from '../domain/kyc/case.ts';

export interface CaseActivityDeps {
  knex: Knex;
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
}

export function createCaseActivities(deps: CaseActivityDeps) {
  const cases = createCaseRepository(deps.knex);
  return {
    async recordCaseProgress(input: RecordCaseProgressInput): Promise<{ recorded: boolean }> {
      const result = await cases.recordProgress(input.orgId, input.caseId, {
        status: input.status,
        step: input.step,
        event: input.event,
        idempotencyKey: input.key,
      });
      if (result === 'not_found') {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      }
      await deps.afterCommit?.('recordCaseProgress', input.key);
      return { recorded: result === 'recorded' };
    },
  };
}
