// The admins' workflow console (issue 16), the one reader of Temporal visibility
// (ARCHITECTURE.md): organisation admins see their organisation's workflows
// (the query filters on the OrgId search attribute and every answer is checked
// again here; another organisation's workflow is 404), Clientnote's platform
// admins see all, with decoded payloads, and alone may act: cancel, terminate,
// reset to the last workflow task, resend a documented signal, and pause,
// resume or trigger a Schedule. Each action needs a reason and writes an audit
// event; Temporal is told only the request id, never the free text.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound, unavailable } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { EncryptionCodec } from '../../temporal/codec.ts';
import { NoWorkflowTaskToResetError, type ExecutionDescription, type ExecutionSummary } from '../../temporal/client/console.ts';
import {
  WORKFLOW_ACTIONS, WORKFLOW_STATUSES, WORKFLOW_TYPES, resendableSignals, visibilityQuery, type WorkflowFilter,
} from '../../domain/workflows/console.ts';
import { KYC_CASE_WORKFLOW } from '../../domain/kyc/case-workflow.ts';
import { DSR_WORKFLOW } from '../../domain/dsr/dsr-workflow.ts';
import { createUserRepository } from '../../db/repositories/users.ts';
import { createCaseRepository } from '../../db/repositories/cases.ts';
import { listStatus } from '../../screening/store.ts';
import {
  PayloadReader, firstScheduledAt, isRetrying, pendingActivityViews, pendingTimers, timeline, type PendingActivityView,
} from '../workflow-timeline.ts';

/** How many running workflows the "failing" filter and the health board look at (newest first). */
export const FAILING_SCAN_LIMIT = 200;
const DESCRIBE_CONCURRENCY = 8;

const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'an ISO date or date-time' }).transform((v) => new Date(v));
const listQuery = z.object({
  type: z.enum(WORKFLOW_TYPES).optional(),
  status: z.enum(WORKFLOW_STATUSES).optional(),
  caseId: z.uuid('not a case id').optional(),
  requestId: z.uuid('not a request id').optional(),
  dueBefore: when.optional(),
  dueAfter: when.optional(),
  failing: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(4000).regex(/^[A-Za-z0-9_-]*$/, 'not a cursor from this list').optional(),
}).strict();

const failureView = z.object({ type: z.string().nullable(), nonRetryable: z.boolean(), message: z.string().nullable() });
const summaryView = z.object({
  workflowId: z.string(), runId: z.string(), type: z.string(), status: z.enum(WORKFLOW_STATUSES).nullable(),
  startTime: z.string().nullable(), closeTime: z.string().nullable(), historyLength: z.number(),
  orgId: z.string().nullable(), caseId: z.string().nullable(), requestId: z.string().nullable(),
  caseStatus: z.string().nullable(), step: z.string().nullable(), riskLevel: z.string().nullable(), dueAt: z.string().nullable(),
  clientName: z.string().nullable(),
});
const pendingActivityView = z.object({
  activityId: z.string(), activityType: z.string(), state: z.string(), attempt: z.number(), maximumAttempts: z.number(),
  scheduledAt: z.string().nullable(), lastStartedAt: z.string().nullable(), nextAttemptAt: z.string().nullable(), lastFailure: failureView.nullable(),
});
const eventView = z.object({
  eventId: z.number(), time: z.string(), eventType: z.string(), category: z.string(), name: z.string().nullable(),
  durationMs: z.number().nullable(), attempt: z.number().nullable(), actor: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  failure: failureView.nullable(), firesAt: z.string().nullable(), payload: z.unknown().optional(),
});
const detailView = summaryView.extend({
  taskQueue: z.string(),
  pendingActivities: z.array(pendingActivityView),
  pendingTimers: z.array(z.object({ timerId: z.string(), startedEventId: z.number(), startedAt: z.string(), firesAt: z.string() })),
  pendingChildren: z.array(z.object({ workflowId: z.string(), type: z.string() })),
  events: z.array(eventView),
  eventsTotal: z.number(), eventsFrom: z.number(), nextEventsFrom: z.number().nullable(),
  payloadsDecoded: z.boolean(),
  resendableSignals: z.array(z.string()),
  temporalUiUrl: z.string().nullable(),
});
const workflowParams = z.object({ workflowId: z.string().min(1).max(400) });

const toCursor = (token: Uint8Array): string => Buffer.from(token).toString('base64url');
const fromCursor = (cursor: string): Buffer => Buffer.from(cursor, 'base64url');

/** Temporal unreachable is a 503; its "already completed" is a 409; anything else stays as it is. */
function temporalError(error: unknown): unknown {
  const code = (error as { code?: number })?.code;
  const message = String((error as Error)?.message ?? '');
  if (code === 14 || code === 4) return unavailable('The workflow service did not answer; try again shortly');
  if (/already completed|already finished|not running/i.test(message) || (error as Error)?.name === 'WorkflowNotFoundError') {
    return new ApiError(409, 'conflict', 'The workflow is no longer running');
  }
  if (code === 3 && /query/i.test(message)) return new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'query', message: 'not a valid filter' }]);
  return error;
}
async function temporalCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw temporalError(error);
  }
}

/** Run `fn` over `items` with at most `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

export function workflowRoutes(deps: ApiDeps) {
  const workflowConsole = deps.workflows.console;
  const codec = new EncryptionCodec(deps.config.codecKeys);
  const users = createUserRepository(deps.knex);
  const cases = createCaseRepository(deps.knex);
  const now = deps.now ?? (() => new Date());
  const read = { permission: 'workflows.read' } as const;
  const operate = { permission: 'workflows.operate' } as const;
  const { taskQueue, namespace, uiUrl } = deps.config.temporal;

  const summary = (e: ExecutionSummary, clientNames: Map<string, string | null>) => ({
    workflowId: e.workflowId, runId: e.runId, type: e.type, status: e.status, startTime: e.startTime, closeTime: e.closeTime, historyLength: e.historyLength,
    orgId: e.attributes.OrgId ?? null, caseId: e.attributes.CaseId ?? null, requestId: e.attributes.RequestId ?? e.attributes.DocumentRequestId ?? null,
    caseStatus: e.attributes.CaseStatus ?? null, step: e.attributes.CaseStep || e.attributes.RequestStatus || null, riskLevel: e.attributes.RiskLevel ?? null,
    dueAt: e.attributes.DueAt ?? null,
    clientName: e.attributes.CaseId ? (clientNames.get(e.attributes.CaseId) ?? null) : null,
  });
  const namesFor = (orgId: string | null, executions: readonly ExecutionSummary[]) =>
    cases.clientNamesByIds(orgId, executions.map((e) => e.attributes.CaseId).filter((id): id is string => Boolean(id)));
  /** The server-side check behind the query's OrgId filter. */
  const visibleTo = (orgId: string | null) => (e: ExecutionSummary) => orgId === null || e.attributes.OrgId === orgId;

  /** The workflow, if the caller may see it: another organisation's is "not found", never "forbidden". */
  async function visibleWorkflow(orgId: string | null, workflowId: string): Promise<ExecutionDescription> {
    const found = await temporalCall(() => workflowConsole.describe(workflowId));
    if (!found || !visibleTo(orgId)(found)) throw notFound('The workflow');
    return found;
  }

  /** Running workflows of the filter with an activity retrying, newest first, at most FAILING_SCAN_LIMIT looked at. */
  async function failingWorkflows(filter: WorkflowFilter): Promise<{ failing: ExecutionDescription[]; scanned: number }> {
    const running: ExecutionSummary[] = [];
    let token: Uint8Array | undefined;
    do {
      const page = await temporalCall(() => workflowConsole.list(visibilityQuery({ ...filter, status: 'running' }), 100, token));
      running.push(...page.executions.filter(visibleTo(filter.orgId)));
      token = page.nextPageToken ?? undefined;
    } while (token && running.length < FAILING_SCAN_LIMIT);
    const scanned = running.slice(0, FAILING_SCAN_LIMIT);
    const described = await mapLimit(scanned, DESCRIBE_CONCURRENCY, (e) => temporalCall(() => workflowConsole.describe(e.workflowId)));
    const failing = described.filter((d): d is ExecutionDescription => Boolean(d && (d.pendingActivities.some(isRetrying) || (d.pendingWorkflowTask?.attempt ?? 1) > 1)));
    return { failing, scanned: scanned.length };
  }

  return [
    defineRoute({
      method: 'get', path: '/workflows', summary: 'Workflows from Temporal visibility, newest first: my organisation\'s (all for platform admins), filtered', tag: 'workflows',
      access: read, tenant: 'any', query: listQuery,
      responses: {
        200: { description: 'A page of workflows and the count the filter matches', schema: z.object({ items: z.array(summaryView), count: z.number(), nextCursor: z.string().nullable(), scanned: z.number().optional() }) },
        400: { description: 'A malformed filter' },
      },
      handler: async (ctx, { query, orgId }) => {
        const filter: WorkflowFilter = {
          orgId, taskQueue, type: query.type, status: query.status, caseId: query.caseId, requestId: query.requestId, dueBefore: query.dueBefore, dueAfter: query.dueAfter,
        };
        if (query.failing === 'true') {
          const { failing, scanned } = await failingWorkflows(filter);
          const names = await namesFor(orgId, failing);
          ctx.body = { items: failing.slice(0, query.limit).map((e) => summary(e, names)), count: failing.length, nextCursor: null, scanned };
          return;
        }
        const visibility = visibilityQuery(filter);
        const [page, count] = await Promise.all([
          temporalCall(() => workflowConsole.list(visibility, query.limit, query.cursor ? fromCursor(query.cursor) : undefined)),
          temporalCall(() => workflowConsole.count(visibility)),
        ]);
        const executions = page.executions.filter(visibleTo(orgId));
        const names = await namesFor(orgId, executions);
        ctx.body = { items: executions.map((e) => summary(e, names)), count, nextCursor: page.nextPageToken ? toCursor(page.nextPageToken) : null };
      },
    }),
    defineRoute({
      method: 'get', path: '/workflows/:workflowId', summary: 'A workflow: status, step, pending activities and timers, and its history as a readable timeline (paged)', tag: 'workflows',
      access: read, tenant: 'any', params: workflowParams,
      query: z.object({ eventsFrom: z.coerce.number().int().min(0).default(0), eventsLimit: z.coerce.number().int().min(1).max(1000).default(200) }).strict(),
      responses: { 200: { description: 'The workflow', schema: detailView }, 404: { description: 'No such workflow in your organisation' } },
      handler: async (ctx, { params, query, orgId, auth }) => {
        const found = await visibleWorkflow(orgId, params.workflowId);
        const platform = auth.user.roles.includes('platform_admin');
        const reader = new PayloadReader(codec, platform);
        const events = await temporalCall(() => workflowConsole.history(params.workflowId, found.runId));
        const to = Math.min(events.length, query.eventsFrom + query.eventsLimit);
        const entries = query.eventsFrom < events.length ? await timeline(events, query.eventsFrom, to, reader) : [];
        const actorNames = await users.namesByIds(orgId, entries.map((e) => e.actorId).filter((id): id is string => Boolean(id)));
        const names = await namesFor(orgId, [found]);
        ctx.body = {
          ...summary(found, names),
          taskQueue: found.taskQueue,
          pendingActivities: await pendingActivityViews(found.pendingActivities, reader),
          pendingTimers: pendingTimers(events),
          pendingChildren: found.pendingChildren,
          events: entries.map(({ actorId, ...e }) => ({ ...e, actor: actorId ? { id: actorId, name: actorNames.get(actorId) ?? null } : null })),
          eventsTotal: events.length, eventsFrom: query.eventsFrom, nextEventsFrom: to < events.length ? to : null,
          payloadsDecoded: platform,
          resendableSignals: platform ? [...resendableSignals(found.type)] : [],
          temporalUiUrl: platform ? `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(found.workflowId)}/${found.runId}/history` : null,
        };
      },
    }),
    defineRoute({
      method: 'get', path: '/workflows/:workflowId/history.json', summary: 'A workflow\'s raw Temporal history as JSON (payloads stay encrypted)', tag: 'workflows',
      access: read, tenant: 'any', params: workflowParams,
      responses: { 200: { description: 'Temporal\'s history JSON, as a download' }, 404: { description: 'No such workflow in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const found = await visibleWorkflow(orgId, params.workflowId);
        const json = await temporalCall(() => workflowConsole.historyJson(params.workflowId, found.runId));
        ctx.set('content-type', 'application/json; charset=utf-8');
        ctx.set('content-disposition', `attachment; filename="${found.workflowId.replace(/[^A-Za-z0-9_-]+/g, '_')}-history.json"`);
        ctx.body = json;
      },
    }),
    defineRoute({
      method: 'post', path: '/workflows/:workflowId/actions', summary: 'Cancel, terminate, reset to the last workflow task, or resend a documented signal (platform admins; reason required, audited)', tag: 'workflows',
      access: operate, tenant: 'none', params: workflowParams,
      body: z.object({
        action: z.enum(WORKFLOW_ACTIONS),
        reason: z.string().trim().min(5, 'say why, in a few words').max(500),
        signal: z.string().max(100).optional(),
      }).strict(),
      responses: {
        200: { description: 'Done', schema: z.object({ workflowId: z.string(), action: z.enum(WORKFLOW_ACTIONS), runId: z.string(), auditEventId: z.string() }) },
        400: { description: 'No reason, or a signal the workflow does not document as safe to resend' },
        403: { description: 'Not a platform admin' },
        404: { description: 'No such workflow' },
        409: { description: 'The workflow is no longer running' },
      },
      handler: async (ctx, { params, body }) => {
        const found = await visibleWorkflow(null, params.workflowId);
        if (body.action === 'signal' && !(body.signal && resendableSignals(found.type).includes(body.signal))) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'signal', message: `not a signal ${found.type} documents as safe to resend` }]);
        }
        // Temporal's history cannot be edited: it gets the request id, the audit trail the reason.
        const temporalReason = `clientnote console ${body.action}, request ${String(ctx.state.requestId ?? '')}`;
        let runId = found.runId;
        try {
          if (body.action === 'cancel') await workflowConsole.cancel(found.workflowId, temporalReason);
          else if (body.action === 'terminate') await workflowConsole.terminate(found.workflowId, temporalReason);
          else if (body.action === 'reset') runId = await workflowConsole.resetToLastWorkflowTask(found.workflowId, temporalReason);
          else await workflowConsole.signal(found.workflowId, body.signal!);
        } catch (error) {
          if (error instanceof NoWorkflowTaskToResetError) throw new ApiError(409, 'conflict', 'The workflow has no completed workflow task to reset to');
          throw temporalError(error);
        }
        const event = await deps.audit.record(ctx, {
          action: `workflow.${body.action}`, orgId: found.attributes.OrgId ?? null, targetType: 'workflow', targetId: found.workflowId,
          details: { workflowType: found.type, runId: found.runId, ...(runId !== found.runId ? { newRunId: runId } : {}), ...(body.signal ? { signal: body.signal } : {}), reason: body.reason },
        });
        ctx.body = { workflowId: found.workflowId, action: body.action, runId, auditEventId: event.id };
      },
    }),
    defineRoute({
      method: 'get', path: '/schedules', summary: 'Temporal Schedules with their state and next runs (platform admins)', tag: 'workflows',
      access: operate, tenant: 'none',
      responses: { 200: { description: 'Every Schedule', schema: z.object({ items: z.array(z.object({ scheduleId: z.string(), workflowType: z.string().nullable(), paused: z.boolean(), note: z.string().nullable(), nextActionTimes: z.array(z.string()), recentActions: z.array(z.string()) })), nextCursor: z.null() }) } },
      handler: async (ctx) => {
        ctx.body = { items: await temporalCall(() => workflowConsole.schedules()), nextCursor: null };
      },
    }),
    defineRoute({
      method: 'post', path: '/schedules/:scheduleId/actions', summary: 'Pause, resume or trigger a Schedule now (platform admins; reason required, audited)', tag: 'workflows',
      access: operate, tenant: 'none', params: z.object({ scheduleId: z.string().min(1).max(200) }),
      body: z.object({ action: z.enum(['pause', 'resume', 'trigger']), reason: z.string().trim().min(5, 'say why, in a few words').max(500) }).strict(),
      responses: { 200: { description: 'Done', schema: z.object({ scheduleId: z.string(), action: z.string(), auditEventId: z.string() }) }, 400: { description: 'No reason' }, 404: { description: 'No such Schedule' } },
      handler: async (ctx, { params, body }) => {
        const note = `clientnote console ${body.action}, request ${String(ctx.state.requestId ?? '')}`;
        try {
          if (body.action === 'pause') await workflowConsole.pauseSchedule(params.scheduleId, note);
          else if (body.action === 'resume') await workflowConsole.unpauseSchedule(params.scheduleId, note);
          else await workflowConsole.triggerSchedule(params.scheduleId);
        } catch (error) {
          if ((error as Error)?.name === 'ScheduleNotFoundError' || (error as { code?: number })?.code === 5) throw notFound('The schedule');
          throw temporalError(error);
        }
        const event = await deps.audit.record(ctx, { action: `schedule.${body.action}`, orgId: null, targetType: 'schedule', targetId: params.scheduleId, details: { reason: body.reason } });
        ctx.body = { scheduleId: params.scheduleId, action: body.action, auditEventId: event.id };
      },
    }),
    defineRoute({
      method: 'get', path: '/workflow-health', summary: 'Health board: failing workflows, activities retrying too long, overdue cases and requests, sanctions list ages', tag: 'workflows',
      access: read, tenant: 'any',
      query: z.object({ retryingMinutes: z.coerce.number().int().min(0).max(10_080).default(10) }).strict(),
      responses: { 200: { description: 'The board' } },
      handler: async (ctx, { query, orgId, auth }) => {
        const platform = auth.user.roles.includes('platform_admin');
        const reader = new PayloadReader(codec, platform);
        const at = now();
        const { failing, scanned } = await failingWorkflows({ orgId, taskQueue });
        const failingViews = await mapLimit(failing, DESCRIBE_CONCURRENCY, async (d) => {
          const events = await temporalCall(() => workflowConsole.history(d.workflowId, d.runId));
          const since = firstScheduledAt(events);
          const activities: (PendingActivityView & { retryingSince: string | null; retryingMinutes: number | null })[] = [];
          for (const view of await pendingActivityViews(d.pendingActivities.filter(isRetrying), reader)) {
            const first = since.get(view.activityId) ?? view.scheduledAt;
            activities.push({ ...view, retryingSince: first, retryingMinutes: first ? Math.floor((at.getTime() - Date.parse(first)) / 60_000) : null });
          }
          return { workflowId: d.workflowId, type: d.type, orgId: d.attributes.OrgId ?? null, caseId: d.attributes.CaseId ?? null, activities };
        });
        const overdueQuery = `${visibilityQuery({ orgId, taskQueue, status: 'running', dueBefore: at })} AND WorkflowType IN ('${KYC_CASE_WORKFLOW}', '${DSR_WORKFLOW}')`;
        const overduePage = await temporalCall(() => workflowConsole.list(overdueQuery, 100));
        const overdue = overduePage.executions.filter(visibleTo(orgId)).filter((e) =>
          e.type === KYC_CASE_WORKFLOW ? ['open', 'in_review'].includes(e.attributes.CaseStatus ?? '') : e.attributes.RequestStatus !== 'closed');
        const names = await namesFor(orgId, overdue);
        const lists = (await listStatus(deps.knex, at)).map((l) => ({
          list: l.list, version: l.version, importedAt: l.importedAt, publishedAt: l.publishedAt, ageDays: l.ageDays, stale: l.ageDays > deps.config.sanctionsMaxAgeDays,
        }));
        ctx.body = {
          failing: failingViews,
          retrying: failingViews.flatMap((w) => w.activities.filter((a) => (a.retryingMinutes ?? 0) >= query.retryingMinutes).map((a) => ({ workflowId: w.workflowId, type: w.type, ...a }))),
          retryingMinutes: query.retryingMinutes,
          scanned, scanLimit: FAILING_SCAN_LIMIT,
          overdue: overdue.map((e) => summary(e, names)),
          lists, maxAgeDays: deps.config.sanctionsMaxAgeDays,
        };
      },
    }),
  ];
}
