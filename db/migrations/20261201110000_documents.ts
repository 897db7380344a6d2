// Case documents and document requests to the client. A document row names its
// storage key (random, never from the file name), the key id that wrapped its
// data key, and the wrapped key itself; the bytes live encrypted in the storage
// provider. A request stores only the SHA-256 of its upload token. Reminder and
// expiry durations join the organisation's case settings.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('document_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('party_id').nullable().references('case_parties.id').onDelete('SET NULL');
    t.text('recipient_email').notNullable();
    /** What the client is asked for, in the handler's words. */
    t.text('description').notNullable();
    t.text('locale').notNullable().defaultTo('da');
    t.text('token_hash').notNullable().unique();
    t.text('status').notNullable().defaultTo('pending');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('fulfilled_at', { useTz: true }).nullable();
    t.integer('reminders_sent').notNullable().defaultTo(0);
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table document_requests add constraint document_requests_status_check check (status in ('pending','fulfilled','expired','cancelled'))`);
  await knex.raw(`alter table document_requests add constraint document_requests_locale_check check (locale in ('da','en'))`);

  await knex.schema.createTable('case_documents', (t) => {
    t.uuid('id').primary();
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('party_id').nullable().references('case_parties.id').onDelete('SET NULL');
    /** The sanitised display name. */
    t.text('name').notNullable();
    t.text('type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('storage_key').notNullable().unique();
    t.text('key_id').notNullable();
    t.text('wrapped_key').notNullable();
    t.uuid('uploaded_by').nullable().references('users.id').onDelete('SET NULL');
    t.uuid('request_id').nullable().references('document_requests.id').onDelete('SET NULL');
    t.text('decision').notNullable().defaultTo('open');
    t.text('decision_reason').nullable();
    t.uuid('decided_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table case_documents add constraint case_documents_type_check check (type in ('pdf','png','jpeg','docx'))`);
  await knex.raw(`alter table case_documents add constraint case_documents_decision_check check (decision in ('open','accepted','rejected'))`);
  await knex.raw(`alter table case_documents add constraint case_documents_reason_check check (decision <> 'rejected' or decision_reason is not null)`);

  await knex.schema.alterTable('org_case_settings', (t) => {
    t.integer('document_reminder_first_seconds').notNullable().defaultTo(3 * 86_400);
    t.integer('document_reminder_second_seconds').notNullable().defaultTo(7 * 86_400);
    t.integer('document_request_expiry_seconds').notNullable().defaultTo(14 * 86_400);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.dropColumn('document_reminder_first_seconds');
    t.dropColumn('document_reminder_second_seconds');
    t.dropColumn('document_request_expiry_seconds');
  });
  await knex.schema.dropTable('case_documents');
  await knex.schema.dropTable('document_requests');
}
