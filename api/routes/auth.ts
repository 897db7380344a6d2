// Login, session and logout (the contract in API.md), plus the account flows:
// password reset, invitation acceptance, TOTP set-up and the profile. One
// message for any wrong credential, so the answer never tells whether an e-mail
// has an account; throttled per account and per IP.
import { randomBytes } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { UserRecord } from '../../db/repositories/users.ts';
import type { IdentityServices } from '../auth/identity-services.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clientIp } from '../auth/client-ip.ts';
import { PASSWORD_MESSAGES, passwordProblem, MAX_PASSWORD_LENGTH } from '../auth/password-policy.ts';
import { generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, openSecret, otpauthUrl, sealSecret, verifyTotp } from '../auth/totp.ts';
import { roleSchema, type Role } from '../../domain/identity/roles.ts';
import { personNameSchema } from '../../domain/identity/email.ts';
import { PASSWORD_RESET_TTL_MS } from '../../domain/identity/account-links.ts';

const loginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
  totp: z.string().trim().max(32).optional(),
});

const sessionBody = z.object({
  user: z.object({
    id: z.uuid(), email: z.string(), name: z.string(), orgId: z.uuid().nullable(), roles: z.array(roleSchema), locale: z.enum(['da', 'en']),
    totpEnabled: z.boolean(), totpSetupRequired: z.boolean(),
  }),
  csrfToken: z.string(),
});

const tokenSchema = z.string().trim().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, 'not a valid link');
const newPasswordSchema = z.string().max(MAX_PASSWORD_LENGTH * 4);

const WRONG_CREDENTIALS = 'The e-mail address or password is incorrect';
const BAD_LINK = 'The link is invalid, used or expired. Ask for a new one.';

const linkToken = (): string => randomBytes(32).toString('base64url');

function present(user: UserRecord, csrfToken: string): z.infer<typeof sessionBody> {
  return {
    user: {
      id: user.id, email: user.email, name: user.name, orgId: user.orgId, roles: user.roles, locale: user.locale === 'en' ? 'en' : 'da',
      totpEnabled: user.totpEnabled, totpSetupRequired: user.orgTotpRequired && !user.totpEnabled,
    },
    csrfToken,
  };
}

function checkPassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'password', message: PASSWORD_MESSAGES[problem] }]);
}

export function authRoutes(deps: ApiDeps, s: IdentityServices) {
  const { users, sessions, throttle } = s;

  return [
    defineRoute({
      method: 'post', path: '/auth/login', throttled: true, summary: 'Log in with e-mail and password (and TOTP when enabled)', tag: 'auth', access: 'public',
      body: loginSchema,
      responses: {
        200: { description: 'Logged in; sets the cn_session cookie', schema: sessionBody },
        401: { description: 'Wrong credentials (unauthenticated) or a TOTP code is needed (totp_required)' },
        429: { description: 'Too many attempts (rate_limited); see Retry-After' },
      },
      handler: async (ctx, { body }) => {
        const ip = clientIp(ctx);
        const { hadFailures } = await throttle.before(ip, body.email);
        const found = await users.findForLogin(body.email);
        const ok = await verifyPassword(found?.passwordHash ?? null, body.password);
        if (!found || !ok || !found.user.active) {
          await throttle.failed(ip, body.email);
          await deps.audit.record(ctx, { action: 'auth.login_failed', orgId: found?.user.orgId ?? null, actorUserId: found?.user.id ?? null, ...(found ? { targetType: 'user', targetId: found.user.id } : {}) });
          throw new ApiError(401, 'unauthenticated', WRONG_CREDENTIALS);
        }
        if (found.totpSecret) {
          if (!body.totp) throw new ApiError(401, 'totp_required', 'Enter the code from your authenticator app');
          const code = body.totp.replace(/\s+/g, '');
          const viaApp = verifyTotp(openSecret(deps.config.secret, found.totpSecret), code, s.now());
          const viaRecovery = !viaApp && /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i.test(code) && await s.recovery.use(found.user.id, hashRecoveryCode(code), s.now());
          if (!viaApp && !viaRecovery) {
            await throttle.failed(ip, body.email);
            await deps.audit.record(ctx, { action: 'auth.login_failed', orgId: found.user.orgId, actorUserId: found.user.id, targetType: 'user', targetId: found.user.id, details: { factor: 'totp' } });
            throw new ApiError(401, 'totp_required', 'The code is not correct');
          }
          if (viaRecovery) await deps.audit.record(ctx, { action: 'auth.recovery_code_used', orgId: found.user.orgId, actorUserId: found.user.id, targetType: 'user', targetId: found.user.id });
        }
        if (hadFailures) await throttle.succeeded(body.email);
        const auth = await sessions.start(ctx, found.user);
        ctx.state.auth = auth;
        await deps.audit.record(ctx, { action: 'auth.login', targetType: 'session', targetId: auth.sessionId });
        ctx.body = present(auth.user, auth.csrfToken);
      },
    }),
    defineRoute({
      method: 'get', path: '/auth/session', summary: 'The current session', tag: 'auth', access: 'authenticated', tenant: 'none',
      responses: { 200: { description: 'The logged-in user', schema: sessionBody } },
      handler: async (ctx, { auth }) => {
        ctx.body = present(auth.user, auth.csrfToken);
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/logout', summary: 'Log out this session', tag: 'auth', access: 'authenticated', tenant: 'none',
      responses: { 204: { description: 'Logged out' } },
      handler: async (ctx, { auth }) => {
        await deps.audit.record(ctx, { action: 'auth.logout', targetType: 'session', targetId: auth.sessionId });
        await sessions.end(ctx, auth, false);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/logout-all', summary: 'Log out every session of this user', tag: 'auth', access: 'authenticated', tenant: 'none',
      responses: { 204: { description: 'All sessions ended' } },
      handler: async (ctx, { auth }) => {
        await deps.audit.record(ctx, { action: 'auth.logout_all', targetType: 'user', targetId: auth.user.id });
        await sessions.end(ctx, auth, true);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'patch', path: '/auth/profile', summary: 'Change my name or language', tag: 'auth', access: 'authenticated', tenant: 'none',
      // Unknown keys are dropped by the schema, so `{}` and `{"nickname": …}` both arrive empty: a 400, not a no-op.
      body: z.object({ name: personNameSchema.optional(), locale: z.enum(['da', 'en']).optional() })
        .refine((change) => change.name !== undefined || change.locale !== undefined, 'Send a name or a locale (or both) to change'),
      responses: { 200: { description: 'The updated session body', schema: sessionBody }, 400: { description: 'Nothing to change, or a name or locale that is not valid (validation_failed)' } },
      handler: async (ctx, { body, auth }) => {
        await users.updateProfile(auth.user.id, body);
        const user = await users.getById(auth.user.id);
        ctx.body = present(user!, auth.csrfToken);
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/password', summary: 'Change my password (other sessions are ended)', tag: 'auth', access: 'authenticated', tenant: 'none',
      body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema }),
      responses: { 204: { description: 'Changed' }, 400: { description: 'Current password wrong or new one too weak' } },
      handler: async (ctx, { body, auth }) => {
        const found = await users.findForLogin(auth.user.email);
        if (!found || !(await verifyPassword(found.passwordHash, body.currentPassword))) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'currentPassword', message: 'The current password is not correct' }]);
        }
        checkPassword(body.newPassword, auth.user.email);
        await users.setPassword(auth.user.id, await hashPassword(body.newPassword));
        await s.sessions.revokeAll(auth.user.id);
        const again = await sessions.start(ctx, auth.user);
        ctx.state.auth = again;
        ctx.set('x-csrf-token', again.csrfToken);
        await deps.audit.record(ctx, { action: 'auth.password_reset', targetType: 'user', targetId: auth.user.id, details: { via: 'change' } });
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/password-reset', throttled: true, summary: 'Ask for a password reset link by e-mail (same answer whether or not the account exists)', tag: 'auth', access: 'public',
      body: z.object({ email: z.string().trim().min(1).max(320) }),
      responses: { 202: { description: 'If the account exists, a link is on its way' }, 429: { description: 'Too many attempts' } },
      handler: async (ctx, { body }) => {
        const ip = clientIp(ctx);
        await throttle.before(ip, body.email);
        await throttle.counted(ip);
        // Everything that depends on whether the account exists happens after the answer,
        // so the answer's timing tells nothing (the mail used to be awaited: existing
        // addresses answered measurably slower).
        s.afterResponse.run('password reset mail', async () => {
          const found = await users.findForLogin(body.email);
          if (!found || !found.user.active || !(await throttle.resetMailAllowed(body.email))) return;
          const token = linkToken();
          const resetId = await s.resets.create({ userId: found.user.id, tokenHash: tokenHash(token), expiresAt: new Date(s.now().getTime() + PASSWORD_RESET_TTL_MS) });
          await deps.audit.record(ctx, { action: 'auth.password_reset_requested', orgId: found.user.orgId, actorUserId: found.user.id, targetType: 'user', targetId: found.user.id });
          await deps.mailer.send({
            template: 'password_reset', locale: found.user.locale === 'en' ? 'en' : 'da', orgId: found.user.orgId,
            to: { email: found.user.email, name: found.user.name, userId: found.user.id }, businessKey: `password_reset:${resetId}`,
            data: { url: `${deps.config.publicUrl}/reset-password?token=${token}` },
          });
        });
        ctx.status = 202;
        ctx.body = { accepted: true };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/password-reset/confirm', summary: 'Set a new password with a reset link (ends every session)', tag: 'auth', access: 'public',
      body: z.object({ token: tokenSchema, password: newPasswordSchema }),
      responses: { 204: { description: 'Password changed' }, 400: { description: 'Weak password, or a bad, used or expired link' } },
      handler: async (ctx, { body }) => {
        const userId = await deps.knex.transaction(async (trx) => {
          const reset = await s.resets.findByHash(tokenHash(body.token), trx);
          if (!reset || reset.usedAt || reset.expiresAt <= s.now()) throw new ApiError(400, 'validation_failed', BAD_LINK, [{ path: 'token', message: BAD_LINK }]);
          const user = await users.getById(reset.userId);
          if (!user || !user.active) throw new ApiError(400, 'validation_failed', BAD_LINK, [{ path: 'token', message: BAD_LINK }]);
          checkPassword(body.password, user.email);
          await users.setPassword(user.id, await hashPassword(body.password), trx);
          await s.resets.markUsed(reset.id, s.now(), trx);
          // Every other reset link of this user dies too.
          await s.resets.markAllUsed(user.id, s.now(), trx);
          return user;
        });
        await sessions.revokeAll(userId.id);
        await deps.audit.record(ctx, { action: 'auth.password_reset', orgId: userId.orgId, actorUserId: userId.id, targetType: 'user', targetId: userId.id, details: { via: 'reset_link' } });
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post', path: '/invitations/lookup', summary: 'What an invitation link is for (before accepting it)', tag: 'auth', access: 'public',
      body: z.object({ token: tokenSchema }),
      responses: { 200: { description: 'The invitation', schema: z.object({ email: z.string(), organisation: z.string(), roles: z.array(roleSchema), expiresAt: z.string() }) }, 404: { description: 'Invalid, used or expired' } },
      handler: async (ctx, { body }) => {
        const invitation = await s.invitations.findByHash(tokenHash(body.token));
        if (!invitation || invitation.acceptedAt || invitation.expiresAt <= s.now()) throw notFound('The invitation');
        const organisation = await s.organisations.name(invitation.orgId);
        ctx.body = { email: invitation.email, organisation: organisation ?? '', roles: invitation.roles, expiresAt: invitation.expiresAt.toISOString() };
      },
    }),
    defineRoute({
      method: 'post', path: '/invitations/accept', summary: 'Accept an invitation: choose a name and password', tag: 'auth', access: 'public',
      body: z.object({ token: tokenSchema, name: personNameSchema, password: newPasswordSchema, locale: z.enum(['da', 'en']).default('da') }),
      responses: { 201: { description: 'The account exists; log in next', schema: z.object({ userId: z.uuid(), email: z.string() }) }, 404: { description: 'Invalid, used or expired' }, 409: { description: 'The e-mail already has an account' } },
      handler: async (ctx, { body }) => {
        const created = await deps.knex.transaction(async (trx) => {
          const invitation = await s.invitations.findByHash(tokenHash(body.token), trx);
          if (!invitation || invitation.acceptedAt || invitation.expiresAt <= s.now()) throw notFound('The invitation');
          checkPassword(body.password, invitation.email);
          // The address got an account meanwhile, or already had one in another organisation (the
          // invitation was answered like any other so the inviting admin learnt nothing): the one who
          // holds the mailed link is the address's owner, who may know.
          if (await users.emailTaken(invitation.email, trx)) {
            throw new ApiError(409, 'conflict', 'This e-mail address already has a Clientnote account, and an address can belong to one organisation only. Ask the organisation that invited you to invite another address.');
          }
          const userId = await users.create({ orgId: invitation.orgId, email: invitation.email, name: body.name, passwordHash: await hashPassword(body.password), locale: body.locale, roles: invitation.roles as Role[] }, trx);
          await s.invitations.markAccepted(invitation.id, userId, s.now(), trx);
          return { userId, orgId: invitation.orgId, invitationId: invitation.id, email: invitation.email };
        });
        await deps.audit.record(ctx, { action: 'user.invitation_accepted', orgId: created.orgId, actorUserId: created.userId, targetType: 'invitation', targetId: created.invitationId, details: { userId: created.userId } });
        ctx.status = 201;
        ctx.body = { userId: created.userId, email: created.email };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/totp/setup', summary: 'Start TOTP set-up: a new secret to scan', tag: 'auth', access: 'authenticated', tenant: 'none',
      responses: { 200: { description: 'The secret and otpauth URL', schema: z.object({ secret: z.string(), otpauthUrl: z.string() }) }, 409: { description: 'Already enabled' } },
      handler: async (ctx, { auth }) => {
        if (auth.user.totpEnabled) throw new ApiError(409, 'conflict', 'Two-factor authentication is already on; turn it off first');
        const secret = generateTotpSecret();
        await users.setTotp(auth.user.id, sealSecret(deps.config.secret, secret), null);
        ctx.body = { secret, otpauthUrl: otpauthUrl(secret, auth.user.email) };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/totp/enable', summary: 'Confirm TOTP with a code; answers recovery codes once', tag: 'auth', access: 'authenticated', tenant: 'none',
      body: z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code') }),
      responses: { 200: { description: 'On; the recovery codes (shown once)', schema: z.object({ recoveryCodes: z.array(z.string()) }) }, 400: { description: 'Wrong code or no set-up started' } },
      handler: async (ctx, { body, auth }) => {
        const pending = await users.totpSecret(auth.user.id);
        if (!pending.secret || pending.enabled || !verifyTotp(openSecret(deps.config.secret, pending.secret), body.code, s.now())) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'code', message: 'The code is not correct' }]);
        }
        const codes = generateRecoveryCodes();
        await s.recovery.replace(auth.user.id, codes.map(hashRecoveryCode));
        await users.setTotp(auth.user.id, pending.secret, s.now());
        await deps.audit.record(ctx, { action: 'auth.totp_enabled', targetType: 'user', targetId: auth.user.id });
        ctx.body = { recoveryCodes: codes };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/totp/disable', summary: 'Turn TOTP off (needs the password; refused when the organisation requires it)', tag: 'auth', access: 'authenticated', tenant: 'none',
      body: z.object({ password: z.string().min(1).max(1024) }),
      responses: { 204: { description: 'Off' }, 400: { description: 'Wrong password' }, 409: { description: 'Required by the organisation' } },
      handler: async (ctx, { body, auth }) => {
        if (auth.user.orgTotpRequired) throw new ApiError(409, 'conflict', 'Your organisation requires two-factor authentication');
        const found = await users.findForLogin(auth.user.email);
        if (!found || !(await verifyPassword(found.passwordHash, body.password))) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'password', message: 'The password is not correct' }]);
        }
        await users.setTotp(auth.user.id, null, null);
        await s.recovery.removeAll(auth.user.id);
        await deps.audit.record(ctx, { action: 'auth.totp_disabled', targetType: 'user', targetId: auth.user.id });
        ctx.status = 204;
      },
    }),
  ];
}
