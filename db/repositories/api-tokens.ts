// API tokens for integrations: only the SHA-256 of the token is stored; a
// revoked token stays listed (revokedAt) so the audit trail's ids still resolve.
// A token belongs to the person who made it and ends with their authority.
import type { Knex } from 'knex';
import { normaliseScopes, type TokenScope } from '../../domain/identity/token-scopes.ts';

export interface ApiTokenRecord { id: string; orgId: string; name: string; scopes: TokenScope[]; createdBy: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

interface Row { id: string; orgId: string; name: string; scopes: TokenScope[]; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }
const present = (r: Row): ApiTokenRecord => ({
  id: r.id, orgId: r.orgId, name: r.name, scopes: normaliseScopes(r.scopes), createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null, revokedAt: r.revokedAt?.toISOString() ?? null,
});
const COLUMNS = ['id', 'orgId', 'name', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'];

export function createApiTokenRepository(knex: Knex) {
  return {
    async create(orgId: string, input: { name: string; scopes: readonly TokenScope[]; tokenHash: Buffer; createdBy: string }): Promise<ApiTokenRecord> {
      const [row] = await knex('api_tokens').insert({ orgId, ...input }).returning(COLUMNS);
      return present(row as Row);
    },
    async list(orgId: string): Promise<ApiTokenRecord[]> {
      return ((await knex('api_tokens').where({ orgId }).orderBy('createdAt', 'desc').select(COLUMNS)) as Row[]).map(present);
    },
    async revoke(orgId: string, id: string, at: Date): Promise<ApiTokenRecord | null> {
      const [row] = await knex('api_tokens').where({ orgId, id }).whereNull('revokedAt').update({ revokedAt: at }).returning(COLUMNS);
      return row ? present(row as Row) : null;
    },
    async get(orgId: string, id: string): Promise<ApiTokenRecord | null> {
      const row = await knex('api_tokens').where({ orgId, id }).first(COLUMNS);
      return row ? present(row as Row) : null;
    },
    /**
     * For Bearer authentication: the live token with this hash, its last use stamped.
     * A token is only as alive as the person who made it: one whose creator is
     * deactivated or erased (created_by set null) is refused even if a revocation was missed.
     */
    async useByHash(tokenHash: Buffer, at: Date): Promise<ApiTokenRecord | null> {
      const [row] = await knex('api_tokens').where({ tokenHash }).whereNull('revokedAt')
        .whereExists((q) => q.select(1).from('users').whereRaw('users.id = api_tokens.created_by').andWhere('users.active', true))
        .update({ lastUsedAt: at }).returning(COLUMNS);
      return row ? present(row as Row) : null;
    },
    /**
     * After the maker's roles changed: each of their live tokens keeps only the scopes in
     * `allowed`; one left with none is revoked. Answers what changed.
     */
    async narrowCreatedBy(orgId: string, userId: string, allowed: readonly TokenScope[], at: Date): Promise<{ narrowed: string[]; revoked: string[] }> {
      return knex.transaction(async (trx) => {
        const live = (await trx('api_tokens').where({ orgId, createdBy: userId }).whereNull('revokedAt').forUpdate().select('id', 'scopes')) as { id: string; scopes: TokenScope[] }[];
        const narrowed: string[] = [];
        const revoked: string[] = [];
        for (const token of live) {
          const kept = normaliseScopes(token.scopes.filter((scope) => allowed.includes(scope)));
          if (kept.length === token.scopes.length) continue;
          if (kept.length === 0) {
            await trx('api_tokens').where({ id: token.id }).update({ revokedAt: at });
            revoked.push(token.id);
          } else {
            await trx('api_tokens').where({ id: token.id }).update({ scopes: kept });
            narrowed.push(token.id);
          }
        }
        return { narrowed, revoked };
      });
    },
    /** Revoke every live token this user made (deactivation, loss of the administrator role); answers the revoked ids. */
    async revokeCreatedBy(orgId: string, userId: string, at: Date): Promise<string[]> {
      return knex('api_tokens').where({ orgId, createdBy: userId }).whereNull('revokedAt').update({ revokedAt: at }).returning('id')
        .then((rows: { id: string }[]) => rows.map((r) => r.id));
    },
  };
}

export type ApiTokenRepository = ReturnType<typeof createApiTokenRepository>;
