// Lifting a processing flag (issue 6): who lifted it and the reason code (the free-text
// note lives in dsr_events.note). A partial index serves the question every
// assignment and user list asks: does this keyed address carry an active restriction?
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dsr_processing_flags', (t) => {
    // A staff user's id; no foreign key, like the other actor ids of a request's record.
    t.uuid('lifted_by').nullable();
    t.text('lift_reason').nullable();
  });
  await knex.raw(`alter table dsr_processing_flags add constraint dsr_processing_flags_lift_reason_check
    check (lift_reason is null or lift_reason in ('objection_assessed','accuracy_verified','requester_asked','legal_claim_ended'))`);
  await knex.raw(`alter table dsr_processing_flags add constraint dsr_processing_flags_lift_check
    check ((lifted_at is null) = (lift_reason is null))`);
  await knex.raw(`create index dsr_processing_flags_active_restriction on dsr_processing_flags (subject_key)
    where kind = 'restriction' and lifted_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists dsr_processing_flags_active_restriction');
  await knex.raw('alter table dsr_processing_flags drop constraint if exists dsr_processing_flags_lift_check');
  await knex.raw('alter table dsr_processing_flags drop constraint if exists dsr_processing_flags_lift_reason_check');
  await knex.schema.alterTable('dsr_processing_flags', (t) => {
    t.dropColumn('lifted_by');
    t.dropColumn('lift_reason');
  });
}
