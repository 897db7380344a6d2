// Legal holds (issue 6): a hold keeps the data in its scope (restricted) whatever a
// data-subject request asks; erasure never touches held rows. Placed and released
// by compliance or privacy officers, with a basis and a review date.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('legal_holds', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Null for holds placed by Clientnote's privacy officers on platform data.
    t.uuid('org_id').nullable().references('organisations.id').onDelete('RESTRICT');
    t.text('scope_kind').notNullable();
    // A user id, a case id, or the keyed hash of an e-mail address (never the address itself).
    t.text('scope_key').notNullable();
    t.text('basis').notNullable();
    // Free text from the officer: personal data, registered in db/personal-data-registry.ts.
    t.text('note').nullable();
    t.date('review_on').notNullable();
    t.uuid('placed_by').notNullable();
    t.timestamp('placed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('released_by').nullable();
    t.timestamp('released_at', { useTz: true }).nullable();
    t.index(['scope_kind', 'scope_key']);
    t.index(['org_id', 'placed_at']);
  });
  await knex.raw(`alter table legal_holds add constraint legal_holds_scope_check check (scope_kind in ('user','case','email'))`);
  await knex.raw(`alter table legal_holds add constraint legal_holds_basis_check check (basis in ('aml_record','investigation','litigation','authority_request'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('legal_holds');
}
