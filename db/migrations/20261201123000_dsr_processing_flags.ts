// Restriction, objection and withdrawal of consent (issue 6): a flag per subject
// (by the keyed hash of the address) that takes effect the moment it is written.
// Every mailer respects it (no platform mail but data-subject request mail).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsr_processing_flags', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('dsr_requests.id').onDelete('CASCADE');
    t.text('subject_key').notNullable();
    t.text('kind').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('lifted_at', { useTz: true }).nullable();
    t.unique(['request_id', 'kind']);
    t.index(['subject_key']);
  });
  await knex.raw(`alter table dsr_processing_flags add constraint dsr_processing_flags_kind_check check (kind in ('restriction','objection','consent_withdrawn'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_processing_flags');
}
