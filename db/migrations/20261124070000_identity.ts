// Identity (issue 3): the hash-chained audit trail and its signed heads, login
// throttling counters, the mail log, invitations, password resets, TOTP and
// recovery codes, API tokens, and the organisation's "TOTP required" switch.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // One chain per organisation; platform staff actions chain under org_id null ("platform").
    t.uuid('org_id').nullable().references('organisations.id').onDelete('RESTRICT');
    t.text('chain').notNullable();
    t.bigInteger('seq').notNullable();
    t.uuid('actor_user_id').nullable();
    t.uuid('actor_token_id').nullable();
    t.text('action').notNullable();
    t.text('target_type').nullable();
    t.text('target_id').nullable();
    t.text('request_id').nullable();
    // Ids and enums only: never names, e-mail addresses or free text.
    t.jsonb('details').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['chain', 'seq']);
    t.index(['org_id', 'created_at']);
  });
  // The anchored head of each chain: its last seq and hash, signed with CLIENTNOTE_SECRET,
  // so removing the newest rows (or rewriting the whole chain) is detected.
  await knex.schema.createTable('audit_heads', (t) => {
    t.text('chain').primary();
    t.bigInteger('seq').notNullable();
    t.text('hash').notNullable();
    t.text('signature').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // rate-limiter-flexible's Postgres store (its own column names).
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire').nullable();
  });
  await knex.schema.createTable('mail_log', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').nullable();
    t.uuid('recipient_user_id').nullable();
    t.text('template').notNullable();
    t.integer('template_version').notNullable();
    t.text('locale').notNullable();
    t.text('business_key').notNullable().unique();
    t.text('status').notNullable().defaultTo('pending');
    t.text('error_code').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table mail_log add constraint mail_log_status_check check (status in ('pending','sent','failed'))`);
  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.uuid('invited_by').nullable().references('users.id').onDelete('SET NULL');
    t.uuid('accepted_user_id').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id']);
  });
  await knex.schema.createTable('password_resets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('users', (t) => {
    // AES-256-GCM ciphertext of the TOTP secret (key derived from CLIENTNOTE_SECRET).
    t.text('totp_secret').nullable();
    t.timestamp('totp_enabled_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('organisations', (t) => {
    t.boolean('totp_required').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('recovery_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.specificType('code_hash', 'bytea').notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('api_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['org_id']);
  });
  await knex.raw(`alter table api_tokens add constraint api_tokens_role_check check (role in ('org_admin','handler','reviewer','compliance_officer'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
  await knex.schema.dropTable('recovery_codes');
  await knex.schema.alterTable('organisations', (t) => t.dropColumn('totp_required'));
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('totp_enabled_at');
    t.dropColumn('totp_secret');
  });
  await knex.schema.dropTable('password_resets');
  await knex.schema.dropTable('invitations');
  await knex.schema.dropTable('mail_log');
  await knex.schema.dropTable('login_throttle');
  await knex.schema.dropTable('audit_heads');
  await knex.schema.dropTable('audit_events');
}
