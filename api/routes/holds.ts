// Legal holds: compliance officers hold their organisation's users and cases;
// Clientnote's privacy officers hold anything, also by e-mail address (stored as
// a keyed hash). A hold keeps data from erasure until it is released. Holds are
// never shown to data subjects (tipping-off, hvidvaskloven § 38).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createUserRepository } from '../../db/repositories/users.ts';
import { createCaseRepository } from '../../db/repositories/cases.ts';
import { createLegalHoldRepository, HOLD_BASES, HOLD_SCOPES, type HoldRecord } from '../../db/repositories/legal-holds.ts';
import { dsrEmailKey } from '../dsr-email-key.ts';

const holdBody = z.object({
  id: z.uuid(), orgId: z.uuid().nullable(), scopeKind: z.enum(HOLD_SCOPES), scopeKey: z.string(), basis: z.enum(HOLD_BASES),
  reviewOn: z.string(), placedBy: z.uuid(), placedAt: z.string(), releasedBy: z.uuid().nullable(), releasedAt: z.string().nullable(),
});
const isoDay = z.iso.date('a date as YYYY-MM-DD');

export function holdRoutes(deps: ApiDeps) {
  const holds = createLegalHoldRepository(deps.knex);
  const users = createUserRepository(deps.knex);
  const cases = createCaseRepository(deps.knex);
  const now = deps.now ?? (() => new Date());
  const manage = { permission: 'holds.manage' } as const;
  /** undefined for platform staff (every hold), else the officer's organisation. */
  const scopeOf = (orgId: string | null): string | undefined => orgId ?? undefined;
  const view = (h: HoldRecord) => h;

  return [
    defineRoute({
      method: 'get', path: '/holds', summary: 'Legal holds (of my organisation; all for Clientnote\'s privacy officers)', tag: 'holds', access: manage, tenant: 'any',
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional(), active: z.enum(['true', 'false']).optional() }),
      responses: { 200: { description: 'A page of holds', schema: z.object({ items: z.array(holdBody), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, orgId }) => {
        const page = await holds.list(scopeOf(orgId), { limit: query.limit, cursor: query.cursor, active: query.active === undefined ? undefined : query.active === 'true' });
        ctx.body = { items: page.items.map(view), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'post', path: '/holds', summary: 'Place a legal hold with its basis and review date', tag: 'holds', access: manage, tenant: 'any',
      body: z.object({
        scope: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('user'), userId: z.uuid() }).strict(),
          z.object({ kind: z.literal('case'), caseId: z.uuid() }).strict(),
          z.object({ kind: z.literal('email'), email: z.string().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'not an e-mail address') }).strict(),
        ]),
        basis: z.enum(HOLD_BASES),
        reviewOn: isoDay,
        note: z.string().trim().max(2000).optional(),
      }).strict(),
      responses: { 201: { description: 'The hold', schema: holdBody }, 400: { description: 'Invalid scope or review date' }, 404: { description: 'No such user or case in your organisation' } },
      handler: async (ctx, { body, auth, orgId }) => {
        if (body.reviewOn <= now().toISOString().slice(0, 10)) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'reviewOn', message: 'the review date must be in the future' }]);
        }
        let scopeKey: string;
        if (body.scope.kind === 'email') {
          if (orgId) throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'scope.kind', message: 'holds by e-mail address are for Clientnote\'s privacy officers' }]);
          scopeKey = dsrEmailKey(deps.config.secret, body.scope.email);
        } else {
          const id = body.scope.kind === 'user' ? body.scope.userId : body.scope.caseId;
          const found = await (body.scope.kind === 'user' ? users : cases).exists(orgId, id);
          if (!found) throw notFound(body.scope.kind === 'user' ? 'The user' : 'The case');
          scopeKey = id;
        }
        const hold = await holds.place(orgId, { scopeKind: body.scope.kind, scopeKey, basis: body.basis, reviewOn: body.reviewOn, note: body.note ?? null, placedBy: auth.user.id });
        ctx.status = 201;
        ctx.body = view(hold);
      },
    }),
    defineRoute({
      method: 'post', path: '/holds/:id/release', summary: 'Release an active hold', tag: 'holds', access: manage, tenant: 'any',
      params: z.object({ id: z.uuid('not a valid hold id') }),
      responses: { 200: { description: 'The released hold', schema: holdBody }, 404: { description: 'No such active hold in your organisation' } },
      handler: async (ctx, { params, auth, orgId }) => {
        const released = await holds.release(scopeOf(orgId), params.id, auth.user.id);
        if (!released) throw notFound('The active hold');
        ctx.body = view(released);
      },
    }),
  ];
}
