// Login sessions: only the SHA-256 of the cookie token is stored.
import type { Knex } from 'knex';
import { Session } from '../models/index.ts';

export interface SessionRecord { id: string; userId: string; csrfToken: string; lastSeenAt: Date; expiresAt: Date; createdAt: Date }

export function createSessionRepository(knex: Knex) {
  return {
    async create(input: { userId: string; tokenHash: Buffer; csrfToken: string; expiresAt: Date }): Promise<SessionRecord> {
      return Session.query(knex).insertAndFetch(input as Partial<Session>);
    },
    async findByTokenHash(tokenHash: Buffer): Promise<SessionRecord | null> {
      return (await Session.query(knex).where({ tokenHash }).first()) ?? null;
    },
    async touch(id: string, at: Date): Promise<void> {
      await Session.query(knex).findById(id).patch({ lastSeenAt: at } as Partial<Session>);
    },
    async remove(id: string): Promise<void> {
      await Session.query(knex).deleteById(id);
    },
    async removeAllForUser(userId: string): Promise<number> {
      return Session.query(knex).where({ userId }).delete();
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
