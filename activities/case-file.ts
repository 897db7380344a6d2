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
    /** The gate's blocking reasons (none when `gate` is null), the PEP rule, and who edited the case file (four-eyes). */
    async checkCaseFile(input: { orgId: string; caseId: string; gate: CaseGate | null }): Promise<{ blockingReasons: BlockingReason[]; pep: boolean; editors: string[] }> {
      const [facts, editors] = await Promise.all([caseFile.facts(input.orgId, input.caseId), caseFile.editors(input.orgId, input.caseId)]);
      if (!facts) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      return { blockingReasons: input.gate ? blockingReasons(facts, input.gate) : [], pep: pepApplies(facts), editors };
    },
  };
}
