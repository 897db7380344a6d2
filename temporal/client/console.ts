// The workflow console's side of the Temporal client (issue 16): visibility
// lists and counts, a workflow's description and full history, the operator
// actions (cancel, terminate, reset to the last workflow task, resend a
// documented signal) and the Schedules. The one place that reads visibility;
// the API narrows every query to the caller's organisation and checks the
// OrgId of what comes back again (domain/workflows/console.ts).
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { decodeSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes.js';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
import { statusFromEnum, type WorkflowStatus } from '../../domain/workflows/console.ts';
import type { TemporalClient } from './connection.ts';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

export interface ExecutionSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: WorkflowStatus | null;
  startTime: string | null;
  closeTime: string | null;
  historyLength: number;
  /** Decoded search attributes (ids, enums and dates only); DueAt as an ISO string. */
  attributes: Record<string, string | null>;
}

export interface ExecutionDescription extends ExecutionSummary {
  pendingActivities: PendingActivity[];
  pendingWorkflowTask: temporal.api.workflow.v1.IPendingWorkflowTaskInfo | null;
  pendingChildren: { workflowId: string; type: string }[];
  taskQueue: string;
}

export interface ScheduleSummary {
  scheduleId: string;
  workflowType: string | null;
  paused: boolean;
  note: string | null;
  nextActionTimes: string[];
  recentActions: string[];
}

export interface ConsoleGateway {
  list(query: string, pageSize: number, nextPageToken?: Uint8Array): Promise<{ executions: ExecutionSummary[]; nextPageToken: Uint8Array | null }>;
  count(query: string): Promise<number>;
  /** null: no such workflow. */
  describe(workflowId: string): Promise<ExecutionDescription | null>;
  /** Every event of the latest run, in order (all pages). */
  history(workflowId: string, runId?: string): Promise<HistoryEvent[]>;
  /** The latest run's history as Temporal's JSON (what `temporal workflow show --output json` prints). */
  historyJson(workflowId: string, runId?: string): Promise<string>;
  cancel(workflowId: string, reason: string): Promise<void>;
  terminate(workflowId: string, reason: string): Promise<void>;
  /** Reset the latest run to its last completed workflow task; returns the new run's id. */
  resetToLastWorkflowTask(workflowId: string, reason: string): Promise<string>;
  signal(workflowId: string, name: string): Promise<void>;
  schedules(): Promise<ScheduleSummary[]>;
  pauseSchedule(scheduleId: string, note: string): Promise<void>;
  unpauseSchedule(scheduleId: string, note: string): Promise<void>;
  triggerSchedule(scheduleId: string): Promise<void>;
}

const iso = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null => {
  if (!t || t.seconds === undefined || t.seconds === null) return null;
  const ms = Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
};

function attributesOf(indexed: Record<string, temporal.api.common.v1.IPayload> | null | undefined): Record<string, string | null> {
  const decoded = decodeSearchAttributes(indexed as never);
  const out: Record<string, string | null> = {};
  for (const [name, values] of Object.entries(decoded)) {
    const value = Array.isArray(values) ? values[0] : values;
    out[name] = value instanceof Date ? value.toISOString() : value === undefined || value === null ? null : String(value);
  }
  return out;
}

function summaryOf(info: temporal.api.workflow.v1.IWorkflowExecutionInfo): ExecutionSummary {
  return {
    workflowId: info.execution?.workflowId ?? '',
    runId: info.execution?.runId ?? '',
    type: info.type?.name ?? '',
    status: statusFromEnum(info.status as number | undefined),
    startTime: iso(info.startTime),
    closeTime: iso(info.closeTime),
    historyLength: Number(info.historyLength ?? 0),
    attributes: attributesOf(info.searchAttributes?.indexedFields as Record<string, temporal.api.common.v1.IPayload> | undefined),
  };
}

const notFound = (error: unknown): boolean =>
  error instanceof WorkflowNotFoundError || (error as { code?: number })?.code === 5 || (error as Error)?.name === 'WorkflowNotFoundError';

export function consoleGateway({ client, connection, namespace }: TemporalClient): ConsoleGateway {
  const service = connection.workflowService;

  async function history(workflowId: string, runId?: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await service.getWorkflowExecutionHistory({
        namespace, execution: { workflowId, ...(runId ? { runId } : {}) }, maximumPageSize: 1000, ...(nextPageToken ? { nextPageToken } : {}),
      });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return events;
  }

  return {
    async list(query, pageSize, nextPageToken) {
      const page = await service.listWorkflowExecutions({ namespace, query, pageSize, ...(nextPageToken ? { nextPageToken } : {}) });
      return {
        executions: (page.executions ?? []).map(summaryOf),
        nextPageToken: page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : null,
      };
    },
    async count(query) {
      const answer = await service.countWorkflowExecutions({ namespace, query });
      return Number(answer.count ?? 0);
    },
    async describe(workflowId) {
      try {
        const raw = await service.describeWorkflowExecution({ namespace, execution: { workflowId } });
        const info = raw.workflowExecutionInfo ?? {};
        return {
          ...summaryOf(info),
          pendingActivities: raw.pendingActivities ?? [],
          pendingWorkflowTask: raw.pendingWorkflowTask ?? null,
          pendingChildren: (raw.pendingChildren ?? []).map((c) => ({ workflowId: c.workflowId ?? '', type: c.workflowTypeName ?? '' })),
          taskQueue: info.taskQueue ?? raw.executionConfig?.taskQueue?.name ?? '',
        };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    history,
    async historyJson(workflowId, runId) {
      const events = await history(workflowId, runId);
      return historyToJSON(proto.temporal.api.history.v1.History.create({ events: events as temporal.api.history.v1.HistoryEvent[] }));
    },
    async cancel(workflowId, reason) {
      await service.requestCancelWorkflowExecution({ namespace, workflowExecution: { workflowId }, reason, requestId: randomUUID(), identity: 'clientnote-console' });
    },
    async terminate(workflowId, reason) {
      await client.workflow.getHandle(workflowId).terminate(reason);
    },
    async resetToLastWorkflowTask(workflowId, reason) {
      const described = await service.describeWorkflowExecution({ namespace, execution: { workflowId } });
      const runId = described.workflowExecutionInfo?.execution?.runId ?? undefined;
      const events = await history(workflowId, runId);
      const last = [...events].reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      if (!last) throw new NoWorkflowTaskToResetError(workflowId);
      const answer = await service.resetWorkflowExecution({
        namespace, workflowExecution: { workflowId, ...(runId ? { runId } : {}) }, reason,
        workflowTaskFinishEventId: last.eventId, requestId: randomUUID(),
      });
      return answer.runId ?? '';
    },
    async signal(workflowId, name) {
      await client.workflow.getHandle(workflowId).signal(name);
    },
    async schedules() {
      const out: ScheduleSummary[] = [];
      for await (const s of client.schedule.list()) {
        const described = await client.schedule.getHandle(s.scheduleId).describe();
        out.push({
          scheduleId: s.scheduleId,
          workflowType: described.action.type === 'startWorkflow' ? described.action.workflowType : null,
          paused: described.state.paused,
          note: described.state.note ?? null,
          nextActionTimes: described.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
          recentActions: described.info.recentActions.slice(-3).map((a) => a.takenAt.toISOString()),
        });
      }
      return out.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
    },
    async pauseSchedule(scheduleId, note) {
      await client.schedule.getHandle(scheduleId).pause(note);
    },
    async unpauseSchedule(scheduleId, note) {
      await client.schedule.getHandle(scheduleId).unpause(note);
    },
    async triggerSchedule(scheduleId) {
      await client.schedule.getHandle(scheduleId).trigger();
    },
  };
}

/** A run that has not completed a single workflow task has nothing to reset to. */
export class NoWorkflowTaskToResetError extends Error {
  constructor(readonly workflowId: string) {
    super(`${workflowId} has no completed workflow task to reset to`);
  }
  override name = 'NoWorkflowTaskToResetError';
}

export { ScheduleNotFoundError, WorkflowNotFoundError };
