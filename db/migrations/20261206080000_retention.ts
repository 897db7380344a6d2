// Retention that deletes (docs/retention.md): the organisations' and the
// platform's chosen periods, the daily sweep with its batches and certificates,
// files whose rows are gone but whose bytes are still to be removed from
// storage, and the case's purge state (announced, approved, purged: the
// tombstone keeps id, type, dates and status). Users get the time their account
// was closed, which starts the user-account clock.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retention_settings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Null: the platform's own value (platform admins), the default for every organisation that sets none.
    t.uuid('org_id').nullable().references('organisations.id').onDelete('CASCADE');
    t.text('class').notNullable();
    t.integer('period_value').notNullable();
    t.text('period_unit').notNullable();
    t.uuid('updated_by').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table retention_settings add constraint retention_settings_unique unique nulls not distinct (org_id, class)');
  await knex.raw(`alter table retention_settings add constraint retention_settings_unit_check check (period_unit in ('days','months','years') and period_value > 0)`);

  await knex.schema.createTable('retention_sweeps', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('status').notNullable().defaultTo('running');
    t.boolean('dry_run').notNullable().defaultTo(false);
    // Every "is it due" question of the sweep is asked against this instant, so a retried batch sees the same set.
    t.timestamp('as_of', { useTz: true }).notNullable();
    t.text('workflow_id').notNullable();
    t.uuid('started_by').nullable();
    t.text('failure').nullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.unique(['workflow_id']);
  });
  await knex.raw(`alter table retention_sweeps add constraint retention_sweeps_status_check check (status in ('running','completed','failed','skipped'))`);
  // One sweep at a time: a second one started meanwhile ends as skipped.
  await knex.raw(`create unique index retention_sweeps_one_running on retention_sweeps ((true)) where status = 'running'`);

  await knex.schema.createTable('retention_sweep_batches', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('sweep_id').notNullable().references('retention_sweeps.id').onDelete('CASCADE');
    t.text('class').notNullable();
    t.integer('batch_no').notNullable();
    t.integer('count').notNullable();
    t.timestamp('oldest_at', { useTz: true }).nullable();
    t.timestamp('newest_at', { useTz: true }).nullable();
    // sha-256 over the removed rows' keys, sorted.
    t.text('keys_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sweep_id', 'class', 'batch_no']);
  });

  await knex.schema.createTable('retention_certificates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('sweep_id').nullable().references('retention_sweeps.id').onDelete('SET NULL');
    // A purged case's certificate belongs to its organisation; a sweep's to the platform.
    t.uuid('org_id').nullable().references('organisations.id').onDelete('CASCADE');
    t.uuid('case_id').nullable();
    t.text('class').notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.integer('count').notNullable();
    // Rows removed per table (a case purge) or per batch (a sweep): counts only.
    t.jsonb('counts').notNullable().defaultTo('{}');
    t.timestamp('oldest_at', { useTz: true }).nullable();
    t.timestamp('newest_at', { useTz: true }).nullable();
    t.text('keys_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sweep_id', 'class']);
    t.unique(['case_id']);
  });

  // Files whose rows were purged: listed in the purge's transaction, removed from storage afterwards, so a
  // storage failure leaves a listed key (and bytes already unreadable, their wrapped key gone), never an orphan.
  await knex.schema.createTable('retention_file_deletions', (t) => {
    t.text('storage_key').primary();
    t.uuid('org_id').notNullable();
    t.uuid('case_id').nullable();
    t.timestamp('listed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('removed_at', { useTz: true }).nullable();
  });

  await knex.schema.alterTable('cases', (t) => {
    t.text('purge_status').nullable();
    t.timestamp('purge_announced_at', { useTz: true }).nullable();
    t.uuid('purge_approved_by').nullable();
    t.timestamp('purge_approved_at', { useTz: true }).nullable();
    t.timestamp('purged_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table cases add constraint cases_purge_status_check check (purge_status is null or purge_status in ('counting','announced','held','awaiting_approval','purged'))`);
  await knex.raw('create index cases_retention_until on cases (org_id, retention_until) where retention_until is not null');

  // Test seams like retention_seconds: the notice before the end of retention and the escalation period, in seconds.
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.integer('purge_notice_seconds').nullable();
    t.integer('purge_escalation_seconds').nullable();
  });

  await knex.schema.alterTable('users', (t) => t.timestamp('deactivated_at', { useTz: true }).nullable());
  await knex.raw('update users set deactivated_at = now() where active = false and deactivated_at is null');

  // The sweep's range scans.
  await knex.raw('create index mail_log_created_at on mail_log (created_at)');
  await knex.raw('create index sessions_expires_at on sessions (expires_at)');
  await knex.raw('create index dsr_exports_created_at on dsr_exports (created_at)');
  await knex.raw('create index dsr_requests_closed_at on dsr_requests (closed_at) where closed_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index dsr_requests_closed_at');
  await knex.raw('drop index dsr_exports_created_at');
  await knex.raw('drop index sessions_expires_at');
  await knex.raw('drop index mail_log_created_at');
  await knex.schema.alterTable('users', (t) => t.dropColumn('deactivated_at'));
  await knex.schema.alterTable('org_case_settings', (t) => {
    t.dropColumn('purge_notice_seconds');
    t.dropColumn('purge_escalation_seconds');
  });
  await knex.raw('drop index cases_retention_until');
  await knex.raw('alter table cases drop constraint cases_purge_status_check');
  await knex.schema.alterTable('cases', (t) => {
    for (const c of ['purge_status', 'purge_announced_at', 'purge_approved_by', 'purge_approved_at', 'purged_at']) t.dropColumn(c);
  });
  for (const table of ['retention_file_deletions', 'retention_certificates', 'retention_sweep_batches', 'retention_sweeps', 'retention_settings']) {
    await knex.schema.dropTable(table);
  }
}
