// Remembered hit dismissals (DOMAIN.md, screening): a dismissal holds for the
// same party, list entity and content hash of that entity, so the hit is not
// raised again in a later case unless the listed entity's content changes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_hits', (t) => {
    t.text('content_hash').nullable();
    t.text('party_key').nullable();
    t.uuid('remembered_from').nullable().references('case_hits.id').onDelete('SET NULL');
    t.index(['org_id', 'party_key', 'entity_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_hits', (t) => {
    t.dropIndex(['org_id', 'party_key', 'entity_id']);
    t.dropColumn('remembered_from');
    t.dropColumn('party_key');
    t.dropColumn('content_hash');
  });
}
