// When an organisation makes TOTP mandatory, a member who has not set it up may
// only reach /auth/* (session, logout, TOTP set-up); everything else answers
// 401 totp_required until they have.
import type { Middleware } from 'koa';
import { ApiError } from '../errors.ts';
import type { AuthState } from './sessions.ts';

export function totpGate(prefix: string): Middleware {
  return async (ctx, next) => {
    const auth = ctx.state.auth as AuthState | undefined;
    if (auth && !auth.tokenId && auth.user.orgTotpRequired && !auth.user.totpEnabled && !ctx.path.startsWith(`${prefix}/auth/`)) {
      throw new ApiError(401, 'totp_required', 'Your organisation requires two-factor authentication: set it up under Profile first');
    }
    await next();
  };
}
