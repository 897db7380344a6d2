// Demo organisations and users for the embedded default. Fixed ids make the seed
// idempotent (running it twice makes no twins) and give tests stable handles.
// Refused in production (see cli/commands/seed.ts and the start-up check).
import type { Knex } from 'knex';
import type { Role } from '../../domain/identity/roles.ts';

export const DEMO_FLAG = 'demo_data';

export const DEMO_ORGS = [
  { id: '9ee11d25-87bf-42e2-9b62-ad22291c6292', name: 'Demo Revision ApS', cvr: '12345674' },
  { id: '2868c41b-8c21-4125-bfab-203fdd963012', name: 'Nordisk Advokatfirma P/S', cvr: '55512345' },
] as const;

const [DEMO, NORDISK] = DEMO_ORGS;

export const DEMO_USERS: readonly { id: string; orgId: string | null; email: string; name: string; roles: Role[] }[] = [
  { id: '64ba0d63-cb25-4079-807a-eafd8cc00c0b', orgId: DEMO.id, email: 'admin@demo.test', name: 'Anne Admin', roles: ['org_admin'] },
  { id: '86925068-c9fe-4234-9020-336ecf10a70c', orgId: DEMO.id, email: 'handler@demo.test', name: 'Henrik Handler', roles: ['handler'] },
  { id: 'f0149b3f-3e79-42a5-b3fb-c25b16df2ffa', orgId: DEMO.id, email: 'handler2@demo.test', name: 'Hanne Handler', roles: ['handler'] },
  { id: '76b84acb-aeeb-45cd-9bd5-c2fc691b0790', orgId: DEMO.id, email: 'reviewer@demo.test', name: 'Rasmus Reviewer', roles: ['reviewer'] },
  { id: 'dfba2d3e-cb1e-4b1d-ba8c-3be14bc09c65', orgId: DEMO.id, email: 'compliance@demo.test', name: 'Camilla Compliance', roles: ['reviewer', 'compliance_officer'] },
  { id: '1eca6390-ce06-46f1-a4e1-e4434326eee1', orgId: NORDISK.id, email: 'admin@nordisk.test', name: 'Niels Admin', roles: ['org_admin'] },
  { id: 'f0691238-33d9-4936-8e3a-6ba9efcdd6be', orgId: NORDISK.id, email: 'handler@nordisk.test', name: 'Nina Handler', roles: ['handler'] },
  { id: '7367e4bc-f490-4617-abdf-d8ca1f9193e0', orgId: NORDISK.id, email: 'reviewer@nordisk.test', name: 'Nora Reviewer', roles: ['reviewer'] },
  { id: '93988aaf-6d26-4de2-84f2-3631aef5ec3c', orgId: null, email: 'privacy@clientnote.test', name: 'Pia Privacy', roles: ['platform_admin', 'privacy_officer'] },
  { id: 'e50b1eba-70db-47be-8a92-43be376e54a7', orgId: null, email: 'dpo@clientnote.test', name: 'Dennis DPO', roles: ['privacy_officer'] },
];

/** Insert what is missing; never duplicates, never overwrites a changed password. */
export async function seedDemo(knex: Knex, options: { passwordHash: string }): Promise<{ organisations: number; users: number }> {
  return knex.transaction(async (trx) => {
    const orgs = await trx('organisations').insert(DEMO_ORGS.map((o) => ({ ...o }))).onConflict('id').ignore().returning('id');
    const users = await trx('users')
      .insert(DEMO_USERS.map(({ roles: _roles, ...u }) => ({ ...u, passwordHash: options.passwordHash, locale: 'da' })))
      .onConflict('id')
      .ignore()
      .returning('id');
    await trx('user_roles')
      .insert(DEMO_USERS.flatMap((u) => u.roles.map((role) => ({ userId: u.id, role }))))
      .onConflict(['user_id', 'role'])
      .ignore();
    await trx('system_flags').insert({ key: DEMO_FLAG, value: 'true' }).onConflict('key').ignore();
    return { organisations: orgs.length, users: users.length };
  });
}

export async function hasDemoData(knex: Knex): Promise<boolean> {
  const row = await knex('system_flags').where({ key: DEMO_FLAG }).first();
  return row !== undefined;
}
