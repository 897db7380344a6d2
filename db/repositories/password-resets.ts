// Password reset tokens: single use, hashed, 30 minutes.
import type { Knex } from 'knex';

export interface PasswordResetRecord { id: string; userId: string; expiresAt: Date; usedAt: Date | null }

export function createPasswordResetRepository(knex: Knex) {
  return {
    async create(input: { userId: string; tokenHash: Buffer; expiresAt: Date }): Promise<void> {
      await knex('password_resets').insert(input);
    },
    async findByHash(tokenHash: Buffer, trx: Knex.Transaction): Promise<PasswordResetRecord | null> {
      return ((await trx('password_resets').where({ tokenHash }).forUpdate().first(['id', 'userId', 'expiresAt', 'usedAt'])) as PasswordResetRecord | undefined) ?? null;
    },
    async markUsed(id: string, at: Date, trx: Knex.Transaction): Promise<void> {
      await trx('password_resets').where({ id }).update({ usedAt: at });
    },
  };
}
