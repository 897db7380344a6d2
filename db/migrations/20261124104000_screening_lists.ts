// Screening lists (issue 4): every import is a list version; list entities are
// kept once per content (a row lives from the version that added or changed it
// until the version that changed or removed it), so "the current list" is the
// rows not yet closed and old versions stay reconstructable. The diff of each
// version is stored beside it for monitoring. Plus the per-organisation match
// threshold.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_versions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('list').notNullable();
    t.integer('version').notNullable();
    t.text('format').notNullable();
    // Where it came from: 'file', 'update' (downloaded) or 'demo'; never a local path.
    t.text('source').notNullable();
    t.text('published_at').nullable();
    // SHA-256 over the sorted entity content hashes: the same list content gives the same hash.
    t.text('content_hash').notNullable();
    t.integer('entity_count').notNullable();
    t.integer('added').notNullable();
    t.integer('changed').notNullable();
    t.integer('removed').notNullable();
    t.jsonb('repairs').notNullable().defaultTo('[]');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['list', 'version']);
  });
  await knex.schema.createTable('list_entities', (t) => {
    t.bigIncrements('id').primary();
    t.text('list').notNullable();
    t.text('entity_id').notNullable();
    t.text('content_hash').notNullable();
    t.jsonb('data').notNullable();
    t.uuid('from_version_id').notNullable().references('list_versions.id').onDelete('CASCADE');
    t.uuid('to_version_id').nullable().references('list_versions.id').onDelete('SET NULL');
    t.index(['list', 'entity_id']);
  });
  // At most one current row per listed entity.
  await knex.raw('create unique index list_entities_current on list_entities (list, entity_id) where to_version_id is null');
  await knex.schema.createTable('list_version_changes', (t) => {
    t.uuid('list_version_id').notNullable().references('list_versions.id').onDelete('CASCADE');
    t.text('entity_id').notNullable();
    t.text('change').notNullable();
    // The entity's content hash in this version (for removals: the last one it had).
    t.text('content_hash').notNullable();
    t.primary(['list_version_id', 'entity_id']);
  });
  await knex.raw(`alter table list_version_changes add constraint list_version_changes_change_check check (change in ('added','changed','removed'))`);
  await knex.schema.alterTable('organisations', (t) => {
    // Null: the default threshold from the evaluation (domain/screening/score.ts).
    t.decimal('screening_threshold', 4, 3).nullable();
  });
  await knex.raw('alter table organisations add constraint organisations_screening_threshold_check check (screening_threshold is null or (screening_threshold > 0 and screening_threshold <= 1))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table organisations drop constraint organisations_screening_threshold_check');
  await knex.schema.alterTable('organisations', (t) => t.dropColumn('screening_threshold'));
  await knex.schema.dropTable('list_version_changes');
  await knex.schema.dropTable('list_entities');
  await knex.schema.dropTable('list_versions');
}
