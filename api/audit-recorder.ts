// How routes write the audit trail: `await deps.audit.record(ctx, {action, ...})`.
// The actor (user, or API token) and the request id come from the request, so a
// route names only what happened to what. Details hold ids and enums only; the
// IP address and user agent stay in the request log, joined by request id.
import type { Context } from 'koa';
import type { Knex } from '../db/knex.ts';
import { createAuditRepository, type AuditInput, type AuditEventRecord } from '../db/repositories/audit.ts';
import type { AuthState } from './auth/sessions.ts';

export type AuditAction =
  | 'auth.login' | 'auth.login_failed' | 'auth.logout' | 'auth.logout_all' | 'auth.password_reset_requested' | 'auth.password_reset'
  | 'auth.totp_enabled' | 'auth.totp_disabled' | 'auth.recovery_code_used'
  | 'user.invited' | 'user.invitation_accepted' | 'user.roles_changed' | 'user.deactivated' | 'user.reactivated'
  | 'org.totp_required_changed'
  | 'token.created' | 'token.revoked' | 'token.narrowed'
  | 'audit.exported'
  | 'case.created' | 'case.step_completed' | 'case.decided'
  | (string & {});

export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: AuditInput['details'];
  /** Defaults to the actor's organisation; set it for events with no logged-in actor (failed login). */
  orgId?: string | null;
  actorUserId?: string | null;
}

export interface AuditRecorder {
  /** `trx`: write the event in the caller's transaction, so a change and its audit event commit together. */
  record(ctx: Context, entry: AuditEntry, trx?: Knex.Transaction): Promise<AuditEventRecord>;
}

export function createAuditRecorder(knex: Knex, options: { secret: string; now?: () => Date }): AuditRecorder {
  const repo = createAuditRepository(knex, options);
  return {
    async record(ctx, entry, trx) {
      const auth = ctx.state.auth as AuthState | undefined;
      return repo.record({
        orgId: entry.orgId !== undefined ? entry.orgId : auth?.user.orgId ?? null,
        actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : auth?.tokenId ? null : auth?.user.id ?? null,
        actorTokenId: auth?.tokenId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        requestId: typeof ctx.state.requestId === 'string' ? ctx.state.requestId : null,
        details: entry.details ?? {},
      }, trx);
    },
  };
}
