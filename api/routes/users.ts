// Organisation administration (org_admin): the organisation's users, their roles
// and whether they are active, invitations, and the "TOTP required" switch.
// Everything is scoped to the admin's organisation: another org's id is a 404.
import { randomBytes } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import type { Context } from 'koa';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { UserRecord } from '../../db/repositories/users.ts';
import type { IdentityServices } from '../auth/identity-services.ts';
import { ORG_ROLES, type Role } from '../../domain/identity/roles.ts';
import { grantableScopes } from '../../domain/identity/token-scopes.ts';
import { emailSchema } from '../../domain/identity/email.ts';
import { INVITATION_TTL_MS } from '../../domain/identity/account-links.ts';
import { createProcessingRestrictions } from '../../db/repositories/processing-restrictions.ts';

const userView = z.object({
  id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()), active: z.boolean(), totpEnabled: z.boolean(), createdAt: z.string(),
  /** Erased at the person's request: stays inactive for good (PATCH answers 409 account_erased). */
  erased: z.boolean(),
  /** The person asked for their data to be restricted (GDPR Art. 18): no case can be assigned to them until a privacy officer lifts it. */
  restricted: z.boolean(),
});
const present = (u: UserRecord, restricted: ReadonlySet<string>): z.infer<typeof userView> => ({
  id: u.id, email: u.email, name: u.name, roles: u.roles, active: u.active, erased: u.erased, totpEnabled: u.totpEnabled, createdAt: u.createdAt, restricted: restricted.has(u.id),
});
const orgRoles = z.array(z.enum(ORG_ROLES)).min(1, 'Give at least one role').max(ORG_ROLES.length).transform((roles) => [...new Set(roles)].sort() as Role[]);
const idParams = z.object({ id: z.uuid('not a valid user id') });

export function userRoutes(deps: ApiDeps, s: IdentityServices) {
  const restrictions = createProcessingRestrictions(deps.knex, deps.config.secret);
  /** Admins see who is restricted, and so why such a user is no assignee. */
  const presentAll = async (users: readonly UserRecord[]) => {
    const restricted = await restrictions.restrictedUserIds(users);
    return users.map((u) => present(u, restricted));
  };
  const presentOne = async (user: UserRecord) => (await presentAll([user]))[0]!;
  /** Revoke the API tokens a user made, each revocation audited like one by hand. */
  const revokeTokensOf = async (ctx: Context, orgId: string, userId: string) => {
    for (const id of await s.tokens.revokeCreatedBy(orgId, userId, s.now())) {
      await deps.audit.record(ctx, { action: 'token.revoked', targetType: 'api_token', targetId: id, details: { reason: 'creator_lost_authority' } });
    }
  };
  /** After a change of roles: the user's tokens keep only the scopes the new roles allow. */
  const narrowTokensOf = async (ctx: Context, orgId: string, userId: string, roles: readonly Role[]) => {
    const { narrowed, revoked } = await s.tokens.narrowCreatedBy(orgId, userId, grantableScopes(roles), s.now());
    for (const id of revoked) await deps.audit.record(ctx, { action: 'token.revoked', targetType: 'api_token', targetId: id, details: { reason: 'creator_lost_authority' } });
    for (const id of narrowed) await deps.audit.record(ctx, { action: 'token.narrowed', targetType: 'api_token', targetId: id, details: { reason: 'creator_lost_authority' } });
  };

  return [
    defineRoute({
      method: 'get', path: '/users', summary: 'Users of my organisation', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The resource' },
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }),
      responses: { 200: { description: 'A page of users', schema: z.object({ items: z.array(userView), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, orgId }) => {
        const page = await s.users.list(orgId, query);
        ctx.body = { items: await presentAll(page.items), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get', path: '/users/:id', summary: 'One user of my organisation', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The user' },
      params: idParams,
      responses: { 200: { description: 'The user', schema: userView }, 404: { description: 'No such user in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const user = await s.users.getInOrg(orgId, params.id);
        if (!user) throw notFound('The user');
        ctx.body = await presentOne(user);
      },
    }),
    defineRoute({
      method: 'patch', path: '/users/:id', summary: 'Change a user\'s roles or deactivate/reactivate them', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The user' },
      params: idParams,
      body: z.object({ roles: orgRoles.optional(), active: z.boolean().optional() }),
      responses: { 200: { description: 'The user', schema: userView }, 404: { description: 'No such user' }, 409: { description: 'You cannot demote or deactivate yourself (conflict), or the account was erased (account_erased)' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        const user = await s.users.getInOrg(orgId, params.id);
        if (!user) throw notFound('The user');
        // An erasure is final (GDPR Art. 17): the account is never brought back or given roles.
        if (user.erased && (body.active === true || body.roles)) {
          throw new ApiError(409, 'account_erased', 'This account was erased at the person\'s request and cannot be reactivated or given roles; invite the person again if they are to work here');
        }
        const self = user.id === auth.user.id;
        if (self && body.active === false) throw new ApiError(409, 'conflict', 'You cannot deactivate yourself');
        if (self && body.roles && !body.roles.includes('org_admin')) throw new ApiError(409, 'conflict', 'You cannot remove your own administrator role');
        if (body.roles && body.roles.join() !== user.roles.join()) {
          await s.users.setRoles(orgId, user.id, body.roles);
          await deps.audit.record(ctx, { action: 'user.roles_changed', targetType: 'user', targetId: user.id, details: { from: user.roles, to: body.roles } });
          // Tokens act for the administrator who made them: they keep only what the new roles allow
          // (nothing, so revoked, without the administrator role).
          await narrowTokensOf(ctx, orgId, user.id, body.roles);
        }
        if (body.active !== undefined && body.active !== user.active) {
          if (!(await s.users.setActive(orgId, user.id, body.active))) {
            throw new ApiError(409, 'account_erased', 'This account was erased at the person\'s request and cannot be reactivated');
          }
          // A deactivated user's sessions and API tokens end now, not at their next expiry.
          if (!body.active) {
            await s.sessions.revokeAll(user.id);
            await revokeTokensOf(ctx, orgId, user.id);
          }
          await deps.audit.record(ctx, { action: body.active ? 'user.reactivated' : 'user.deactivated', targetType: 'user', targetId: user.id });
        }
        ctx.body = await presentOne((await s.users.getInOrg(orgId, user.id))!);
      },
    }),
    defineRoute({
      method: 'post', path: '/users/invitations', summary: 'Invite someone by e-mail (single-use link, 7 days)', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The resource' },
      body: z.object({ email: emailSchema, roles: orgRoles, locale: z.enum(['da', 'en']).default('da') }),
      responses: {
        201: { description: 'Invited (also when the address has an account in another organisation: see the handler)', schema: z.object({ id: z.uuid(), email: z.string(), roles: z.array(z.string()), expiresAt: z.string(), mail: z.string() }) },
        409: { description: 'The address belongs to a member of your organisation' },
      },
      handler: async (ctx, { body, auth, orgId }) => {
        // A member of this organisation: the admin sees them in the users list anyway, so say so.
        // An account in another organisation, or a staff account: answered exactly like a new
        // invitation (a 409 told any admin which addresses are Clientnote users elsewhere). The
        // invitation is recorded and mailed as usual; only the address's owner, following the
        // mailed link, learns that acceptance is refused (POST /invitations/accept answers 409).
        const existing = await s.users.accountWithEmail(body.email);
        if (existing && existing.orgId === orgId) throw new ApiError(409, 'conflict', 'This e-mail address already belongs to a member of your organisation');
        const token = randomBytes(32).toString('base64url');
        const invitation = await s.invitations.create(orgId, {
          email: body.email, roles: body.roles, tokenHash: tokenHash(token), invitedBy: auth.user.id,
          expiresAt: new Date(s.now().getTime() + INVITATION_TTL_MS),
        });
        await deps.audit.record(ctx, { action: 'user.invited', targetType: 'invitation', targetId: invitation.id, details: { roles: body.roles } });
        const orgName = await s.organisations.name(orgId);
        const mail = await deps.mailer.send({
          template: 'invitation', locale: body.locale, orgId, to: { email: body.email }, businessKey: `invitation:${invitation.id}`,
          data: { orgName: orgName ?? 'Clientnote', url: `${deps.config.publicUrl}/accept-invitation?token=${token}` },
        });
        ctx.status = 201;
        ctx.body = { id: invitation.id, email: invitation.email, roles: invitation.roles, expiresAt: invitation.expiresAt.toISOString(), mail };
      },
    }),
    defineRoute({
      method: 'get', path: '/organisation/security', summary: 'My organisation\'s login rules', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The resource' },
      responses: { 200: { description: 'The rules', schema: z.object({ totpRequired: z.boolean() }) } },
      handler: async (ctx, { orgId }) => {
        ctx.body = { totpRequired: await s.organisations.requiresTotp(orgId) };
      },
    }),
    defineRoute({
      method: 'patch', path: '/organisation/security', summary: 'Make TOTP mandatory (or not) for my organisation', tag: 'users', access: { permission: 'users.manage' }, tenant: { organisation: 'The resource' },
      body: z.object({ totpRequired: z.boolean() }),
      responses: { 200: { description: 'The rules', schema: z.object({ totpRequired: z.boolean() }) } },
      handler: async (ctx, { body, orgId }) => {
        await s.organisations.setTotpRequired(orgId, body.totpRequired);
        await deps.audit.record(ctx, { action: 'org.totp_required_changed', targetType: 'organisation', targetId: orgId, details: { totpRequired: body.totpRequired } });
        ctx.body = { totpRequired: body.totpRequired };
      },
    }),
  ];
}
