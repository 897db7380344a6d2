// Ongoing monitoring's public names: the workflow that re-screens every active
// party when a list version lands, its id (one run per version, so a retried or
// repeated start never re-screens twice) and its inputs and results. Ids and
// counts only: names never travel through Temporal.
import type { CaseStatus } from '../kyc/case.ts';

export const LIST_MONITORING_WORKFLOW = 'listMonitoring';
export const listMonitoringWorkflowId = (versionId: string): string => `list-monitoring/${versionId}`;

/** Parties of cases in these statuses are re-screened when a list changes. */
export const MONITORED_CASE_STATUSES: readonly CaseStatus[] = ['open', 'in_review', 'monitoring'];

/** Parties per batch activity (each heartbeats as it goes). */
export const MONITORING_BATCH_SIZE = 250;
/** Batches per workflow run before continue-as-new keeps the history short. */
export const MONITORING_BATCHES_PER_RUN = 200;

export interface ListMonitoringState {
  /** Keyset cursor: the last party id screened (parties are taken in id order). */
  after: string | null;
  partiesTotal: number;
  partiesDone: number;
  entities: number;
  comparisons: number;
  newHits: number;
}

export interface ListMonitoringInput {
  versionId: string;
  batchSize?: number;
  /** Set by continue-as-new. */
  resume?: ListMonitoringState;
}

export interface ListMonitoringResult {
  versionId: string;
  partiesTotal: number;
  partiesDone: number;
  entities: number;
  comparisons: number;
  newHits: number;
}

export interface MonitoringBatchResult {
  parties: number;
  comparisons: number;
  /** Open hits this version raised, per case (ids only), for the case workflows. */
  cases: { caseId: string; hitIds: string[] }[];
  newHits: number;
  /** The cursor for the next batch; null when this was the last. */
  next: string | null;
}
