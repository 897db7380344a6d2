// One knex instance per process, created at start-up and passed in. Columns are
// snake_case in SQL and camelCase in code (db/snake-case.ts). Queries are built
// only in db/ (repositories) and the screening list store; see docs/architecture-notes.md.
import knexFactory, { type Knex } from 'knex';
import { snakeCaseMappers } from './snake-case.ts';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export type { Knex } from 'knex';

export const MIGRATIONS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function createKnex(url: string, options: { poolMax?: number } = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations: { directory: MIGRATIONS_DIRECTORY, loadExtensions: ['.ts'], tableName: 'knex_migrations' },
    ...snakeCaseMappers(),
  });
}

/** Whether Postgres answers within the time (the health check). */
export async function databaseAnswers(knex: Knex, timeoutMs: number): Promise<boolean> {
  return knex.raw('select 1').timeout(timeoutMs).then(() => true, () => false);
}
