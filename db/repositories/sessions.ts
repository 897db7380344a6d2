// Login sessions: only the SHA-256 of the cookie token is stored.
import type { Knex } from 'knex';

export interface SessionRecord { id: string; userId: string; csrfToken: string; lastSeenAt: Date; expiresAt: Date; createdAt: Date }

export function createSessionRepository(knex: Knex) {
  return {
    async create(input: { userId: string; tokenHash: Buffer; csrfToken: string; expiresAt: Date }): Promise<SessionRecord> {
      const [row] = await knex('sessions').insert(input).returning('*');
      return row as SessionRecord;
    },
    async findByTokenHash(tokenHash: Buffer): Promise<SessionRecord | null> {
      return ((await knex('sessions').where({ tokenHash }).first()) as SessionRecord | undefined) ?? null;
    },
    async touch(id: string, at: Date): Promise<void> {
      await knex('sessions').where({ id }).update({ lastSeenAt: at });
    },
    async remove(id: string): Promise<void> {
      await knex('sessions').where({ id }).delete();
    },
    async removeAllForUser(userId: string): Promise<number> {
      return knex('sessions').where({ userId }).delete();
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
