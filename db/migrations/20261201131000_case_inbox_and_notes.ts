// The case inbox's saved views (a user's named filter sets, private to the user
// within their organisation) and internal notes on a case (free text of the
// organisation's handlers and reviewers; Postgres only, never in Temporal).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_saved_views', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    /** { assignee?, status?, riskLevel?, overdue? }: the inbox's query parameters, validated on the way in. */
    t.jsonb('filters').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'org_id']);
  });
  await knex.raw('create unique index case_saved_views_user_name_unique on case_saved_views (user_id, lower(name))');
  await knex.raw('alter table case_saved_views add constraint case_saved_views_name_length check (char_length(name) between 1 and 80)');

  await knex.schema.createTable('case_notes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('author_id').nullable().references('users.id').onDelete('SET NULL');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'case_id', 'created_at']);
  });
  await knex.raw('alter table case_notes add constraint case_notes_body_length check (char_length(body) between 1 and 10000)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_notes');
  await knex.schema.dropTable('case_saved_views');
}
