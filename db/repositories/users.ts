// Users and their roles. Login looks users up across organisations by e-mail
// (an e-mail is unique platform-wide); everything else is scoped by org.
import type { Knex } from 'knex';
import type { Role } from '../../domain/identity/roles.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface UserRecord {
  id: string;
  orgId: string | null;
  email: string;
  name: string;
  locale: string;
  active: boolean;
  /** Erased at the person's request: stays inactive for good. */
  erased: boolean;
  roles: Role[];
  totpEnabled: boolean;
  /** The user's organisation makes TOTP mandatory. */
  orgTotpRequired: boolean;
  createdAt: string;
}

export interface UserContact { id: string; email: string; name: string; locale: string }

interface UserRow {
  id: string; orgId: string | null; email: string; name: string; passwordHash: string | null; locale: string; active: boolean; erasedAt: Date | null; createdAt: Date;
  totpSecret: string | null; totpEnabledAt: Date | null;
}

export function createUserRepository(knex: Knex) {
  async function withRoles(user: UserRow): Promise<UserRecord> {
    const [roles, org] = await Promise.all([
      knex('user_roles').where({ userId: user.id }).orderBy('role').pluck('role'),
      user.orgId ? knex('organisations').where({ id: user.orgId }).first('totpRequired') : Promise.resolve(undefined),
    ]);
    return {
      id: user.id, orgId: user.orgId, email: user.email, name: user.name, locale: user.locale, active: user.active, erased: user.erasedAt != null, roles: roles as Role[],
      totpEnabled: user.totpEnabledAt != null, orgTotpRequired: org?.totpRequired === true, createdAt: new Date(user.createdAt).toISOString(),
    };
  }
  const userQuery = () => knex('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.orgId')
    .select(
      'u.id', 'u.orgId', 'u.email', 'u.name', 'u.locale', 'u.active', 'u.erasedAt', 'u.createdAt', 'u.totpEnabledAt', 'o.totpRequired',
      knex.raw("coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = u.id), '{}') as roles"),
    );
  const fromRow = (row: Record<string, any>): UserRecord => ({
    id: row.id, orgId: row.orgId, email: row.email, name: row.name, locale: row.locale, active: row.active, erased: row.erasedAt != null, roles: row.roles as Role[],
    totpEnabled: row.totpEnabledAt != null, orgTotpRequired: row.totpRequired === true, createdAt: new Date(row.createdAt).toISOString(),
  });
  return {
    /** For login only: returns the password hash and TOTP secret too. */
    async findForLogin(email: string): Promise<{ user: UserRecord; passwordHash: string | null; totpSecret: string | null } | null> {
      const user = (await knex('users').whereRaw('lower(email) = lower(?)', [email]).first()) as UserRow | undefined;
      return user ? { user: await withRoles(user), passwordHash: user.passwordHash, totpSecret: user.totpEnabledAt ? user.totpSecret : null } : null;
    },
    async getById(id: string): Promise<UserRecord | null> {
      const row = await userQuery().where('u.id', id).first();
      return row ? fromRow(row) : null;
    },
    /**
     * Every cookie request resolves its session and user here, in one query
     * (roles and the org's TOTP rule included).
     */
    async getBySessionTokenHash(tokenHash: Buffer): Promise<{ session: { id: string; csrfToken: string; lastSeenAt: Date; expiresAt: Date }; user: UserRecord } | null> {
      const row = await userQuery()
        .join('sessions as s', 's.userId', 'u.id')
        .where('s.tokenHash', tokenHash)
        .first('s.id as sessionId', 's.csrfToken', 's.lastSeenAt', 's.expiresAt');
      if (!row) return null;
      return { session: { id: row.sessionId, csrfToken: row.csrfToken, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt }, user: fromRow(row) };
    },
    async getInOrg(orgId: string, id: string): Promise<UserRecord | null> {
      const user = (await knex('users').where({ orgId, id }).first()) as UserRow | undefined;
      return user ? withRoles(user) : null;
    },
    async list(orgId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<UserRecord>> {
      const q = knex('users').where({ orgId });
      // Cursors carry milliseconds; Postgres keeps microseconds, so compare at the cursor's precision.
      if (page.cursor) {
        const c = decodeCursor(page.cursor);
        q.whereRaw("(date_trunc('milliseconds', created_at), id) > (?::timestamptz, ?::uuid)", [c.at, c.id]);
      }
      const rows = (await q.orderByRaw("date_trunc('milliseconds', created_at), id").limit(page.limit + 1)) as UserRow[];
      const items = await Promise.all(rows.slice(0, page.limit).map(withRoles));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
    async setRoles(orgId: string, id: string, roles: readonly Role[], trx?: Knex.Transaction): Promise<void> {
      const run = async (t: Knex.Transaction) => {
        const found = await t('users').where({ orgId, id }).first('id');
        if (!found) return;
        await t('user_roles').where({ userId: id }).delete();
        if (roles.length) await t('user_roles').insert(roles.map((role) => ({ userId: id, role })));
      };
      await (trx ? run(trx) : knex.transaction(run));
    },
    /** Answers false when nothing changed: no such user, or an erased account asked to become active. */
    async setActive(orgId: string, id: string, active: boolean): Promise<boolean> {
      const q = knex('users').where({ orgId, id });
      if (active) q.whereNull('erasedAt');
      // Closing an account starts the user-account retention clock; reopening it stops it.
      return (await q.update({ active, deactivatedAt: active ? null : knex.raw('coalesce(deactivated_at, now())') })) > 0;
    },
    async create(input: { orgId: string; email: string; name: string; passwordHash: string; locale: string; roles: readonly Role[] }, trx: Knex.Transaction): Promise<string> {
      const [row] = await trx('users').insert({ orgId: input.orgId, email: input.email, name: input.name, passwordHash: input.passwordHash, locale: input.locale }).returning('id');
      const id = (row as { id: string }).id;
      if (input.roles.length) await trx('user_roles').insert(input.roles.map((role) => ({ userId: id, role })));
      return id;
    },
    async setPassword(id: string, passwordHash: string, trx?: Knex.Transaction): Promise<void> {
      await (trx ?? knex)('users').where({ id }).update({ passwordHash });
    },
    /** The pending or enabled TOTP secret (ciphertext). */
    async totpSecret(id: string): Promise<{ secret: string | null; enabled: boolean }> {
      const row = await knex('users').where({ id }).first('totpSecret', 'totpEnabledAt');
      return { secret: row?.totpSecret ?? null, enabled: row?.totpEnabledAt != null };
    },
    async setTotp(id: string, secret: string | null, enabledAt: Date | null): Promise<void> {
      await knex('users').where({ id }).update({ totpSecret: secret, totpEnabledAt: enabledAt });
    },
    /** The organisation of the account with this address (case-insensitive), or null when there is none. */
    async accountWithEmail(email: string): Promise<{ orgId: string | null } | null> {
      const row = (await knex('users').whereRaw('lower(email) = lower(?)', [email]).first('orgId')) as { orgId: string | null } | undefined;
      return row ?? null;
    },
    /** Whether an account with this address exists (case-insensitive), in any organisation. */
    async emailTaken(email: string, db: Knex = knex): Promise<boolean> {
      return (await db('users').whereRaw('lower(email) = lower(?)', [email]).first('id')) !== undefined;
    },
    async updateProfile(id: string, change: { name?: string | undefined; locale?: string | undefined }): Promise<void> {
      const set = { ...(change.name ? { name: change.name } : {}), ...(change.locale ? { locale: change.locale } : {}) };
      // knex refuses an empty update; nothing to change is nothing to do.
      if (Object.keys(set).length === 0) return;
      await knex('users').where({ id }).update(set);
    },
    /** Whether the user exists in the organisation (null: in any organisation, for platform staff). */
    async exists(orgId: string | null, id: string): Promise<boolean> {
      return (await knex('users').where({ id, ...(orgId ? { orgId } : {}) }).first('id')) !== undefined;
    },
    /** Display names by id, of the organisation's users (null: any user's, for platform staff); unknown ids are absent. */
    async namesByIds(orgId: string | null, ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = (await knex('users').whereIn('id', [...new Set(ids)]).where(orgId ? { orgId } : {}).select('id', 'name')) as { id: string; name: string }[];
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async nameInOrg(orgId: string, id: string): Promise<string | null> {
      const row = (await knex('users').where({ id, orgId }).first('name')) as { name: string } | undefined;
      return row?.name ?? null;
    },
    /** Active users to mail, in id order: those with a role, of an organisation, or one user. */
    async activeContacts(filter: { role?: Role; orgId?: string; id?: string }): Promise<UserContact[]> {
      const q = knex('users').where({ 'users.active': true });
      if (filter.orgId) q.where('users.orgId', filter.orgId);
      if (filter.id) q.where('users.id', filter.id);
      if (filter.role) q.join('user_roles', 'user_roles.user_id', 'users.id').where('user_roles.role', filter.role);
      return (await q.orderBy('users.id').select('users.id', 'users.email', 'users.name', 'users.locale')) as UserContact[];
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
