// Rectifications of data-subject requests (issue 6): the corrected value, where it
// came from, and whether it replaced a self-declared value or was recorded beside
// verified evidence (which is never overwritten).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsr_rectifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('dsr_requests.id').onDelete('CASCADE');
    t.uuid('item_id').notNullable().references('dsr_manifest_items.id').onDelete('CASCADE');
    t.text('source_table').notNullable();
    t.text('row_key').notNullable();
    t.text('column_name').notNullable();
    // The requester's corrected value: personal data, registered.
    t.text('corrected_value').notNullable();
    t.text('provenance').notNullable();
    t.text('outcome').nullable();
    t.uuid('proposed_by').notNullable();
    t.timestamp('applied_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['item_id', 'column_name']);
  });
  await knex.raw(`alter table dsr_rectifications add constraint dsr_rectifications_provenance_check check (provenance in ('requester_statement','identity_document','registry_extract'))`);
  await knex.raw(`alter table dsr_rectifications add constraint dsr_rectifications_outcome_check check (outcome is null or outcome in ('applied','recorded_beside_evidence'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_rectifications');
}
