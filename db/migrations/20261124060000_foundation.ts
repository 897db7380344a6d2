// Tenants, users with roles, sessions, and the platform flags table.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('cvr').nullable().unique();
    t.text('locale').notNullable().defaultTo('da');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Null for Clientnote's own staff, who belong to no customer organisation.
    t.uuid('org_id').nullable().references('organisations.id').onDelete('RESTRICT');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('password_hash').nullable();
    t.text('locale').notNullable().defaultTo('da');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id']);
  });
  await knex.raw('create unique index users_email_unique on users (lower(email))');
  await knex.schema.createTable('user_roles', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('role').notNullable();
    t.primary(['user_id', 'role']);
  });
  await knex.raw(`alter table user_roles add constraint user_roles_role_check check (role in
    ('org_admin','handler','reviewer','compliance_officer','platform_admin','privacy_officer'))`);
  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // SHA-256 of the random cookie token: a stolen table cannot be replayed.
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('system_flags', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('system_flags');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('user_roles');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('organisations');
}
