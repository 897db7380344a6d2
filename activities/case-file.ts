// The case file's gate check, run by the case workflow (as a local activity,
// under its lock) before it lets a case past data collection, submission or
// approval: the rules of domain/kyc/case-file.ts on the facts in Postgres. It
// answers with codes and party ids only, which is all the workflow may carry.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { blockingReasons, pepApplies, type BlockingReason, type CaseGate } from '../domain/kyc/case-file.ts';

export function createCaseFileActivities(deps: { knex: Knex }) {
  const caseFile = createCaseFileRepository(deps.knex);
  return {
    async checkCaseFile(input: { orgId: string; caseId: string; gate: CaseGate }): Promise<{ blockingReasons: BlockingReason[]; pep: boolean }> {
      const facts = await caseFile.facts(input.orgId, input.caseId);
      if (!facts) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      return { blockingReasons: blockingReasons(facts, input.gate), pep: pepApplies(facts) };
    },
  };
}
