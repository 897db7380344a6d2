// Password reset tokens: single use, hashed, 30 minutes.
import type { Knex } from 'knex';

export interface PasswordResetRecord { id: string; userId: string; expiresAt: Date; usedAt: Date | null }

export function createPasswordResetRepository(knex: Knex) {
  return {
    /** The new link's id. */
    async create(input: { userId: string; tokenHash: Buffer; expiresAt: Date }): Promise<string> {
      const [row] = await knex('password_resets').insert(input).returning('id');
      return (row as { id: string }).id;
    },
    async findByHash(tokenHash: Buffer, trx: Knex.Transaction): Promise<PasswordResetRecord | null> {
      return ((await trx('password_resets').where({ tokenHash }).forUpdate().first(['id', 'userId', 'expiresAt', 'usedAt'])) as PasswordResetRecord | undefined) ?? null;
    },
    async markUsed(id: string, at: Date, trx: Knex.Transaction): Promise<void> {
      await trx('password_resets').where({ id }).update({ usedAt: at });
    },
    /** Every link of the user not used yet dies (after a reset). */
    async markAllUsed(userId: string, at: Date, trx: Knex.Transaction): Promise<void> {
      await trx('password_resets').where({ userId }).whereNull('usedAt').update({ usedAt: at });
    },
  };
}
