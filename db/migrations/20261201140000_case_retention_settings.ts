// Retention durations per organisation: how long case data is kept after the
// relationship ended (null: the legal default, five years and a day) and how
// often a legal hold is checked again once that time is up. Tests use seconds.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.bigInteger('retention_seconds').nullable();
    t.integer('hold_recheck_seconds').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.dropColumn('retention_seconds');
    t.dropColumn('hold_recheck_seconds');
  });
}
