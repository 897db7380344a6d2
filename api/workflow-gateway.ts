// The API's one door to Temporal: a long-lived client per process, created at
// start-up. It speaks in workflow and message names from domain/, never in
// workflow code.
import { Client, Connection, WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseProgress } from '../domain/kyc/case.ts';
import {
  COMPLETE_STEP_UPDATE, DECIDE_HIT_UPDATE, DECIDE_UPDATE, EDIT_SECTION_UPDATE, END_RELATIONSHIP_UPDATE, KYC_CASE_WORKFLOW,
  OVERRIDE_RISK_UPDATE, PROGRESS_QUERY, RETRY_REGISTRY_UPDATE, SUBMIT_UPDATE, kycCaseWorkflowId,
  type ActorArgs, type CompleteStepArgs, type DecideArgs, type DecideHitArgs, type EditSectionArgs, type KycCaseInput,
  type OverrideRiskArgs, type SubmitArgs,
} from '../domain/kyc/case-workflow.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import type { Config } from '../config/schema.ts';
import { createDsrGateway, type DsrGateway } from './dsr-gateway.ts';
import { createDocumentRequestGateway, type DocumentRequestGateway } from './document-request-gateway.ts';

/** A workflow refused a step (validator or transition): the caller's mistake, not ours. */
export class WorkflowRejectedError extends Error {
  override name = 'WorkflowRejectedError';
  /** The transition error's code: conflict, forbidden or stale_version. */
  readonly code: string;
  constructor(message: string, code: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.code = code ?? 'conflict';
  }
}

export interface WorkflowGateway {
  startCase(input: KycCaseInput): Promise<{ workflowId: string }>;
  completeStep(caseId: string, args: CompleteStepArgs): Promise<CaseProgress>;
  decide(caseId: string, args: DecideArgs): Promise<CaseProgress>;
  decideHit(caseId: string, args: DecideHitArgs): Promise<CaseProgress>;
  overrideRisk(caseId: string, args: OverrideRiskArgs): Promise<CaseProgress>;
  editSection(caseId: string, args: EditSectionArgs): Promise<CaseProgress>;
  submit(caseId: string, args: SubmitArgs): Promise<CaseProgress>;
  retryRegistry(caseId: string, args: ActorArgs): Promise<CaseProgress>;
  endRelationship(caseId: string, args: ActorArgs): Promise<CaseProgress>;
  caseProgress(caseId: string): Promise<CaseProgress | null>;
  /** Data-subject requests (api/dsr-gateway.ts). */
  dsr: DsrGateway;
  /** Document requests to clients (api/document-request-gateway.ts). */
  documentRequests: DocumentRequestGateway;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

function rejection(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    throw new WorkflowRejectedError(error.cause.message, error.cause.type ?? undefined, { cause: error });
  }
  // The case exists (the API checked), so its workflow has closed: decided by someone else meanwhile
  // (an Update accepted a moment before another decision closed the workflow is aborted this way).
  if (error instanceof WorkflowNotFoundError) {
    throw new WorkflowRejectedError('The case was decided or closed in the meantime; reload it to see where it stands.', 'conflict', { cause: error });
  }
  throw error;
}

export async function createWorkflowGateway(config: Pick<Config, 'temporal' | 'codecKeys'>): Promise<WorkflowGateway> {
  // Lazy: the API starts (and reports temporal: down) even while Temporal is unreachable.
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
  const handle = (caseId: string) => client.workflow.getHandle(kycCaseWorkflowId(caseId));
  const update = <A>(name: string) => (caseId: string, args: A) =>
    handle(caseId).executeUpdate<CaseProgress, [A]>(name, { args: [args] }).catch(rejection);

  return {
    dsr: createDsrGateway(client, config.temporal.taskQueue),
    documentRequests: createDocumentRequestGateway(client, config.temporal.taskQueue),
    async startCase(input) {
      const workflowId = kycCaseWorkflowId(input.caseId);
      await client.workflow.start(KYC_CASE_WORKFLOW, {
        workflowId,
        taskQueue: config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return { workflowId };
    },
    completeStep: update<CompleteStepArgs>(COMPLETE_STEP_UPDATE),
    decide: update<DecideArgs>(DECIDE_UPDATE),
    decideHit: update<DecideHitArgs>(DECIDE_HIT_UPDATE),
    overrideRisk: update<OverrideRiskArgs>(OVERRIDE_RISK_UPDATE),
    editSection: update<EditSectionArgs>(EDIT_SECTION_UPDATE),
    submit: update<SubmitArgs>(SUBMIT_UPDATE),
    retryRegistry: update<ActorArgs>(RETRY_REGISTRY_UPDATE),
    endRelationship: update<ActorArgs>(END_RELATIONSHIP_UPDATE),
    async caseProgress(caseId) {
      try {
        return await handle(caseId).query<CaseProgress>(PROGRESS_QUERY);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
    async healthy() {
      try {
        await connection.withDeadline(Date.now() + 2000, () =>
          connection.workflowService.describeNamespace({ namespace: config.temporal.namespace }),
        );
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
    },
  };
}
