// KYC cases: create (which starts the case workflow), list, read, and the
// skeleton's human steps, which go to the workflow as Updates.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound, unavailable } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createCaseRepository, type CaseRecord } from '../../db/repositories/cases.ts';
import {
  CASE_DECISIONS, caseStatusSchema, caseStepSchema, caseTypeSchema, createCaseSchema, type CaseProgress,
} from '../../domain/kyc/case.ts';
import { kycCaseWorkflowId } from '../../domain/kyc/case-workflow.ts';
import { WorkflowRejectedError } from '../workflow-gateway.ts';

/** Default SLA until organisations configure their own (issue 5). */
const DEFAULT_CASE_SLA_DAYS = 30;

const caseSummary = z.object({
  id: z.uuid(),
  type: caseTypeSchema,
  status: caseStatusSchema,
  step: caseStepSchema.nullable(),
  client: z.object({ kind: z.enum(['company', 'person']), name: z.string().nullable(), cvr: z.string().nullable() }),
  assigneeId: z.uuid().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
});
const caseDetail = caseSummary.extend({
  workflowId: z.string(),
  events: z.array(z.object({ kind: z.string(), createdAt: z.string() })),
});
const progressSchema = z.object({ status: caseStatusSchema, step: caseStepSchema.nullable() });
const idParams = z.object({ id: z.uuid('not a valid case id') });

const summary = (c: CaseRecord): z.infer<typeof caseSummary> => ({
  id: c.id, type: c.type, status: c.status, step: c.step, client: c.client, assigneeId: c.assigneeId, dueAt: c.dueAt, createdAt: c.createdAt,
});

const progressView = (p: CaseProgress) => ({ status: p.status, step: p.step });

export function caseRoutes(deps: ApiDeps) {
  const cases = createCaseRepository(deps.knex);
  const now = deps.now ?? (() => new Date());

  /** Users without an organisation (platform staff) see no cases at all. */
  const orgOf = (auth: { user: { orgId: string | null } } | undefined): string => {
    const orgId = auth?.user.orgId;
    if (!orgId) throw notFound('The case');
    return orgId;
  };

  async function sendToWorkflow(orgId: string, caseId: string, send: () => Promise<CaseProgress>) {
    if (!(await cases.get(orgId, caseId))) throw notFound('The case');
    try {
      return progressView(await send());
    } catch (error) {
      if (error instanceof WorkflowRejectedError) throw new ApiError(409, 'conflict', error.message);
      throw error;
    }
  }

  return [
    defineRoute({
      method: 'post', path: '/cases', summary: 'Open a KYC case (starts its workflow)', tag: 'cases', access: { permission: 'cases.create' },
      body: createCaseSchema,
      responses: { 201: { description: 'The new case', schema: caseSummary }, 503: { description: 'Temporal is unavailable; nothing was created' } },
      handler: async (ctx, { body, auth }) => {
        const orgId = orgOf(auth);
        const created = await cases.create(orgId, {
          type: body.type, clientKind: 'company', clientName: null, clientCvr: body.cvr,
          createdBy: auth!.user.id, assigneeId: auth!.user.id,
          dueAt: new Date(now().getTime() + DEFAULT_CASE_SLA_DAYS * 86_400_000),
        });
        try {
          await deps.workflows.startCase({ caseId: created.id, orgId });
        } catch (error) {
          // No case without its workflow: take the row back and say so.
          await cases.remove(orgId, created.id);
          ctx.state.logger?.error({ err: error, caseId: created.id }, 'could not start the case workflow');
          throw unavailable('The workflow service is unavailable; the case was not created. Try again shortly.');
        }
        // Audit trail (issue 3): keep this one call when rewriting the route.
        await deps.audit.record(ctx, { action: 'case.created', targetType: 'case', targetId: created.id, details: { type: body.type } });
        ctx.status = 201;
        ctx.set('location', `/api/v1/cases/${created.id}`);
        ctx.body = summary(created);
      },
    }),
    defineRoute({
      method: 'get', path: '/cases', summary: 'List cases of my organisation, newest first', tag: 'cases', access: { permission: 'cases.read' },
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }),
      responses: { 200: { description: 'A page of cases', schema: z.object({ items: z.array(caseSummary), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, auth }) => {
        const page = await cases.list(orgOf(auth), query);
        ctx.body = { items: page.items.map(summary), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id', summary: 'One case with its events', tag: 'cases', access: { permission: 'cases.read' },
      params: idParams,
      responses: { 200: { description: 'The case', schema: caseDetail }, 404: { description: 'No such case in your organisation' } },
      handler: async (ctx, { params, auth }) => {
        const orgId = orgOf(auth);
        const found = await cases.get(orgId, params.id);
        if (!found) throw notFound('The case');
        ctx.body = { ...summary(found), workflowId: kycCaseWorkflowId(found.id), events: await cases.events(orgId, found.id) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/steps/:step/complete', summary: 'Complete the current step (handler)', tag: 'cases', access: { permission: 'cases.work' },
      params: z.object({ id: z.uuid('not a valid case id'), step: caseStepSchema }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case' }, 409: { description: 'The case is not at that step' } },
      handler: async (ctx, { params, auth }) => {
        ctx.body = await sendToWorkflow(orgOf(auth), params.id, () =>
          deps.workflows.completeStep(params.id, { step: params.step, actorId: auth!.user.id }));
        // Audit trail (issue 3): keep this one call when rewriting the route.
        await deps.audit.record(ctx, { action: 'case.step_completed', targetType: 'case', targetId: params.id, details: { step: params.step } });
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/decision', summary: 'Approve, reject or return a case in review (four-eyes)', tag: 'cases', access: { permission: 'cases.decide' },
      params: idParams,
      body: z.object({ decision: z.enum(CASE_DECISIONS), returnTo: caseStepSchema.exclude(['review']).optional() }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case' }, 409: { description: 'Not in review, or you prepared it' } },
      handler: async (ctx, { params, body, auth }) => {
        ctx.body = await sendToWorkflow(orgOf(auth), params.id, () =>
          deps.workflows.decide(params.id, { decision: body.decision, actorId: auth!.user.id, ...(body.returnTo ? { returnTo: body.returnTo } : {}) }));
        // Audit trail (issue 3): keep this one call when rewriting the route.
        await deps.audit.record(ctx, { action: 'case.decided', targetType: 'case', targetId: params.id, details: { decision: body.decision, ...(body.returnTo ? { returnTo: body.returnTo } : {}) } });
      },
    }),
  ];
}
