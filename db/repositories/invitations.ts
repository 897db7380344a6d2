// Invitations to join an organisation: single use, hashed token, 7 days.
import type { Knex } from 'knex';
import type { Role } from '../../domain/identity/roles.ts';

export interface InvitationRecord { id: string; orgId: string; email: string; roles: Role[]; expiresAt: Date; acceptedAt: Date | null }

export function createInvitationRepository(knex: Knex) {
  return {
    async create(orgId: string, input: { email: string; roles: readonly Role[]; tokenHash: Buffer; invitedBy: string; expiresAt: Date }): Promise<InvitationRecord> {
      const [row] = await knex('invitations').insert({ orgId, ...input, roles: [...input.roles] }).returning(['id', 'orgId', 'email', 'roles', 'expiresAt', 'acceptedAt']);
      return row as InvitationRecord;
    },
    async findByHash(tokenHash: Buffer, trx?: Knex.Transaction): Promise<InvitationRecord | null> {
      const q = (trx ?? knex)('invitations').where({ tokenHash }).first(['id', 'orgId', 'email', 'roles', 'expiresAt', 'acceptedAt']);
      if (trx) q.forUpdate();
      return ((await q) as InvitationRecord | undefined) ?? null;
    },
    async markAccepted(id: string, userId: string, at: Date, trx: Knex.Transaction): Promise<void> {
      await trx('invitations').where({ id }).update({ acceptedAt: at, acceptedUserId: userId });
    },
  };
}
