// API tokens get scopes instead of a role (issue 19): a role let an org-admin token
// administer people. Existing tokens keep what their role let them do through the
// API, minus everything about people, roles, security settings and tokens.
import type { Knex } from 'knex';

const SCOPES = ['cases:read', 'cases:write', 'screening:search', 'lists:read', 'audit:read', 'dsr:forwarded'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => {
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.raw(`update api_tokens set scopes = case role
    when 'org_admin' then array['cases:read','cases:write','screening:search','lists:read','audit:read','dsr:forwarded']
    when 'handler' then array['cases:read','cases:write','screening:search','lists:read']
    when 'compliance_officer' then array['cases:read','screening:search','lists:read','audit:read']
    else array['cases:read','screening:search','lists:read'] end`);
  await knex.raw(`alter table api_tokens add constraint api_tokens_scopes_check check (scopes <@ array[${SCOPES.map((s) => `'${s}'`).join(',')}]::text[])`);
  await knex.raw('alter table api_tokens drop constraint if exists api_tokens_role_check');
  await knex.schema.alterTable('api_tokens', (t) => t.dropColumn('role'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => t.text('role').nullable());
  await knex.raw(`update api_tokens set role = case when 'cases:write' = any(scopes) then 'handler' when 'audit:read' = any(scopes) then 'compliance_officer' else 'reviewer' end`);
  await knex.raw('alter table api_tokens alter column role set not null');
  await knex.raw(`alter table api_tokens add constraint api_tokens_role_check check (role in ('org_admin','handler','reviewer','compliance_officer'))`);
  await knex.raw('alter table api_tokens drop constraint if exists api_tokens_scopes_check');
  await knex.schema.alterTable('api_tokens', (t) => t.dropColumn('scopes'));
}
