// Migrations run as the owner role, then the application role's grants are
// re-applied so new tables are usable (and append-only tables stay so).
import { createKnex, type Knex } from './knex.ts';
import { applyGrants, roleOf } from './grants.ts';
import { DatabaseUnreachableError } from './provision.ts';

export interface MigrationStatus { applied: string[]; pending: string[] }

async function withOwner<T>(ownerUrl: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = createKnex(ownerUrl, { poolMax: 2 });
  try {
    await knex.raw('select 1').catch((error: Error) => {
      throw new DatabaseUnreachableError(
        `cannot connect to Postgres at ${new URL(ownerUrl).host} as the owner role: ${error.message}. ` +
          'Start Postgres, or correct DATABASE_URL (or unset it to use the local cluster).',
        { cause: error },
      );
    });
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

export async function migrateUp(urls: { ownerUrl: string; appUrl: string }): Promise<string[]> {
  return withOwner(urls.ownerUrl, async (knex) => {
    const [, applied] = (await knex.migrate.latest()) as [number, string[]];
    await applyGrants(knex, roleOf(urls.appUrl));
    return applied;
  });
}

/** Roll back every migration (to zero). */
export async function migrateDown(urls: { ownerUrl: string }): Promise<string[]> {
  return withOwner(urls.ownerUrl, async (knex) => {
    const [, reverted] = (await knex.migrate.rollback(undefined, true)) as [number, string[]];
    return reverted;
  });
}

export async function migrationStatus(urls: { ownerUrl: string }): Promise<MigrationStatus> {
  return withOwner(urls.ownerUrl, async (knex) => {
    const [completed, pending] = (await knex.migrate.list()) as [{ name: string }[], { file: string }[]];
    return { applied: completed.map((m) => m.name), pending: pending.map((m) => m.file) };
  });
}
