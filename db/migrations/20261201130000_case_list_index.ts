// The case inbox reads newest first with keyset pagination on (created_at, id)
// within one organisation: one index in exactly that order serves the list and
// every filter on it without a sort (bench/README.md, "Cases").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index cases_org_created_id_index on cases (org_id, created_at desc, id desc)');
  await knex.raw('drop index if exists cases_org_id_created_at_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists cases_org_id_created_at_index on cases (org_id, created_at)');
  await knex.raw('drop index if exists cases_org_created_id_index');
}
