// AI drafting (issue 13): every draft and every handler's edit of a report
// section is a version with its provenance (source, provider, model, prompt
// template version, the hash of what was sent, the citations, who asked and
// when); `case_sections` stays the current text. The organisation switches AI
// drafting on and chooses whether person names leave the platform; a handler
// marks which notes may be used as evidence.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_section_versions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('text').notNullable();
    t.text('source').notNullable();
    t.text('provider').nullable();
    t.text('model').nullable();
    t.text('prompt_version').nullable();
    t.text('input_hash').nullable();
    t.jsonb('citations').nullable();
    /** Why an AI draft fell back to the template (a code: uncited_sentence, rate_limited, rejected, …). */
    t.text('fallback_reason').nullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'key', 'version']);
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table case_section_versions add constraint case_section_versions_source_check check (source in ('template','ai','handler'))`);
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.boolean('ai_drafting').notNullable().defaultTo(false);
    t.boolean('ai_pseudonymise').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('case_notes', (t) => {
    t.boolean('usable_for_drafting').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_notes', (t) => t.dropColumn('usable_for_drafting'));
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.dropColumn('ai_drafting');
    t.dropColumn('ai_pseudonymise');
  });
  await knex.schema.dropTable('case_section_versions');
}
