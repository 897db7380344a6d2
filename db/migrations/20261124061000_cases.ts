// KYC cases (the projection the UI reads) and case events (side effects of
// workflow activities, each unique on an idempotency key).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.text('type').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.text('step').nullable().defaultTo('data_collection');
    t.text('client_kind').notNullable();
    t.text('client_name').nullable();
    t.text('client_cvr').nullable();
    t.uuid('assignee_id').nullable().references('users.id').onDelete('SET NULL');
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('due_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'created_at']);
  });
  await knex.raw(`alter table cases add constraint cases_type_check check (type in ('onboarding','periodic_review','event_review'))`);
  await knex.raw(`alter table cases add constraint cases_status_check check (status in ('open','in_review','approved','rejected','monitoring','ended','deleted'))`);
  await knex.raw(`alter table cases add constraint cases_step_check check (step is null or step in ('data_collection','screening','risk','report','review'))`);
  await knex.schema.createTable('case_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    // Activities retry: the same key never produces a second row.
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_events');
  await knex.schema.dropTable('cases');
}
