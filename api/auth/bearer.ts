// Bearer authentication with API tokens: `Authorization: Bearer cn_…`. Only the
// SHA-256 of a token is stored; a revoked or unknown token is refused outright
// (401), never treated as "not logged in". Bearer requests need no CSRF token:
// a browser never attaches the header by itself.
import { randomBytes } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import type { Middleware } from 'koa';
import type { ApiTokenRepository } from '../../db/repositories/api-tokens.ts';
import { ApiError } from '../errors.ts';
import type { AuthState } from './sessions.ts';

export const TOKEN_PREFIX = 'cn_';


export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function bearerMiddleware(deps: { tokens: ApiTokenRepository; now?: () => Date }): Middleware {
  const now = deps.now ?? (() => new Date());
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
      const token = match?.[1];
      const found = token?.startsWith(TOKEN_PREFIX) ? await deps.tokens.useByHash(tokenHash(token), now()) : null;
      if (!found) throw new ApiError(401, 'unauthenticated', 'The API token is not valid or was revoked');
      ctx.state.auth = {
        user: {
          id: found.createdBy ?? found.id, orgId: found.orgId, email: '', name: found.name, locale: 'en', active: true,
          roles: [found.role], totpEnabled: false, orgTotpRequired: false, createdAt: found.createdAt,
        },
        sessionId: '',
        csrfToken: '',
        tokenId: found.id,
      } satisfies AuthState;
    }
    await next();
  };
}
