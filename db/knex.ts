// One knex instance per process, created at start-up and passed in. Columns are
// snake_case in SQL and camelCase in code.
import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
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
    ...knexSnakeCaseMappers(),
  });
}
