// API tokens (org_admin): named, with scopes (never a role: domain/identity/token-scopes.ts),
// shown once at creation, stored hashed, revocable; last use shown. Managed by people
// only, never by a token (these routes name no token scope).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { IdentityServices } from '../auth/identity-services.ts';
import type { ApiTokenRecord } from '../../db/repositories/api-tokens.ts';
import { grantableScopes, normaliseScopes, TOKEN_SCOPES, tokenScopeSchema } from '../../domain/identity/token-scopes.ts';
import { generateApiToken } from '../auth/bearer.ts';
import { tokenHash } from '../../db/sha256.ts';

const tokenView = z.object({
  id: z.uuid(), name: z.string(), scopes: z.array(tokenScopeSchema), createdBy: z.string().nullable(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});
const present = (t: ApiTokenRecord): z.infer<typeof tokenView> => ({ id: t.id, name: t.name, scopes: t.scopes, createdBy: t.createdBy, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

export function tokenRoutes(deps: ApiDeps, s: IdentityServices) {
  return [
    defineRoute({
      method: 'get', path: '/tokens', summary: 'API tokens of my organisation', tag: 'tokens', access: { permission: 'tokens.manage' }, tenant: { organisation: 'The resource' },
      responses: { 200: { description: 'All tokens, newest first', schema: z.object({ items: z.array(tokenView), nextCursor: z.null() }) } },
      handler: async (ctx, { orgId }) => {
        ctx.body = { items: (await s.tokens.list(orgId)).map(present), nextCursor: null };
      },
    }),
    defineRoute({
      method: 'post', path: '/tokens', summary: 'Create an API token (the secret is shown only in this answer)', tag: 'tokens', access: { permission: 'tokens.manage' }, tenant: { organisation: 'The resource' },
      body: z.object({
        name: z.string().trim().min(1, 'Name the token').max(100).refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'No control characters'),
        scopes: z.array(tokenScopeSchema, `Choose scopes: ${TOKEN_SCOPES.join(', ')}`).min(1, 'Choose at least one scope').max(TOKEN_SCOPES.length * 2).transform(normaliseScopes),
      }),
      responses: {
        201: { description: 'The token, with its secret once', schema: tokenView.extend({ token: z.string() }) },
        400: { description: 'No scope, an unknown scope, or one your own roles do not allow (validation_failed)' },
      },
      handler: async (ctx, { body, auth, orgId }) => {
        // A token never does more than the person who makes it.
        const allowed = grantableScopes(auth.user.roles);
        const beyond = body.scopes.filter((scope) => !allowed.includes(scope));
        if (beyond.length) throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'scopes', message: `Your roles do not allow ${beyond.join(', ')}` }]);
        const secret = generateApiToken();
        const created = await s.tokens.create(orgId, { name: body.name, scopes: body.scopes, tokenHash: tokenHash(secret), createdBy: auth.user.id });
        await deps.audit.record(ctx, { action: 'token.created', targetType: 'api_token', targetId: created.id, details: { scopes: body.scopes } });
        ctx.status = 201;
        ctx.body = { ...present(created), token: secret };
      },
    }),
    defineRoute({
      method: 'delete', path: '/tokens/:id', summary: 'Revoke an API token', tag: 'tokens', access: { permission: 'tokens.manage' }, tenant: { organisation: 'The token' },
      params: z.object({ id: z.uuid('not a valid token id') }),
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such live token in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const revoked = await s.tokens.revoke(orgId, params.id, s.now());
        if (!revoked) throw notFound('The token');
        await deps.audit.record(ctx, { action: 'token.revoked', targetType: 'api_token', targetId: revoked.id });
        ctx.status = 204;
      },
    }),
  ];
}
