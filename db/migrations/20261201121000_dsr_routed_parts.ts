// Routed parts of data-subject requests (issue 6): one row per customer organisation
// whose case data concerns the subject, the matched case parties (ids only) with
// their AML hold at routing time, and the organisation's decision. An organisation
// sees only its own parts; the requester never sees any.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsr_routed_parts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('dsr_requests.id').onDelete('CASCADE');
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.text('status').notNullable().defaultTo('forwarded');
    t.text('decision').nullable();
    // The organisation admin's free-text outcome: personal data, registered (withheld from requesters).
    t.text('note').nullable();
    t.uuid('decided_by').nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'org_id']);
    t.index(['org_id', 'status', 'created_at']);
  });
  await knex.raw(`alter table dsr_routed_parts add constraint dsr_routed_parts_status_check check (status in ('forwarded','decided'))`);
  await knex.raw(`alter table dsr_routed_parts add constraint dsr_routed_parts_decision_check check (decision is null or decision in ('handled_by_org','no_match','erase_unheld'))`);

  await knex.schema.createTable('dsr_routed_items', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('part_id').notNullable().references('dsr_routed_parts.id').onDelete('CASCADE');
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable();
    t.uuid('party_id').notNullable();
    // 'relationship_active' | 'retention_period' | null (no AML hold when routed).
    t.text('aml_hold').nullable();
    t.date('held_until').nullable();
    t.text('action').nullable();
    t.timestamp('executed_at', { useTz: true }).nullable();
    t.unique(['part_id', 'party_id']);
  });
  await knex.raw(`alter table dsr_routed_items add constraint dsr_routed_items_action_check check (action is null or action in ('erased','held','kept'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dsr_routed_items');
  await knex.schema.dropTable('dsr_routed_parts');
}
