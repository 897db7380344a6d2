// TOTP recovery codes: stored as SHA-256, each usable once.
import type { Knex } from 'knex';

export function createRecoveryCodeRepository(knex: Knex) {
  return {
    async replace(userId: string, hashes: readonly Buffer[]): Promise<void> {
      await knex.transaction(async (trx) => {
        await trx('recovery_codes').where({ userId }).delete();
        if (hashes.length) await trx('recovery_codes').insert(hashes.map((codeHash) => ({ userId, codeHash })));
      });
    },
    /** Use one code; false when it is unknown or used already. */
    async use(userId: string, codeHash: Buffer, at: Date): Promise<boolean> {
      const updated = await knex('recovery_codes').where({ userId, codeHash }).whereNull('usedAt').update({ usedAt: at });
      return updated === 1;
    },
    async removeAll(userId: string): Promise<void> {
      await knex('recovery_codes').where({ userId }).delete();
    },
  };
}
