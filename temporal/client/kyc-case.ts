// The KYC case side of the Temporal client: start a case's workflow, its human
// steps as Updates and its progress query, by the names in domain/kyc/case-workflow.ts.
import type { TemporalClient } from './connection.ts';
import { executeUpdate, queryOrNull } from './refusal.ts';
import { caseStartAttributes } from './start-attributes.ts';
import type { CaseProgress } from '../../domain/kyc/case.ts';
import {
  COMPLETE_STEP_UPDATE, DECIDE_HIT_UPDATE, DECIDE_UPDATE, DECLINE_UPDATE, REDRAFT_SECTION_UPDATE, END_RELATIONSHIP_UPDATE, KYC_CASE_WORKFLOW,
  OVERRIDE_RISK_UPDATE, PROGRESS_QUERY, RETRY_REGISTRY_UPDATE, SUBMIT_UPDATE, kycCaseWorkflowId,
  type ActorArgs, type CompleteStepArgs, type RedraftSectionArgs, type DecideArgs, type DecideHitArgs, type KycCaseInput,
  type OverrideRiskArgs, type SubmitArgs,
} from '../../domain/kyc/case-workflow.ts';

export interface KycCaseGateway {
  startCase(input: KycCaseInput): Promise<{ workflowId: string }>;
  completeStep(caseId: string, args: CompleteStepArgs): Promise<CaseProgress>;
  decide(caseId: string, args: DecideArgs): Promise<CaseProgress>;
  decideHit(caseId: string, args: DecideHitArgs): Promise<CaseProgress>;
  overrideRisk(caseId: string, args: OverrideRiskArgs): Promise<CaseProgress>;
  submit(caseId: string, args: SubmitArgs): Promise<CaseProgress>;
  retryRegistry(caseId: string, args: ActorArgs): Promise<CaseProgress>;
  endRelationship(caseId: string, args: ActorArgs): Promise<CaseProgress>;
  decline(caseId: string, args: ActorArgs): Promise<CaseProgress>;
  redraftSection(caseId: string, args: RedraftSectionArgs): Promise<CaseProgress>;
  caseProgress(caseId: string): Promise<CaseProgress | null>;
}

const CLOSED = 'The case was decided or closed in the meantime; reload it to see where it stands.';

export function kycCaseGateway({ client, taskQueue }: TemporalClient): KycCaseGateway {
  const handle = (caseId: string) => client.workflow.getHandle(kycCaseWorkflowId(caseId));
  const update = <A>(name: string) => (caseId: string, args: A) => executeUpdate<CaseProgress, A>(handle(caseId), name, args, CLOSED);
  return {
    async startCase(input) {
      const workflowId = kycCaseWorkflowId(input.caseId);
      const sla = input.durations?.slaSeconds;
      await client.workflow.start(KYC_CASE_WORKFLOW, {
        workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: caseStartAttributes(input.orgId, input.caseId, sla ? new Date(Date.now() + sla * 1000) : null),
      });
      return { workflowId };
    },
    completeStep: update<CompleteStepArgs>(COMPLETE_STEP_UPDATE),
    decide: update<DecideArgs>(DECIDE_UPDATE),
    decideHit: update<DecideHitArgs>(DECIDE_HIT_UPDATE),
    overrideRisk: update<OverrideRiskArgs>(OVERRIDE_RISK_UPDATE),
    submit: update<SubmitArgs>(SUBMIT_UPDATE),
    retryRegistry: update<ActorArgs>(RETRY_REGISTRY_UPDATE),
    endRelationship: update<ActorArgs>(END_RELATIONSHIP_UPDATE),
    decline: update<ActorArgs>(DECLINE_UPDATE),
    redraftSection: update<RedraftSectionArgs>(REDRAFT_SECTION_UPDATE),
    caseProgress: (caseId) => queryOrNull<CaseProgress>(handle(caseId), PROGRESS_QUERY),
  };
}
