// Production refuses to run on demo data (default secrets are refused by the config schema).
import type { Config } from '../config/schema.ts';
import type { Knex } from '../db/knex.ts';
import { hasDemoData } from '../db/seeds/demo.ts';

export async function assertSafeForProduction(config: Config, knex: Knex): Promise<void> {
  if (config.env !== 'production') return;
  if (await hasDemoData(knex)) {
    throw new Error('this database holds demo data, which is refused when NODE_ENV=production. Use a fresh database for production.');
  }
}
