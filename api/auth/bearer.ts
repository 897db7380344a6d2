// Bearer authentication with API tokens: `Authorization: Bearer cn_…`. Only the
// SHA-256 of a token is stored; a revoked or unknown token, or one whose maker is
// no longer active, is refused outright (401), never treated as "not logged in". Bearer requests need no CSRF token:
// a browser never attaches the header by itself.
import { randomBytes } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import type { Middleware } from 'koa';
import type { ApiTokenRepository } from '../../db/repositories/api-tokens.ts';
import type { UserRepository } from '../../db/repositories/users.ts';
import { ApiError } from '../errors.ts';
import type { AuthState } from './sessions.ts';

export const TOKEN_PREFIX = 'cn_';


export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function bearerMiddleware(deps: { tokens: ApiTokenRepository; users: UserRepository; now?: () => Date }): Middleware {
  const now = deps.now ?? (() => new Date());
  const refused = () => new ApiError(401, 'unauthenticated', 'The API token is not valid or was revoked');
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
      const token = match?.[1];
      const found = token?.startsWith(TOKEN_PREFIX) ? await deps.tokens.useByHash(tokenHash(token), now()) : null;
      // The token acts for the person who made it, with their roles as they are now (a route's
      // permission is checked against them), and only where one of its scopes opens the route.
      const maker = found?.createdBy ? await deps.users.getById(found.createdBy) : null;
      if (!found || !maker || !maker.active || maker.orgId !== found.orgId) throw refused();
      ctx.state.auth = {
        user: {
          id: maker.id, orgId: found.orgId, email: '', name: found.name, locale: 'en', active: true, erased: false,
          roles: maker.roles, totpEnabled: false, orgTotpRequired: false, createdAt: found.createdAt,
        },
        sessionId: '',
        csrfToken: '',
        tokenId: found.id,
        tokenScopes: found.scopes,
      } satisfies AuthState;
    }
    await next();
  };
}
