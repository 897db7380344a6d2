// Restriction of processing (GDPR Art. 18) beyond mail: which platform users carry
// an active restriction flag, so they are left out of case assignment and marked for
// admins.
//
// Design: the flag names the subject by the keyed hash of the address
// (dsr_processing_flags.subject_key, see db/dsr-email-key.ts) and is written only by
// the DSR repository's addFlags and lifted only by its liftFlag. Nothing is copied
// onto users: a restricted_at column (or a stored per-user key) would have to be kept
// in step by every flag written or lifted, every invitation accepted, every seed and
// every address change, and one missed path would leave a restricted person
// assignable. Instead the user's key is computed from users.email when the question
// is asked (one HMAC, microseconds, per user listed: at most a page of users) and
// matched in one query against the partial index of active restriction flags
// (dsr_processing_flags_active_restriction). A new flag or a lift is in effect at the
// very next query, in the same transaction as the caller's if it passes one.
import type { Knex } from 'knex';
import { dsrEmailKey } from '../dsr-email-key.ts';

export interface UserAddress { id: string; email: string }

export function createProcessingRestrictions(knex: Knex, secret: string) {
  return {
    /** The ids of those users whose address carries an active (not lifted) restriction flag. */
    async restrictedUserIds(users: readonly UserAddress[], db: Knex = knex): Promise<Set<string>> {
      if (!users.length) return new Set();
      const keyed = users.map((u) => ({ id: u.id, key: dsrEmailKey(secret, u.email) }));
      const rows = await db('dsr_processing_flags')
        .where({ kind: 'restriction' }).whereNull('liftedAt')
        .whereIn('subjectKey', [...new Set(keyed.map((k) => k.key))])
        .select('subjectKey');
      const active = new Set(rows.map((r: { subjectKey: string }) => r.subjectKey));
      return new Set(keyed.filter((k) => active.has(k.key)).map((k) => k.id));
    },

    /** Whether an address (a user's, or a requester's) carries an active restriction flag. */
    async isRestricted(email: string, db: Knex = knex): Promise<boolean> {
      return (await this.restrictedUserIds([{ id: email, email }], db)).size > 0;
    },
  };
}

export type ProcessingRestrictions = ReturnType<typeof createProcessingRestrictions>;
