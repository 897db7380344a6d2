// Users and their roles. Login looks users up across organisations by e-mail
// (an e-mail is unique platform-wide); everything else is scoped by org.
import type { Knex } from 'knex';
import { User } from '../models/index.ts';
import type { Role } from '../../domain/identity/roles.ts';

export interface UserRecord {
  id: string;
  orgId: string | null;
  email: string;
  name: string;
  locale: string;
  active: boolean;
  roles: Role[];
}

export function createUserRepository(knex: Knex) {
  async function withRoles(user: User): Promise<UserRecord> {
    const roles = await knex('user_roles').where({ userId: user.id }).orderBy('role').pluck('role');
    return { id: user.id, orgId: user.orgId, email: user.email, name: user.name, locale: user.locale, active: user.active, roles: roles as Role[] };
  }
  return {
    /** For login only: returns the password hash too. */
    async findForLogin(email: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
      const user = await User.query(knex).whereRaw('lower(email) = lower(?)', [email]).first();
      return user ? { user: await withRoles(user), passwordHash: user.passwordHash } : null;
    },
    async getById(id: string): Promise<UserRecord | null> {
      const user = await User.query(knex).findById(id);
      return user ? withRoles(user) : null;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
