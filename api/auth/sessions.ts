// Cookie sessions: a random token in the httpOnly cookie `cn_session`; the
// database stores only its SHA-256. Idle and absolute expiry; a CSRF token per
// session that every cookie-authenticated change must send as x-csrf-token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import type { Context, Middleware } from 'koa';
import type { SessionRepository } from '../../db/repositories/sessions.ts';
import type { UserRecord, UserRepository } from '../../db/repositories/users.ts';
import { ApiError } from '../errors.ts';
import type { TokenScope } from '../../domain/identity/token-scopes.ts';

export const SESSION_COOKIE = 'cn_session';
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 30 * 1000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthState {
  user: UserRecord;
  /** Empty for API-token requests. */
  sessionId: string;
  csrfToken: string;
  /** Set when the request authenticated with an API token (Bearer). */
  tokenId?: string;
  /** The token's scopes (Bearer only): the routes it may reach (see defineRoute's `token`). */
  tokenScopes?: readonly TokenScope[];
}


export function createSessionService(deps: { sessions: SessionRepository; users: UserRepository; secureCookies: boolean; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  // Production sits behind a TLS proxy: the browser's connection is https whatever this socket is,
  // and whether X-Forwarded-Proto is believed depends on TRUSTED_PROXIES. Koa's cookie jar refuses a
  // Secure cookie on a connection it thinks is plain (a 500 on every login): tell it.
  const secureJar = (ctx: Context) => {
    if (deps.secureCookies) (ctx.cookies as unknown as { secure: boolean }).secure = true;
  };
  const cookieOptions = (expires?: Date) => ({ httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies, path: '/', overwrite: true, ...(expires ? { expires } : {}) });

  return {
    /** A new session (new id and token on every login: no fixation). */
    async start(ctx: Context, user: UserRecord): Promise<AuthState> {
      const previous = ctx.cookies.get(SESSION_COOKIE);
      if (previous) {
        const old = await deps.sessions.findByTokenHash(tokenHash(previous));
        if (old) await deps.sessions.remove(old.id);
      }
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now().getTime() + SESSION_ABSOLUTE_MS);
      const session = await deps.sessions.create({ userId: user.id, tokenHash: tokenHash(token), csrfToken, expiresAt });
      secureJar(ctx);
      ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(expiresAt));
      return { user, sessionId: session.id, csrfToken };
    },

    /** Revoke every session of a user (deactivation, password reset). */
    async revokeAll(userId: string): Promise<number> {
      return deps.sessions.removeAllForUser(userId);
    },

    async end(ctx: Context, auth: AuthState, everywhere: boolean): Promise<void> {
      if (everywhere) await deps.sessions.removeAllForUser(auth.user.id);
      else await deps.sessions.remove(auth.sessionId);
      secureJar(ctx);
      ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(new Date(0)) });
    },

    /** Resolve the cookie into ctx.state.auth once per request; enforce CSRF on changes. */
    middleware(options: { csrfExemptPrefixes?: readonly string[] } = {}): Middleware {
      // Exempt only stateless endpoints called cross-origin by tools that cannot send the header.
      const exempt = (path: string) => (options.csrfExemptPrefixes ?? []).some((prefix) => path.startsWith(prefix));
      return async (ctx, next) => {
        const token = ctx.cookies.get(SESSION_COOKIE);
        // A Bearer request (already authenticated by bearerMiddleware) ignores any cookie.
        if (token && !ctx.state.auth) {
          const found = await deps.users.getBySessionTokenHash(tokenHash(token));
          const session = found?.session;
          const at = now();
          const live = session && session.expiresAt > at && at.getTime() - session.lastSeenAt.getTime() < SESSION_IDLE_MS;
          if (session && !live) await deps.sessions.remove(session.id);
          const user = live ? found.user : null;
          if (session && live && user?.active) {
            // Idle expiry needs minute precision, not a write on every request.
            if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await deps.sessions.touch(session.id, at);
            ctx.state.auth = { user, sessionId: session.id, csrfToken: session.csrfToken } satisfies AuthState;
            if (!SAFE_METHODS.has(ctx.method) && !exempt(ctx.path)) {
              const sent = Buffer.from(ctx.get('x-csrf-token'));
              const expected = Buffer.from(session.csrfToken);
              if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
                throw new ApiError(403, 'csrf_failed', 'The x-csrf-token header is missing or wrong; reload the page and try again');
              }
            }
          }
        }
        await next();
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
