// When a user account was erased at the person's request (issue 19): an erased
// account stays erased, so an administrator can no longer reactivate it or give
// it roles. Set by the erasure itself (db/personal-data-registry.ts); accounts
// erased before this column existed are recognised by their anonymised address.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('erased_at', { useTz: true }).nullable();
  });
  await knex.raw(`update users set erased_at = now() where email = 'erased-' || id::text || '@erased.invalid'`);
  await knex.raw('alter table users add constraint users_erased_inactive_check check (erased_at is null or active = false)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table users drop constraint if exists users_erased_inactive_check');
  await knex.schema.alterTable('users', (t) => t.dropColumn('erased_at'));
}
