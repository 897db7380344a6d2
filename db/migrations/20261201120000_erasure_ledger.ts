// The erasure ledger and the suppression list (issue 6). Every executed erasure or
// anonymisation writes one ledger row with primary keys and keyed hashes only (never
// a name or an address), so `clientnote erasure replay` can re-apply it after a
// backup restore. The suppression list holds the erased person's address as the
// same keyed hash the requests use, so later platform mail does not revive them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('erasure_ledger', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // No foreign key: the ledger must outlive (and be replayable without) the request row.
    t.uuid('request_id').notNullable();
    // HMAC (CLIENTNOTE_SECRET) of the subject's normalised address: dsrEmailKey.
    t.text('subject_key').notNullable();
    t.text('source_table').notNullable();
    // 'key': row_ref is the row's primary key; 'hmac': the key itself is personal (e.g. login_throttle), row_ref is its HMAC.
    t.text('row_ref_kind').notNullable();
    t.text('row_ref').notNullable();
    t.text('action').notNullable();
    t.timestamp('executed_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'source_table', 'row_ref']);
    t.index(['executed_at']);
  });
  await knex.raw(`alter table erasure_ledger add constraint erasure_ledger_action_check check (action in ('erase','anonymise'))`);
  await knex.raw(`alter table erasure_ledger add constraint erasure_ledger_ref_check check (row_ref_kind in ('key','hmac'))`);

  await knex.schema.createTable('dsr_suppressions', (t) => {
    t.text('email_key').primary();
    t.uuid('request_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_suppressions');
  await knex.schema.dropTable('erasure_ledger');
}
