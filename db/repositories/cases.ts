// Cases of one organisation. Every method takes the orgId: a case of another
// organisation is simply not found.
import type { Knex } from 'knex';
import type { CaseStatus, CaseStep, CaseType } from '../../domain/kyc/case.ts';
import type { DueDiligence, RiskLevel } from '../../domain/kyc/risk.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface CaseRecord {
  id: string;
  orgId: string;
  type: CaseType;
  status: CaseStatus;
  step: CaseStep | null;
  riskLevel: RiskLevel | null;
  dueDiligence: DueDiligence | null;
  client: { kind: 'company' | 'person'; name: string | null; cvr: string | null };
  assigneeId: string | null;
  createdBy: string | null;
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseFilters { assigneeId?: string; status?: CaseStatus; riskLevel?: RiskLevel; overdue?: boolean; now?: Date }

export interface CaseEventRecord { kind: string; createdAt: string }

export interface NewCase {
  id?: string;
  type: CaseType;
  clientKind: 'company' | 'person';
  clientName: string | null;
  clientCvr: string | null;
  createdBy: string;
  assigneeId: string | null;
  dueAt: Date | null;
}

const LIST_COLUMNS = [
  'id', 'orgId', 'type', 'status', 'step', 'riskLevel', 'dueDiligence', 'clientKind', 'clientName', 'clientCvr',
  'assigneeId', 'createdBy', 'dueAt', 'createdAt', 'updatedAt',
] as const;

/** A row of `cases` as knex returns it (camelCase). */
interface CaseRow {
  id: string; orgId: string; type: string; status: string; step: string | null; riskLevel?: string | null; dueDiligence?: string | null;
  clientKind: string; clientName: string | null; clientCvr: string | null; assigneeId: string | null; createdBy: string | null;
  dueAt: Date | null; createdAt: Date; updatedAt: Date;
}

function toRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    orgId: row.orgId,
    type: row.type as CaseType,
    status: row.status as CaseStatus,
    step: row.step as CaseStep | null,
    riskLevel: (row.riskLevel ?? null) as RiskLevel | null,
    dueDiligence: (row.dueDiligence ?? null) as DueDiligence | null,
    client: { kind: row.clientKind as 'company' | 'person', name: row.clientName, cvr: row.clientCvr },
    assigneeId: row.assigneeId,
    createdBy: row.createdBy,
    dueAt: row.dueAt ? row.dueAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createCaseRepository(knex: Knex) {
  return {
    async create(orgId: string, input: NewCase): Promise<CaseRecord> {
      const [row] = await knex('cases').insert({
        ...(input.id ? { id: input.id } : {}),
        orgId,
        type: input.type,
        clientKind: input.clientKind,
        clientName: input.clientName,
        clientCvr: input.clientCvr,
        createdBy: input.createdBy,
        assigneeId: input.assigneeId,
        dueAt: input.dueAt,
      }).returning('*');
      return toRecord(row as CaseRow);
    },

    async get(orgId: string, id: string): Promise<CaseRecord | null> {
      const row = (await knex('cases').where({ orgId, id }).first()) as CaseRow | undefined;
      return row ? toRecord(row) : null;
    },

    async events(orgId: string, caseId: string): Promise<CaseEventRecord[]> {
      const rows = (await knex('case_events').where({ orgId, caseId }).orderBy([{ column: 'createdAt' }, { column: 'id' }])) as { kind: string; createdAt: Date }[];
      return rows.map((r) => ({ kind: r.kind, createdAt: r.createdAt.toISOString() }));
    },

    /** Newest first, keyset pagination on (created_at, id). */
    async list(orgId: string, options: { limit: number; cursor?: string | undefined; filters?: CaseFilters }): Promise<Page<CaseRecord>> {
      // Only the columns a list row shows: the jsonb facts and assessments stay on the disk.
      const query = knex('cases').select(LIST_COLUMNS).where({ orgId }).orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(options.limit + 1);
      const f = options.filters ?? {};
      if (f.assigneeId) query.where('assigneeId', f.assigneeId);
      if (f.status) query.where('status', f.status);
      if (f.riskLevel) query.where('riskLevel', f.riskLevel);
      if (f.overdue !== undefined) {
        const overdue = (q: typeof query) => q.whereIn('status', ['open', 'in_review']).where('dueAt', '<', f.now ?? new Date());
        if (f.overdue) overdue(query);
        else query.whereNot((q) => { overdue(q as typeof query); });
      }
      if (options.cursor) {
        const { at, id } = decodeCursor(options.cursor);
        query.whereRaw('(created_at, id) < (?, ?)', [at, id]);
      }
      const rows = (await query) as CaseRow[];
      const items = rows.slice(0, options.limit).map(toRecord);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    /** Whether the case exists in the organisation (null: in any organisation, for platform staff placing a hold). */
    async exists(orgId: string | null, id: string): Promise<boolean> {
      return (await knex('cases').where({ id, ...(orgId ? { orgId } : {}) }).first('id')) !== undefined;
    },

    /** The client's name of each case by id, in the organisation (null: any, for platform staff); unknown ids are absent. */
    async clientNamesByIds(orgId: string | null, ids: readonly string[]): Promise<Map<string, string | null>> {
      if (ids.length === 0) return new Map();
      const rows = (await knex('cases').whereIn('id', [...new Set(ids)]).where(orgId ? { orgId } : {}).select('id', 'clientName')) as { id: string; clientName: string | null }[];
      return new Map(rows.map((r) => [r.id, r.clientName]));
    },

    /** The newest periodic review opened from the case, if any. */
    async latestPeriodicReviewOf(orgId: string, caseId: string): Promise<{ id: string } | null> {
      return ((await knex('cases').where({ orgId, previousCaseId: caseId, type: 'periodic_review' }).orderBy('createdAt', 'desc').first('id')) as { id: string } | undefined) ?? null;
    },

    /**
     * Record a case event once per idempotency key; false when the key was used
     * already (an earlier attempt committed it). Pass the transaction the event belongs to.
     */
    async claimEvent(orgId: string, caseId: string, kind: string, idempotencyKey: string, db: Knex = knex): Promise<boolean> {
      const inserted = await db('case_events').insert({ orgId, caseId, kind, idempotencyKey }).onConflict('idempotency_key').ignore().returning('id');
      return inserted.length > 0;
    },

    /** Removes a case whose workflow could not be started, so no half-made case remains. */
    async remove(orgId: string, id: string): Promise<void> {
      await knex('cases').where({ orgId, id }).delete();
    },

    /**
     * Write the projection and its event in one transaction, idempotent on the key.
     * A duplicate key means an earlier attempt already committed: nothing changes.
     */
    async recordProgress(
      orgId: string,
      caseId: string,
      change: { status: CaseStatus; step: CaseStep | null; event: string; idempotencyKey: string; extra?: Record<string, unknown> },
    ): Promise<'recorded' | 'duplicate' | 'not_found'> {
      return knex.transaction(async (trx) => {
        const existing = await trx('cases').where({ orgId, id: caseId }).forUpdate().first('id');
        if (!existing) return 'not_found';
        const inserted = await trx('case_events')
          .insert({ orgId, caseId, kind: change.event, idempotencyKey: change.idempotencyKey })
          .onConflict('idempotency_key')
          .ignore()
          .returning('id');
        if (inserted.length === 0) return 'duplicate';
        await trx('cases').where({ orgId, id: caseId }).update({ ...change.extra, status: change.status, step: change.step, updatedAt: new Date() });
        return 'recorded';
      });
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
