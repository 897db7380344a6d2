// Data-subject requests (issue 6): the request projection the staff queue and the
// status page read, its events, and the discovery manifest. The requester's
// details are kept minimal (name, e-mail, description) and are personal data in
// db/personal-data-registry.ts; tokens and codes are stored only as hashes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsr_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('rights', 'text[]').notNullable();
    t.text('relationship').notNullable();
    t.text('status').notNullable().defaultTo('received');
    t.text('outcome').nullable();
    t.text('locale').notNullable().defaultTo('da');
    t.text('requester_name').notNullable();
    t.text('requester_email').notNullable();
    // HMAC of the normalised address: duplicates and per-address limits without reading addresses.
    t.text('email_key').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.boolean('extended').notNullable().defaultTo(false);
    t.text('extension_reason').nullable();
    t.specificType('status_token_hash', 'bytea').notNullable().unique();
    t.specificType('code_hash', 'bytea').nullable();
    t.integer('code_attempts').notNullable().defaultTo(0);
    t.timestamp('code_expires_at', { useTz: true }).nullable();
    t.timestamp('code_last_sent_at', { useTz: true }).nullable();
    t.integer('codes_sent').notNullable().defaultTo(0);
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.text('triage_decision').nullable();
    t.text('refusal_reason').nullable();
    t.uuid('merged_into').nullable().references('dsr_requests.id').onDelete('SET NULL');
    t.text('plan_hash').nullable();
    t.uuid('plan_proposed_by').nullable();
    t.uuid('plan_approved_by').nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'due_at']);
    t.index(['email_key', 'created_at']);
  });
  await knex.raw(`alter table dsr_requests add constraint dsr_requests_relationship_check check (relationship in ('platform_user','case_subject','other'))`);
  await knex.raw(`alter table dsr_requests add constraint dsr_requests_status_check check (status in
    ('received','awaiting_verification','triage','awaiting_info','routed','discovery','hold_check','plan_review','executing','verifying','responding','closed'))`);
  await knex.raw(`alter table dsr_requests add constraint dsr_requests_outcome_check check (outcome is null or outcome in
    ('completed','partially_completed','refused','withdrawn','unverified','merged'))`);
  await knex.raw(`alter table dsr_requests add constraint dsr_requests_rights_check check (cardinality(rights) > 0 and rights <@ array
    ['access','rectification','erasure','restriction','portability','objection','withdraw_consent']::text[])`);

  await knex.schema.createTable('dsr_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('dsr_requests.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.uuid('actor_id').nullable();
    // Ids and enums only.
    t.jsonb('details').notNullable().defaultTo('{}');
    // A staff member's free-text note (a refusal's explanation, extension reasons): personal data, registered.
    t.text('note').nullable();
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['request_id', 'created_at']);
  });

  await knex.schema.createTable('dsr_manifest_items', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('dsr_requests.id').onDelete('CASCADE');
    t.text('source_table').notNullable();
    t.text('row_key').notNullable();
    t.text('retention_class').notNullable();
    t.specificType('personal_columns', 'text[]').notNullable();
    t.boolean('held').notNullable().defaultTo(false);
    t.text('action').nullable();
    t.timestamp('executed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'source_table', 'row_key']);
  });
  await knex.raw(`alter table dsr_manifest_items add constraint dsr_manifest_items_action_check check (action is null or action in
    ('export','rectify','erase','anonymise','restrict','retain'))`);

  // The access export until it is downloaded or expires: rows as JSON, behind the status token.
  await knex.schema.createTable('dsr_exports', (t) => {
    t.uuid('request_id').primary().references('dsr_requests.id').onDelete('CASCADE');
    t.jsonb('content').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_exports');
  await knex.schema.dropTable('dsr_manifest_items');
  await knex.schema.dropTable('dsr_events');
  await knex.schema.dropTable('dsr_requests');
}
