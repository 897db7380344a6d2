// Ongoing monitoring (issue 4): one run per list version (the workflow
// list-monitoring/<versionId>) with its progress figure, which the lists page
// reads; and where a case hit came from, so a hit raised by monitoring is told
// apart (the case overview counts open ones) and traced to the list version.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_monitoring_runs', (t) => {
    t.uuid('list_version_id').primary().references('list_versions.id').onDelete('CASCADE');
    t.text('list').notNullable();
    t.text('status').notNullable().defaultTo('running');
    // Added and changed entities of the version: what each party is compared with.
    t.integer('entities').notNullable().defaultTo(0);
    t.integer('parties_total').notNullable().defaultTo(0);
    t.integer('parties_done').notNullable().defaultTo(0);
    // (party, entity) pairs fully scored, and open hits raised on cases, across all organisations.
    t.integer('comparisons').notNullable().defaultTo(0);
    t.integer('new_hits').notNullable().defaultTo(0);
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.index(['list', 'started_at']);
  });
  await knex.raw(`alter table list_monitoring_runs add constraint list_monitoring_runs_status_check check (status in ('running','completed'))`);
  await knex.schema.alterTable('case_hits', (t) => {
    t.text('source').notNullable().defaultTo('screening');
    t.uuid('list_version_id').nullable().references('list_versions.id').onDelete('SET NULL');
    t.index(['org_id', 'source', 'decision']);
  });
  await knex.raw(`alter table case_hits add constraint case_hits_source_check check (source in ('screening','monitoring'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table case_hits drop constraint case_hits_source_check');
  await knex.schema.alterTable('case_hits', (t) => {
    t.dropIndex(['org_id', 'source', 'decision']);
    t.dropColumn('list_version_id');
    t.dropColumn('source');
  });
  await knex.schema.dropTable('list_monitoring_runs');
}
