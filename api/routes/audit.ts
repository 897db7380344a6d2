// The audit log of my organisation (org_admin, compliance_officer): the list
// convention with filters, and a CSV export (which is itself audited).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import type { ApiDeps } from '../deps.ts';
import type { IdentityServices } from '../auth/identity-services.ts';
import type { AuditEventRecord } from '../../db/repositories/audit.ts';

const filters = z.object({
  action: z.string().trim().max(64).regex(/^[a-z_.]*$/, 'an action name such as auth.login').optional().transform((v) => v || undefined),
  actor: z.uuid('not a valid user or token id').optional().or(z.literal('').transform(() => undefined)),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().transform((v) => (v ? new Date(v) : undefined)),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().transform((v) => (v ? new Date(v) : undefined)),
});

const eventView = z.object({
  id: z.uuid(), seq: z.number(), action: z.string(), actorUserId: z.string().nullable(), actorTokenId: z.string().nullable(),
  targetType: z.string().nullable(), targetId: z.string().nullable(), requestId: z.string().nullable(), details: z.record(z.string(), z.unknown()), createdAt: z.string(),
});
const present = (e: AuditEventRecord): z.infer<typeof eventView> => ({
  id: e.id, seq: e.seq, action: e.action, actorUserId: e.actorUserId, actorTokenId: e.actorTokenId, targetType: e.targetType, targetId: e.targetId,
  requestId: e.requestId, details: e.details, createdAt: e.createdAt,
});

const CSV_COLUMNS = ['createdAt', 'seq', 'action', 'actorUserId', 'actorTokenId', 'targetType', 'targetId', 'requestId', 'details', 'hash'] as const;

/** One CSV cell: quoted, quotes doubled, and a leading =+-@ defused so a spreadsheet never runs it. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function auditRoutes(deps: ApiDeps, s: IdentityServices) {
  return [
    defineRoute({
      method: 'get', path: '/audit', token: 'audit:read', summary: 'Audit events of my organisation, newest first', tag: 'audit', access: { permission: 'audit.read' }, tenant: { organisation: 'The resource' },
      query: filters.extend({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }),
      responses: { 200: { description: 'A page of events', schema: z.object({ items: z.array(eventView), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, orgId }) => {
        const page = await s.auditLog.list(orgId, query);
        ctx.body = { items: page.items.map(present), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get', path: '/audit.csv', token: 'audit:read', summary: 'The same events as CSV (oldest first)', tag: 'audit', access: { permission: 'audit.read' }, tenant: { organisation: 'The resource' },
      query: filters,
      responses: { 200: { description: 'text/csv' } },
      handler: async (ctx, { query, orgId }) => {
        await deps.audit.record(ctx, { action: 'audit.exported', targetType: 'organisation', targetId: orgId });
        const lines = [CSV_COLUMNS.join(',')];
        for await (const event of s.auditLog.stream(orgId, query)) {
          lines.push(CSV_COLUMNS.map((c) => csvCell(event[c])).join(','));
        }
        ctx.set('content-type', 'text/csv; charset=utf-8');
        ctx.set('content-disposition', 'attachment; filename="audit.csv"');
        ctx.body = lines.join('\r\n') + '\r\n';
      },
    }),
  ];
}
