// Login, session and logout (the contract in API.md). One message for any wrong
// credential, so the answer never tells whether an e-mail has an account.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, unauthenticated } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { SessionService } from '../auth/sessions.ts';
import type { UserRepository, UserRecord } from '../../db/repositories/users.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { roleSchema } from '../../domain/identity/roles.ts';

const loginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
  totp: z.string().max(16).optional(),
});

const sessionBody = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), orgId: z.uuid().nullable(), roles: z.array(roleSchema), locale: z.enum(['da', 'en']) }),
  csrfToken: z.string(),
});

const WRONG_CREDENTIALS = 'The e-mail address or password is incorrect';

function present(user: UserRecord, csrfToken: string): z.infer<typeof sessionBody> {
  return { user: { id: user.id, email: user.email, name: user.name, orgId: user.orgId, roles: user.roles, locale: user.locale === 'en' ? 'en' : 'da' }, csrfToken };
}

export function authRoutes(_deps: ApiDeps, services: { sessions: SessionService; users: UserRepository }) {
  return [
    defineRoute({
      method: 'post', path: '/auth/login', summary: 'Log in with e-mail and password', tag: 'auth', access: 'public',
      body: loginSchema,
      responses: { 200: { description: 'Logged in; sets the cn_session cookie', schema: sessionBody }, 401: { description: 'Wrong credentials or TOTP required' } },
      handler: async (ctx, { body }) => {
        const found = await services.users.findForLogin(body.email);
        const ok = await verifyPassword(found?.passwordHash ?? null, body.password);
        if (!found || !ok || !found.user.active) throw new ApiError(401, 'unauthenticated', WRONG_CREDENTIALS);
        const auth = await services.sessions.start(ctx, found.user);
        ctx.body = present(auth.user, auth.csrfToken);
      },
    }),
    defineRoute({
      method: 'get', path: '/auth/session', summary: 'The current session', tag: 'auth', access: 'authenticated',
      responses: { 200: { description: 'The logged-in user', schema: sessionBody } },
      handler: async (ctx, { auth }) => {
        if (!auth) throw unauthenticated();
        ctx.body = present(auth.user, auth.csrfToken);
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/logout', summary: 'Log out this session', tag: 'auth', access: 'authenticated',
      responses: { 204: { description: 'Logged out' } },
      handler: async (ctx, { auth }) => {
        await services.sessions.end(ctx, auth!, false);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/logout-all', summary: 'Log out every session of this user', tag: 'auth', access: 'authenticated',
      responses: { 204: { description: 'All sessions ended' } },
      handler: async (ctx, { auth }) => {
        await services.sessions.end(ctx, auth!, true);
        ctx.status = 204;
      },
    }),
  ];
}
