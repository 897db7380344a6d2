// The data-subject request side of the API's Temporal client (api/workflow-gateway.ts
// builds it on the one process-wide client): start, the requester's signals, staff
// Updates and the state query, by the names in domain/dsr/dsr-workflow.ts.
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DsrState } from '../domain/dsr/request.ts';
import {
  APPROVE_PLAN_UPDATE, CODE_VERIFIED_SIGNAL, DSR_STATE_QUERY, DSR_WORKFLOW, EXTEND_UPDATE, INFO_PROVIDED_SIGNAL,
  PROPOSE_PLAN_UPDATE, TRIAGE_UPDATE, dsrWorkflowId,
  type DsrWorkflowInput, type ExtendArgs, type PlanArgs, type TriageArgs,
} from '../domain/dsr/dsr-workflow.ts';
import { DECIDE_ROUTED_PART_UPDATE, routedPartWorkflowId, type DecideRoutedPartArgs, type RoutedDecision } from '../domain/dsr/routing.ts';

/** The workflow refused a staff decision (its validator said no): a 409 for the caller. */
export class DsrRejectedError extends Error {
  override name = 'DsrRejectedError';
}

export interface DsrGateway {
  start(input: DsrWorkflowInput): Promise<{ workflowId: string }>;
  codeVerified(requestId: string): Promise<void>;
  infoProvided(requestId: string): Promise<void>;
  triage(requestId: string, args: TriageArgs): Promise<DsrState>;
  proposePlan(requestId: string, args: PlanArgs): Promise<DsrState>;
  approvePlan(requestId: string, args: PlanArgs): Promise<DsrState>;
  extend(requestId: string, args: ExtendArgs): Promise<DsrState>;
  state(requestId: string): Promise<DsrState | null>;
  /** A controller organisation's decision on its routed part (the child workflow's Update). */
  decideRoutedPart(requestId: string, orgId: string, args: DecideRoutedPartArgs): Promise<{ decision: RoutedDecision }>;
}

function rejection(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    throw new DsrRejectedError(error.cause.message, { cause: error });
  }
  if (error instanceof WorkflowNotFoundError) throw new DsrRejectedError('the request is no longer open', { cause: error });
  throw error;
}

export function createDsrGateway(client: Client, taskQueue: string): DsrGateway {
  const handle = (requestId: string) => client.workflow.getHandle(dsrWorkflowId(requestId));
  const update = (name: string) => <A>(requestId: string, args: A) =>
    handle(requestId).executeUpdate<DsrState, [A]>(name, { args: [args] }).catch(rejection);
  return {
    async start(input) {
      const workflowId = dsrWorkflowId(input.requestId);
      await client.workflow.start(DSR_WORKFLOW, { workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
      return { workflowId };
    },
    async codeVerified(requestId) {
      await handle(requestId).signal(CODE_VERIFIED_SIGNAL);
    },
    async infoProvided(requestId) {
      await handle(requestId).signal(INFO_PROVIDED_SIGNAL);
    },
    triage: update(TRIAGE_UPDATE) as DsrGateway['triage'],
    proposePlan: update(PROPOSE_PLAN_UPDATE) as DsrGateway['proposePlan'],
    approvePlan: update(APPROVE_PLAN_UPDATE) as DsrGateway['approvePlan'],
    extend: update(EXTEND_UPDATE) as DsrGateway['extend'],
    decideRoutedPart(requestId, orgId, args) {
      return client.workflow.getHandle(routedPartWorkflowId(requestId, orgId))
        .executeUpdate<{ decision: RoutedDecision }, [DecideRoutedPartArgs]>(DECIDE_ROUTED_PART_UPDATE, { args: [args] }).catch(rejection);
    },
    async state(requestId) {
      try {
        return await handle(requestId).query<DsrState>(DSR_STATE_QUERY);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
  };
}
