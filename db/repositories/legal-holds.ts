// Legal holds. Organisation officers see and change only their organisation's
// holds (orgId); Clientnote's privacy officers (orgId null) see all of them.
import type { Knex } from 'knex';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export const HOLD_SCOPES = ['user', 'case', 'email'] as const;
export const HOLD_BASES = ['aml_record', 'investigation', 'litigation', 'authority_request'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];
export type HoldBasis = (typeof HOLD_BASES)[number];

export interface HoldRecord {
  id: string;
  orgId: string | null;
  scopeKind: HoldScope;
  scopeKey: string;
  basis: HoldBasis;
  reviewOn: string;
  placedBy: string;
  placedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
}

const COLUMNS = ['id', 'orgId', 'scopeKind', 'scopeKey', 'basis', 'reviewOn', 'placedBy', 'placedAt', 'releasedBy', 'releasedAt'];

function toRecord(row: Record<string, any>): HoldRecord {
  const day = (d: Date | string) => (d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : String(d).slice(0, 10));
  return {
    id: row.id, orgId: row.orgId, scopeKind: row.scopeKind, scopeKey: row.scopeKey, basis: row.basis, reviewOn: day(row.reviewOn),
    placedBy: row.placedBy, placedAt: new Date(row.placedAt).toISOString(), releasedBy: row.releasedBy, releasedAt: row.releasedAt ? new Date(row.releasedAt).toISOString() : null,
  };
}

/** `orgId` undefined: platform staff, every hold; a string: that organisation's only. */
const scoped = (query: Knex.QueryBuilder, orgId: string | null | undefined) => (orgId === undefined ? query : query.where({ orgId }));

export function createLegalHoldRepository(knex: Knex) {
  return {
    /** Whether an active hold covers the case: the organisation's own, or one Clientnote's privacy officers placed. */
    async caseHeld(orgId: string, caseId: string): Promise<boolean> {
      const hold = await knex('legal_holds')
        .where({ scopeKind: 'case', scopeKey: caseId }).whereNull('releasedAt')
        .andWhere((q) => q.where({ orgId }).orWhereNull('orgId'))
        .first('id');
      return hold !== undefined;
    },

    async place(orgId: string | null, input: { scopeKind: HoldScope; scopeKey: string; basis: HoldBasis; reviewOn: string; note: string | null; placedBy: string }): Promise<HoldRecord> {
      const [row] = await knex('legal_holds').insert({ orgId, ...input }).returning(COLUMNS);
      return toRecord(row);
    },

    async list(orgId: string | null | undefined, options: { limit: number; cursor?: string | undefined; active?: boolean | undefined }): Promise<Page<HoldRecord>> {
      const query = scoped(knex('legal_holds').select(COLUMNS), orgId).orderBy([{ column: 'placedAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(options.limit + 1);
      if (options.active === true) query.whereNull('releasedAt');
      if (options.active === false) query.whereNotNull('releasedAt');
      if (options.cursor) {
        const { at, id } = decodeCursor(options.cursor);
        query.whereRaw('(placed_at, id) < (?, ?)', [at, id]);
      }
      const rows = await query;
      const items = rows.slice(0, options.limit).map(toRecord);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last.placedAt, last.id) : null };
    },

    /** Release an active hold; null when there is no such active hold in scope. */
    async release(orgId: string | null | undefined, id: string, releasedBy: string): Promise<HoldRecord | null> {
      const [row] = await scoped(knex('legal_holds').where({ id }).whereNull('releasedAt'), orgId)
        .update({ releasedBy, releasedAt: new Date() }).returning(COLUMNS);
      return row ? toRecord(row) : null;
    },

    /** Active holds on any of the given scopes (for discovery's hold check). */
    async activeFor(scopes: { kind: HoldScope; keys: readonly string[] }[]): Promise<HoldRecord[]> {
      const wanted = scopes.filter((s) => s.keys.length > 0);
      if (wanted.length === 0) return [];
      const rows = await knex('legal_holds').select(COLUMNS).whereNull('releasedAt').andWhere((w) => {
        for (const s of wanted) w.orWhere((x) => x.where({ scopeKind: s.kind }).whereIn('scopeKey', [...s.keys]));
      });
      return rows.map(toRecord);
    },
  };
}
