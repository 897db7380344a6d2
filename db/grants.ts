// What the application role may do. It owns nothing; append-only tables
// (the audit trail) get no UPDATE, DELETE or TRUNCATE, so the grants bind even
// if the application is compromised.
import type { Knex } from 'knex';

/** Tables the application may insert into and read, never change. */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_events', 'erasure_ledger'];

export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

export async function applyGrants(knex: Knex, appRole: string): Promise<void> {
  const role = `"${appRole.replace(/"/g, '')}"`;
  await knex.raw(`grant usage on schema public to ${role}`);
  await knex.raw(`grant select, insert, update, delete on all tables in schema public to ${role}`);
  await knex.raw(`grant usage, select on all sequences in schema public to ${role}`);
  await knex.raw(`revoke all on knex_migrations, knex_migrations_lock from ${role}`);
  for (const table of APPEND_ONLY_TABLES) {
    await knex.raw(`revoke update, delete, truncate on ?? from ${role}`, [table]);
  }
}
