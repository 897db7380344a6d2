// The audit trail writer and reader. Writing locks the chain's head row, appends
// the next event (seq + 1, previous hash) and moves the signed head, all in one
// transaction, so concurrent writers of one organisation queue up and the chain
// never forks. Reading is scoped by org like every repository.
import type { Knex } from 'knex';
import { chainOf, GENESIS_HASH, hashEvent, signHead } from '../audit/chain.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface AuditInput {
  orgId: string | null;
  actorUserId?: string | null;
  actorTokenId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  /** Ids and enums only. */
  details?: Record<string, string | number | boolean | null | string[]>;
}

export interface AuditEventRecord {
  id: string;
  orgId: string | null;
  seq: number;
  actorUserId: string | null;
  actorTokenId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  hash: string;
  createdAt: string;
}

export interface AuditFilters { action?: string | undefined; actor?: string | undefined; from?: Date | undefined; to?: Date | undefined }

interface Row { id: string; orgId: string | null; seq: string | number; actorUserId: string | null; actorTokenId: string | null; action: string; targetType: string | null; targetId: string | null; requestId: string | null; details: Record<string, unknown>; hash: string; createdAt: Date }

const present = (r: Row): AuditEventRecord => ({
  id: r.id, orgId: r.orgId, seq: Number(r.seq), actorUserId: r.actorUserId, actorTokenId: r.actorTokenId, action: r.action,
  targetType: r.targetType, targetId: r.targetId, requestId: r.requestId, details: r.details, hash: r.hash, createdAt: r.createdAt.toISOString(),
});

export function createAuditRepository(knex: Knex, options: { secret: string; now?: () => Date }) {
  const now = options.now ?? (() => new Date());

  function filtered(orgId: string, filters: AuditFilters) {
    const q = knex('audit_events').where({ orgId });
    if (filters.action) q.andWhere('action', filters.action);
    if (filters.actor) q.andWhere((w) => w.where('actorUserId', filters.actor!).orWhere('actorTokenId', filters.actor!));
    if (filters.from) q.andWhere('createdAt', '>=', filters.from);
    if (filters.to) q.andWhere('createdAt', '<', filters.to);
    return q;
  }

  return {
    async record(input: AuditInput, trx?: Knex.Transaction): Promise<AuditEventRecord> {
      const write = async (t: Knex.Transaction) => {
        const chain = chainOf(input.orgId);
        await t('audit_heads')
          .insert({ chain, seq: 0, hash: GENESIS_HASH, signature: signHead(options.secret, chain, 0, GENESIS_HASH) })
          .onConflict('chain').ignore();
        const head = await t('audit_heads').where({ chain }).forUpdate().first();
        const fields = {
          chain, seq: Number(head.seq) + 1, orgId: input.orgId, actorUserId: input.actorUserId ?? null, actorTokenId: input.actorTokenId ?? null,
          action: input.action, targetType: input.targetType ?? null, targetId: input.targetId ?? null, requestId: input.requestId ?? null,
          details: input.details ?? {}, createdAt: now(), prevHash: head.hash as string,
        };
        const hash = hashEvent(fields);
        const [row] = await t('audit_events').insert({ ...fields, details: JSON.stringify(fields.details), hash }).returning('*');
        await t('audit_heads').where({ chain }).update({ seq: fields.seq, hash, signature: signHead(options.secret, chain, fields.seq, hash), updatedAt: now() });
        return present(row as Row);
      };
      return trx ? write(trx) : knex.transaction(write);
    },

    async list(orgId: string, filters: AuditFilters & { limit: number; cursor?: string | undefined }): Promise<Page<AuditEventRecord>> {
      const q = filtered(orgId, filters);
      if (filters.cursor) {
        const c = decodeCursor(filters.cursor);
        q.andWhere((w) => w.where('createdAt', '<', c.at).orWhere((x) => x.where('createdAt', '=', c.at).andWhere('id', '<', c.id)));
      }
      const rows = (await q.orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filters.limit + 1)) as Row[];
      const items = rows.slice(0, filters.limit).map(present);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    /** Every matching event, oldest first, in batches (for the CSV export). */
    async *stream(orgId: string, filters: AuditFilters): AsyncGenerator<AuditEventRecord> {
      let after = 0;
      for (;;) {
        const rows = (await filtered(orgId, filters).andWhere('seq', '>', after).orderBy('seq').limit(500)) as Row[];
        for (const row of rows) yield present(row);
        if (rows.length < 500) return;
        after = Number(rows.at(-1)!.seq);
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
