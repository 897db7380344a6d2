// The one door to Temporal for the API, the CLI, tests and benchmarks: one
// long-lived connection per process, created at start-up, with a gateway per
// kind of workflow on it. It speaks in workflow and message names from domain/,
// never in workflow code.
import { connectTemporal, type TemporalClientOptions } from './connection.ts';
import { kycCaseGateway, type KycCaseGateway } from './kyc-case.ts';
import { dsrGateway, type DsrGateway } from './dsr.ts';
import { documentRequestGateway, type DocumentRequestGateway } from './document-request.ts';
import { listMonitoringGateway, type ListMonitoringGateway } from './list-monitoring.ts';
import { consoleGateway, type ConsoleGateway } from './console.ts';
import { retentionGateway, type RetentionGateway } from './retention.ts';

export interface WorkflowGateway extends KycCaseGateway {
  /** Data-subject requests and their routed parts. */
  dsr: DsrGateway;
  /** Document requests to clients. */
  documentRequests: DocumentRequestGateway;
  /** Ongoing monitoring of a new list version. */
  listMonitoring: ListMonitoringGateway;
  /** The admins' workflow console: visibility, histories, operator actions, Schedules. */
  console: ConsoleGateway;
  /** The retention sweep's Schedule and runs, and approvals of case purges. */
  retention: RetentionGateway;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createWorkflowGateway(options: TemporalClientOptions, mode: 'lazy' | 'eager' = 'lazy'): Promise<WorkflowGateway> {
  const temporal = await connectTemporal(options, mode);
  const { connection, namespace } = temporal;
  return {
    ...kycCaseGateway(temporal),
    dsr: dsrGateway(temporal),
    documentRequests: documentRequestGateway(temporal),
    listMonitoring: listMonitoringGateway(temporal),
    console: consoleGateway(temporal),
    retention: retentionGateway(temporal),
    async healthy() {
      try {
        await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.describeNamespace({ namespace }));
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
