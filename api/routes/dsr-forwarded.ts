// Forwarded parts of data-subject requests, for the controller organisation's admins
// (permission dsr.forwarded): the list of their organisation's parts, one part with
// the requester's contact details and the matched case parties (each with its AML
// hold), and the decision, which goes to the part's child workflow as an Update.
// Another organisation's part is the same 404 as none; free-text notes stay in Postgres.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import { documentContent } from '../document-content.ts';
import { createConfiguredVault } from '../../providers/storage/index.ts';
import type { ApiDeps } from '../deps.ts';
import { createDsrRoutingRepository } from '../../db/repositories/dsr-routing.ts';
import { routedDecisionSchema } from '../../domain/dsr/routing.ts';
import { dsrRightSchema } from '../../domain/dsr/request.ts';
import { daysLeft } from '../../domain/dsr/deadline.ts';
import { sendExport } from '../export-download.ts';

const idParams = z.object({ id: z.uuid('not a valid id') });
const summary = z.object({
  id: z.uuid(), requestId: z.uuid(), status: z.enum(['forwarded', 'decided']), decision: routedDecisionSchema.nullable(), rights: z.array(dsrRightSchema),
  receivedAt: z.string(), dueAt: z.string(), daysLeft: z.number().int(), parties: z.number().int(), createdAt: z.string(), decidedAt: z.string().nullable(),
});
const detail = summary.extend({
  requester: z.object({ name: z.string(), email: z.string(), locale: z.enum(['da', 'en']) }),
  note: z.string().nullable(), decidedBy: z.uuid().nullable(),
  items: z.array(z.object({
    id: z.uuid(), caseId: z.uuid(), partyId: z.uuid(), partyName: z.string(), clientName: z.string().nullable(),
    amlHold: z.enum(['relationship_active', 'retention_period']).nullable(), heldUntil: z.string().nullable(),
    action: z.enum(['erased', 'held', 'kept']).nullable(), executedAt: z.string().nullable(),
  })),
});

export function dsrForwardedRoutes(deps: ApiDeps) {
  const routing = createDsrRoutingRepository(deps.knex);
  const vault = createConfiguredVault(deps.config, deps.documentStorage);
  const now = deps.now ?? (() => new Date());
  const access = { permission: 'dsr.forwarded' } as const;
  const present = <T extends { dueAt: string; orgId?: string }>(p: T) => {
    const { orgId: _org, ...rest } = p;
    return { ...rest, daysLeft: daysLeft(new Date(p.dueAt), now()) };
  };

  return [
    defineRoute({
      method: 'get', path: '/dsr/forwarded', token: 'dsr:forwarded', summary: 'Data-subject requests forwarded to my organisation as the controller of case data', tag: 'dsr', access, tenant: { organisation: 'The forwarded request' },
      query: z.object({ open: z.enum(['true', 'false']).optional() }),
      responses: { 200: { description: 'My organisation\'s forwarded parts', schema: z.object({ items: z.array(summary), nextCursor: z.null() }) } },
      handler: async (ctx, { query, orgId }) => {
        const items = await routing.listForOrg(orgId, { open: query.open === undefined ? undefined : query.open === 'true' });
        ctx.set('cache-control', 'no-store');
        ctx.body = { items: items.map(present), nextCursor: null };
      },
    }),
    defineRoute({
      method: 'get', path: '/dsr/forwarded/:id', token: 'dsr:forwarded', summary: 'One forwarded part: requester, rights, deadline and the matched case parties with their AML hold', tag: 'dsr', access, tenant: { organisation: 'The forwarded request' },
      params: idParams,
      responses: { 200: { description: 'The part', schema: detail }, 404: { description: 'No such part in my organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const part = await routing.getForOrg(orgId, params.id);
        if (!part) throw notFound('The forwarded request');
        ctx.set('cache-control', 'no-store');
        ctx.body = present(part);
      },
    }),
    defineRoute({
      method: 'get', path: '/dsr/forwarded/:id/export', token: 'dsr:forwarded',
      summary: 'What my organisation holds about the requester, for its own answer to an access request: a zip of JSON and formula-safe CSV (parties, cases, document requests, documents with their files; no screening results, assessments or notes, nothing under a legal hold)',
      tag: 'dsr', access, tenant: { organisation: 'The forwarded request' },
      params: idParams,
      query: z.object({ format: z.enum(['zip', 'json']).default('zip') }).strict(),
      responses: { 200: { description: 'The export (application/zip with the documents\' files, or JSON with format=json)' }, 404: { description: 'No such part in my organisation' }, 503: { description: 'A document could not be read from storage; nothing was exported' } },
      handler: async (ctx, { params, query, orgId }) => {
        const found = await routing.exportForOrg(orgId, params.id);
        if (!found) throw notFound('The forwarded request');
        const content = { generatedAt: now().toISOString(), partId: params.id, withheldCases: found.withheldCases, tables: found.tables };
        // The documents themselves, decrypted, under documents/<id>-<name> (the zip only).
        const files = [];
        if (query.format === 'zip') {
          // A file that cannot be read is a 503 and nothing is exported.
          for (const doc of found.files) files.push({ name: `documents/${doc.id}-${doc.name}`, content: await documentContent(ctx, vault, doc) });
        }
        await deps.audit.record(ctx, { action: 'dsr.forwarded_exported', targetType: 'dsr_routed_part', targetId: params.id, details: { format: query.format, documents: files.length } });
        sendExport(ctx, { baseName: `clientnote-forwarded-${params.id}`, format: query.format, content, tables: found.tables, files });
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/forwarded/:id/decision', token: 'dsr:forwarded',
      summary: 'Decide a forwarded part: handled by the organisation, no match, or erase the matched parties that no AML or legal hold covers', tag: 'dsr', access, tenant: { organisation: 'The forwarded request' },
      params: idParams,
      body: z.object({ decision: routedDecisionSchema, note: z.string().trim().max(2000, 'at most 2000 characters').optional() }).strict(),
      responses: { 200: { description: 'Decided', schema: detail }, 404: { description: 'No such part in my organisation' }, 409: { description: 'Already decided' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        const part = await routing.getForOrg(orgId, params.id);
        if (!part) throw notFound('The forwarded request');
        if (part.status === 'decided') throw new ApiError(409, 'conflict', 'This request has already been decided');
        await deps.workflows.dsr.decideRoutedPart(part.requestId, orgId, { decision: body.decision, actorId: auth.user.id });
        if (body.note) await routing.setNote(orgId, part.id, body.note);
        await deps.audit.record(ctx, { action: 'dsr.forwarded_decided', targetType: 'dsr_routed_part', targetId: part.id, details: { decision: body.decision } });
        ctx.body = present((await routing.getForOrg(orgId, part.id))!);
      },
    }),
  ];
}
