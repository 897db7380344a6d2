// The data-subject request side of the Temporal client: start, the requester's
// signals, staff Updates, the state query and a controller organisation's decision
// on its routed part, by the names in domain/dsr/.
import type { TemporalClient } from './connection.ts';
import { executeUpdate, queryOrNull } from './refusal.ts';
import type { DsrState } from '../../domain/dsr/request.ts';
import {
  APPROVE_PLAN_UPDATE, CODE_VERIFIED_SIGNAL, DSR_STATE_QUERY, DSR_WORKFLOW, EXTEND_UPDATE, INFO_PROVIDED_SIGNAL,
  PROPOSE_PLAN_UPDATE, TRIAGE_UPDATE, dsrWorkflowId,
  type DsrWorkflowInput, type ExtendArgs, type PlanArgs, type TriageArgs,
} from '../../domain/dsr/dsr-workflow.ts';
import { DECIDE_ROUTED_PART_UPDATE, routedPartWorkflowId, type DecideRoutedPartArgs, type RoutedDecision } from '../../domain/dsr/routing.ts';
import { requestStartAttributes } from './start-attributes.ts';

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

const CLOSED = 'the request is no longer open';

export function dsrGateway({ client, taskQueue }: TemporalClient): DsrGateway {
  const handle = (requestId: string) => client.workflow.getHandle(dsrWorkflowId(requestId));
  const update = <A>(name: string) => (requestId: string, args: A) => executeUpdate<DsrState, A>(handle(requestId), name, args, CLOSED);
  return {
    async start(input) {
      const workflowId = dsrWorkflowId(input.requestId);
      await client.workflow.start(DSR_WORKFLOW, {
        workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: requestStartAttributes(input.requestId, new Date(input.dueAt)),
      });
      return { workflowId };
    },
    async codeVerified(requestId) {
      await handle(requestId).signal(CODE_VERIFIED_SIGNAL);
    },
    async infoProvided(requestId) {
      await handle(requestId).signal(INFO_PROVIDED_SIGNAL);
    },
    triage: update<TriageArgs>(TRIAGE_UPDATE),
    proposePlan: update<PlanArgs>(PROPOSE_PLAN_UPDATE),
    approvePlan: update<PlanArgs>(APPROVE_PLAN_UPDATE),
    extend: update<ExtendArgs>(EXTEND_UPDATE),
    decideRoutedPart: (requestId, orgId, args) =>
      executeUpdate(client.workflow.getHandle(routedPartWorkflowId(requestId, orgId)), DECIDE_ROUTED_PART_UPDATE, args, CLOSED),
    state: (requestId) => queryOrNull<DsrState>(handle(requestId), DSR_STATE_QUERY),
  };
}
