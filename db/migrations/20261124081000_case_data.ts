// What a KYC case collects and decides: parties and ownership edges from the
// registry (with the UBO result), screening hits and their decisions, report
// sections, approvals, the risk assessment and its override, monitoring and
// retention dates; plus each organisation's case settings (risk model, SLA and
// review intervals), which the workflow receives as inputs.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('registry_status').nullable();
    t.jsonb('client_facts').nullable();
    t.text('ubo_fallback_reason').nullable();
    t.jsonb('ownership_warnings').nullable();
    t.text('risk_level').nullable();
    t.text('due_diligence').nullable();
    t.jsonb('risk_assessment').nullable();
    t.jsonb('risk_override').nullable();
    t.text('report_version').nullable();
    t.timestamp('review_due_at', { useTz: true }).nullable();
    t.date('relationship_ended_on').nullable();
    t.date('retention_until').nullable();
    t.uuid('previous_case_id').nullable().references('cases.id').onDelete('SET NULL');
  });
  await knex.raw(`alter table cases add constraint cases_risk_level_check check (risk_level is null or risk_level in ('low','medium','high'))`);
  await knex.raw(`alter table cases add constraint cases_due_diligence_check check (due_diligence is null or due_diligence in ('simplified','standard','enhanced'))`);

  await knex.schema.createTable('case_parties', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('registry_id').notNullable();
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.text('country').nullable();
    t.text('cvr').nullable();
    t.date('birth_date').nullable();
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.boolean('is_subject').notNullable().defaultTo(false);
    /** { certainty, share, voting, reasons } when the person is a UBO; { reasons: ['senior_management'] } for the fallback. */
    t.jsonb('ubo').nullable();
    t.unique(['case_id', 'registry_id']);
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table case_parties add constraint case_parties_kind_check check (kind in ('person','company'))`);

  await knex.schema.createTable('case_ownerships', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('owner_party_id').notNullable().references('case_parties.id').onDelete('CASCADE');
    t.uuid('owned_party_id').notNullable().references('case_parties.id').onDelete('CASCADE');
    t.double('share_low').nullable();
    t.double('share_high').nullable();
    t.double('voting_low').nullable();
    t.double('voting_high').nullable();
    t.date('valid_from').nullable();
    t.unique(['owner_party_id', 'owned_party_id']);
  });

  await knex.schema.createTable('case_hits', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('party_id').notNullable().references('case_parties.id').onDelete('CASCADE');
    t.text('entity_id').notNullable();
    t.text('list').notNullable();
    t.text('listed_name').notNullable();
    t.text('primary_name').notNullable();
    t.double('score').notNullable();
    t.jsonb('explanation').notNullable();
    t.jsonb('entity').nullable();
    t.text('decision').notNullable().defaultTo('open');
    t.text('reason').nullable();
    t.uuid('decided_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'party_id', 'entity_id']);
  });
  await knex.raw(`alter table case_hits add constraint case_hits_decision_check check (decision in ('open','confirmed','dismissed'))`);

  await knex.schema.createTable('case_sections', (t) => {
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.text('text').notNullable().defaultTo('');
    t.boolean('accepted').notNullable().defaultTo(false);
    t.text('source').notNullable().defaultTo('template');
    t.uuid('updated_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'key']);
  });
  await knex.raw(`alter table case_sections add constraint case_sections_key_check check (key in ('client_description','ownership_and_control','screening_summary','risk_rationale','conclusion'))`);

  await knex.schema.createTable('case_approvals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('user_id').nullable().references('users.id').onDelete('SET NULL');
    t.text('capacity').notNullable();
    t.text('decision').notNullable();
    t.text('report_version').nullable();
    t.text('return_to').nullable();
    t.text('comment').nullable();
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('org_case_settings', (t) => {
    t.uuid('org_id').primary().references('organisations.id').onDelete('CASCADE');
    t.integer('sla_seconds').notNullable().defaultTo(30 * 86_400);
    t.bigInteger('review_interval_low_seconds').notNullable().defaultTo(3 * 365 * 86_400);
    t.bigInteger('review_interval_medium_seconds').notNullable().defaultTo(2 * 365 * 86_400);
    t.bigInteger('review_interval_high_seconds').notNullable().defaultTo(365 * 86_400);
    t.jsonb('risk_model').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('org_case_settings');
  await knex.schema.dropTable('case_approvals');
  await knex.schema.dropTable('case_sections');
  await knex.schema.dropTable('case_hits');
  await knex.schema.dropTable('case_ownerships');
  await knex.schema.dropTable('case_parties');
  await knex.raw('alter table cases drop constraint cases_risk_level_check, drop constraint cases_due_diligence_check');
  await knex.schema.alterTable('cases', (t) => {
    for (const c of ['registry_status', 'client_facts', 'ubo_fallback_reason', 'ownership_warnings', 'risk_level', 'due_diligence', 'risk_assessment', 'risk_override', 'report_version', 'review_due_at', 'relationship_ended_on', 'retention_until', 'previous_case_id']) t.dropColumn(c);
  });
}
