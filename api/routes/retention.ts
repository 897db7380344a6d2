// Retention (docs/retention.md): the classes with their periods and bounds, the
// organisation's cases whose § 30 clock runs or ended, an org admin's approval
// of a due purge, and the platform's sweeps and certificates. Org admins and
// compliance officers see their organisation's; platform admins the platform's.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createRetentionRepository } from '../../db/repositories/retention.ts';
import {
  checkPeriod, isSettableRetentionClass, PERIOD_UNITS, RETENTION_CLASS_RULES, SETTABLE_RETENTION_CLASSES, type SettableRetentionClass,
} from '../../domain/retention/classes.ts';
import { CASE_PURGE_STATUSES } from '../../domain/retention/workflow.ts';

const period = z.object({ value: z.number().int(), unit: z.enum(PERIOD_UNITS) }).strict();
const classBody = z.object({
  class: z.enum(SETTABLE_RETENTION_CLASSES), trigger: z.string(), period, defaultPeriod: period,
  bounds: z.object({ min: period, max: period }).nullable(), fixed: z.boolean(), action: z.enum(['delete', 'anonymise']),
  approval: z.enum(['org_admin']).nullable(), law: z.string().nullable(), source: z.enum(['default', 'platform', 'organisation']),
});
const caseBody = z.object({
  caseId: z.uuid(), clientName: z.string().nullable(), caseType: z.string(), status: z.string(), retentionUntil: z.string().nullable(),
  purgeStatus: z.enum(CASE_PURGE_STATUSES).nullable(), purgeApprovedAt: z.string().nullable(), purgedAt: z.string().nullable(),
  certificateId: z.uuid().nullable(), holds: z.array(z.object({ id: z.uuid(), basis: z.string(), reviewOn: z.string() })),
});
const sweepBody = z.object({
  id: z.uuid(), status: z.enum(['running', 'completed', 'failed', 'skipped']), dryRun: z.boolean(), asOf: z.string(), startedAt: z.string(),
  finishedAt: z.string().nullable(), failure: z.string().nullable(), progress: z.record(z.string(), z.number()),
  certificates: z.array(z.object({ id: z.uuid(), class: z.string(), count: z.number() })),
});
const certificateBody = z.object({
  id: z.uuid(), sweepId: z.uuid().nullable(), orgId: z.uuid().nullable(), caseId: z.uuid().nullable(), class: z.string(), dryRun: z.boolean(), count: z.number(),
  counts: z.record(z.string(), z.number()), oldestAt: z.string().nullable(), newestAt: z.string().nullable(), keysHash: z.string(), createdAt: z.string(),
});

export function retentionRoutes(deps: ApiDeps) {
  const retention = createRetentionRepository(deps.knex);

  const classesOf = async (orgId: string | null) => (await retention.effectivePeriods(orgId)).map((e) => {
    const rule = RETENTION_CLASS_RULES[e.class];
    return {
      class: e.class, trigger: rule.trigger, period: e.period, defaultPeriod: rule.defaultPeriod, bounds: rule.bounds, fixed: rule.bounds === null,
      action: rule.action, approval: rule.approval, law: rule.law, source: e.source,
    };
  });

  return [
    defineRoute({
      method: 'get', path: '/retention/classes', summary: 'Retention classes with their periods (my organisation\'s; the platform\'s for platform admins)', tag: 'retention',
      access: { permission: 'retention.read' }, tenant: 'any',
      responses: { 200: { description: 'Every class', schema: z.object({ items: z.array(classBody) }) } },
      handler: async (ctx, { orgId }) => {
        ctx.body = { items: await classesOf(orgId) };
      },
    }),
    defineRoute({
      method: 'put', path: '/retention/classes/:class', summary: 'Set a class\'s period within its bounds (audited)', tag: 'retention',
      access: { permission: 'retention.manage' }, tenant: 'any',
      params: z.object({ class: z.string().max(64) }),
      body: z.object({ period }).strict(),
      responses: {
        200: { description: 'The class with its new period', schema: classBody },
        400: { description: 'A period outside the bounds, or not a whole number above zero' },
        404: { description: 'No such retention class' },
        409: { description: 'The law fixes this class\'s period (details.reason fixed_period)' },
      },
      handler: async (ctx, { params, body, auth, orgId }) => {
        if (!isSettableRetentionClass(params.class)) throw notFound('The retention class');
        const cls: SettableRetentionClass = params.class;
        const refusal = checkPeriod(cls, body.period);
        if (refusal?.code === 'fixed_period') throw new ApiError(409, 'conflict', refusal.message, undefined, { details: { reason: 'fixed_period' } });
        if (refusal) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'period', message: refusal.message }],
            refusal.code === 'out_of_bounds' ? { details: { reason: 'out_of_bounds', bounds: refusal.bounds } } : undefined);
        }
        await retention.setPeriod(orgId, cls, body.period, auth.user.id);
        await deps.audit.record(ctx, { action: 'retention.period_set', targetType: 'retention_class', targetId: cls, details: { value: body.period.value, unit: body.period.unit } });
        ctx.body = (await classesOf(orgId)).find((c) => c.class === cls);
      },
    }),
    defineRoute({
      method: 'get', path: '/retention/cases', summary: 'My organisation\'s cases whose retention clock runs or ended, soonest first, with their holds', tag: 'retention',
      access: { permission: 'retention.read' }, tenant: 'any',
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }),
      responses: { 200: { description: 'A page of cases', schema: z.object({ items: z.array(caseBody), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, orgId }) => {
        ctx.body = orgId ? await retention.casesWithClock(orgId, query) : { items: [], nextCursor: null };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/purge-approval', summary: 'Approve deleting a case whose retention has ended (org admin; audited)', tag: 'retention',
      access: { permission: 'retention.approve' }, tenant: 'any',
      params: z.object({ id: z.uuid('not a valid case id') }),
      responses: {
        202: { description: 'Approved; the case workflow deletes the data', schema: z.object({ caseId: z.uuid(), purgeStatus: z.literal('awaiting_approval') }) },
        404: { description: 'No such case in your organisation' },
        409: { description: 'The case is not waiting for an approval (details.reason not_awaiting_approval)' },
      },
      handler: async (ctx, { params, auth, orgId }) => {
        if (!orgId) throw forbidden();
        const outcome = await retention.approvePurge(orgId, params.id, auth.user.id);
        if (outcome === 'not_found') throw notFound('The case');
        if (outcome === 'not_awaiting') {
          throw new ApiError(409, 'conflict', 'The case is not waiting for an approval of its deletion', undefined, { details: { reason: 'not_awaiting_approval' } });
        }
        await deps.audit.record(ctx, { action: 'case.purge_approved', targetType: 'case', targetId: params.id });
        await deps.workflows.retention.approvePurge(params.id);
        ctx.status = 202;
        ctx.body = { caseId: params.id, purgeStatus: 'awaiting_approval' as const };
      },
    }),
    defineRoute({
      method: 'get', path: '/retention/sweeps', summary: 'Recent retention sweeps with progress and certificates (platform admins)', tag: 'retention',
      access: { permission: 'retention.sweep' }, tenant: 'none',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      responses: { 200: { description: 'The newest sweeps first', schema: z.object({ items: z.array(sweepBody), nextCursor: z.null() }) } },
      handler: async (ctx, { query }) => {
        ctx.body = { items: await retention.listSweeps(query.limit), nextCursor: null };
      },
    }),
    defineRoute({
      method: 'get', path: '/retention/forecast', summary: 'What the sweep would remove now and in the coming days, per class, and what holds keep (platform admins)', tag: 'retention',
      access: { permission: 'retention.sweep' }, tenant: 'none',
      query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      responses: {
        200: {
          description: 'Counts per class',
          schema: z.object({ days: z.number(), items: z.array(z.object({ class: z.string(), dueNow: z.number(), dueWithin: z.number(), held: z.number(), oldestDueAt: z.string().nullable() })) }),
        },
      },
      handler: async (ctx, { query }) => {
        ctx.body = { days: query.days, items: await retention.forecast(new Date(), query.days) };
      },
    }),
    defineRoute({
      method: 'post', path: '/retention/sweeps', summary: 'Start a retention sweep, or a dry run that removes nothing (platform admins; audited)', tag: 'retention',
      access: { permission: 'retention.sweep' }, tenant: 'none',
      body: z.object({ dryRun: z.boolean().default(false) }).strict(),
      responses: {
        202: { description: 'Started', schema: z.object({ id: z.uuid(), dryRun: z.boolean() }) },
        409: { description: 'A sweep is running (details.reason sweep_running)' },
      },
      handler: async (ctx, { body, auth }) => {
        if (await retention.runningSweep()) {
          throw new ApiError(409, 'conflict', 'A retention sweep is already running; wait for it to finish', undefined, { details: { reason: 'sweep_running' } });
        }
        const id = randomUUID();
        await deps.workflows.retention.startSweep({ sweepId: id, dryRun: body.dryRun, startedBy: auth.user.id });
        await deps.audit.record(ctx, { action: 'retention.sweep_started', orgId: null, targetType: 'retention_sweep', targetId: id, details: { dryRun: body.dryRun } });
        ctx.status = 202;
        ctx.body = { id, dryRun: body.dryRun };
      },
    }),
    defineRoute({
      method: 'get', path: '/retention/certificates/:id', summary: 'A deletion certificate (platform admins; org admins and compliance officers their cases\')', tag: 'retention',
      access: { permission: 'retention.read' }, tenant: 'any',
      params: z.object({ id: z.uuid('not a valid certificate id') }),
      query: z.object({ download: z.enum(['1']).optional() }),
      responses: { 200: { description: 'The certificate', schema: certificateBody }, 404: { description: 'No such certificate that you may see' } },
      handler: async (ctx, { params, query, orgId, auth }) => {
        const platform = orgId === null && auth.user.roles.includes('platform_admin');
        const certificate = await retention.certificate(params.id, platform ? undefined : orgId);
        if (!certificate) throw notFound('The certificate');
        if (query.download) ctx.set('Content-Disposition', `attachment; filename="sletningsbevis-${certificate.id}.json"`);
        ctx.body = certificate;
      },
    }),
  ];
}
