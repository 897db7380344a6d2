// Data-subject requests against Clientnote itself. These belong to no customer
// organisation (Clientnote is the controller), so methods take the request id;
// requester-facing reads also need the status token's hash, so one person's
// link never opens another's request. Routed parts for organisations come later.
import type { Knex } from 'knex';
import type {
  DsrOutcome, DsrRelationship, DsrRight, DsrStatus, PlanAction, RefusalReason, TriageDecision,
} from '../../domain/dsr/request.ts';
import type { FlagKind, LiftReason } from '../../domain/dsr/lifting.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface DsrRecord {
  id: string;
  rights: DsrRight[];
  relationship: DsrRelationship;
  status: DsrStatus;
  outcome: DsrOutcome | null;
  locale: 'da' | 'en';
  receivedAt: string;
  dueAt: string;
  extended: boolean;
  extensionReason: string | null;
  verifiedAt: string | null;
  triageDecision: TriageDecision | null;
  refusalReason: RefusalReason | null;
  mergedInto: string | null;
  planHash: string | null;
  planProposedBy: string | null;
  planApprovedBy: string | null;
  closedAt: string | null;
  createdAt: string;
}

/** The verification columns, for the API's code checks only. */
export interface DsrCodeState {
  codeHash: Buffer | null;
  codeAttempts: number;
  codeExpiresAt: Date | null;
  codeLastSentAt: Date | null;
}

export interface DsrRequester { name: string; email: string; locale: 'da' | 'en' }

export interface ManifestItem {
  id: string;
  sourceTable: string;
  rowKey: string;
  retentionClass: string;
  personalColumns: string[];
  held: boolean;
  action: PlanAction | null;
  executedAt: string | null;
}

export interface DsrFlag {
  kind: FlagKind;
  createdAt: string;
  liftedAt: string | null;
  lift: { by: string | null; reason: LiftReason; note: string | null } | null;
}

export interface NewDsr {
  id: string;
  rights: DsrRight[];
  relationship: DsrRelationship;
  locale: 'da' | 'en';
  name: string;
  email: string;
  emailKey: string;
  description: string;
  receivedAt: Date;
  dueAt: Date;
  statusTokenHash: Buffer;
}

/** What the workflow writes: ids and enums from its state. */
export interface DsrProjection {
  status: DsrStatus;
  outcome: DsrOutcome | null;
  dueAt: string;
  extended: boolean;
  triageDecision: TriageDecision | null;
  planHash: string | null;
  planProposedBy: string | null;
  planApprovedBy: string | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const RECORD_COLUMNS = [
  'id', 'rights', 'relationship', 'status', 'outcome', 'locale', 'receivedAt', 'dueAt', 'extended', 'extensionReason', 'verifiedAt',
  'triageDecision', 'refusalReason', 'mergedInto', 'planHash', 'planProposedBy', 'planApprovedBy', 'closedAt', 'createdAt',
];

function toRecord(row: Record<string, any>): DsrRecord {
  return {
    id: row.id, rights: row.rights, relationship: row.relationship, status: row.status, outcome: row.outcome, locale: row.locale,
    receivedAt: iso(row.receivedAt)!, dueAt: iso(row.dueAt)!, extended: row.extended, extensionReason: row.extensionReason,
    verifiedAt: iso(row.verifiedAt), triageDecision: row.triageDecision, refusalReason: row.refusalReason, mergedInto: row.mergedInto,
    planHash: row.planHash, planProposedBy: row.planProposedBy, planApprovedBy: row.planApprovedBy, closedAt: iso(row.closedAt), createdAt: iso(row.createdAt)!,
  };
}

function toItem(row: Record<string, any>): ManifestItem {
  return {
    id: row.id, sourceTable: row.sourceTable, rowKey: row.rowKey, retentionClass: row.retentionClass, personalColumns: row.personalColumns,
    held: row.held, action: row.action, executedAt: iso(row.executedAt),
  };
}

export function createDsrRepository(knex: Knex) {
  return {
    /**
     * Store a new request unless the address already has `limit` requests since
     * `since`. A per-address advisory lock makes the check and the insert one step,
     * so a parallel flood cannot slip past the limit.
     */
    async createWithinLimit(input: NewDsr, limit: number, since: Date): Promise<DsrRecord | null> {
      return knex.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 6))', [input.emailKey]);
        const [count] = await trx('dsr_requests').where({ emailKey: input.emailKey }).andWhere('createdAt', '>=', since).count({ n: '*' });
        if (Number(count?.n ?? 0) >= limit) return null;
        return this.create(input, trx);
      });
    },

    async create(input: NewDsr, db: Knex = knex): Promise<DsrRecord> {
      const [row] = await db('dsr_requests').insert({
        id: input.id, rights: input.rights, relationship: input.relationship, locale: input.locale, status: 'received',
        requesterName: input.name, requesterEmail: input.email, emailKey: input.emailKey, description: input.description,
        receivedAt: input.receivedAt, dueAt: input.dueAt, statusTokenHash: input.statusTokenHash,
      }).returning(RECORD_COLUMNS);
      return toRecord(row);
    },

    async remove(id: string): Promise<void> {
      await knex('dsr_requests').where({ id }).delete();
    },

    /** Requests for one address (by its key) since an instant: the per-address limit. */
    async countSince(emailKey: string, since: Date): Promise<number> {
      const [row] = await knex('dsr_requests').where({ emailKey }).andWhere('createdAt', '>=', since).count({ n: '*' });
      return Number(row?.n ?? 0);
    },

    /** Codes mailed to one address since an instant, across its requests. */
    async codesSentSince(emailKey: string, since: Date): Promise<number> {
      const [row] = await knex('dsr_requests').where({ emailKey }).andWhere('codeLastSentAt', '>=', since).sum({ n: 'codesSent' });
      return Number(row?.n ?? 0);
    },

    async get(id: string): Promise<DsrRecord | null> {
      const row = await knex('dsr_requests').where({ id }).first(RECORD_COLUMNS);
      return row ? toRecord(row) : null;
    },

    /** The request only for the holder of its status token. */
    async getForRequester(id: string, statusTokenHash: Buffer): Promise<(DsrRecord & DsrCodeState & { emailKey: string }) | null> {
      const row = await knex('dsr_requests').where({ id, statusTokenHash })
        .first([...RECORD_COLUMNS, 'codeHash', 'codeAttempts', 'codeExpiresAt', 'codeLastSentAt', 'emailKey']);
      return row ? { ...toRecord(row), codeHash: row.codeHash, codeAttempts: row.codeAttempts, codeExpiresAt: row.codeExpiresAt, codeLastSentAt: row.codeLastSentAt, emailKey: row.emailKey } : null;
    },

    /** The keyed hash of the requester's address (hold scopes use the same key). */
    async emailKey(id: string): Promise<string | null> {
      const row = await knex('dsr_requests').where({ id }).first('emailKey');
      return row ? (row.emailKey as string) : null;
    },

    async requester(id: string): Promise<DsrRequester | null> {
      const row = await knex('dsr_requests').where({ id }).first('requesterName', 'requesterEmail', 'locale');
      return row ? { name: row.requesterName, email: row.requesterEmail, locale: row.locale } : null;
    },

    /** A fresh code: new hash, new expiry, attempts back to zero. */
    async setCode(id: string, codeHash: Buffer, expiresAt: Date, sentAt: Date): Promise<void> {
      await knex('dsr_requests').where({ id }).update({
        codeHash, codeExpiresAt: expiresAt, codeLastSentAt: sentAt, codeAttempts: 0, codesSent: knex.raw('codes_sent + 1'), updatedAt: sentAt,
      });
    },

    /**
     * Use up one attempt, atomically: two parallel guesses cannot both get the
     * last attempt. Returns the code state as it was when the attempt was taken,
     * or null when no attempt is left (or no code is open).
     */
    async takeAttempt(id: string, maxAttempts: number): Promise<{ codeHash: Buffer; codeExpiresAt: Date; attempt: number } | null> {
      const [row] = await knex('dsr_requests')
        .where({ id })
        .whereIn('status', ['received', 'awaiting_verification'])
        .whereNull('verifiedAt')
        .whereNotNull('codeHash')
        .andWhere('codeAttempts', '<', maxAttempts)
        .update({ codeAttempts: knex.raw('code_attempts + 1') })
        .returning(['codeHash', 'codeExpiresAt', 'codeAttempts']);
      return row ? { codeHash: row.codeHash, codeExpiresAt: row.codeExpiresAt, attempt: row.codeAttempts } : null;
    },

    /** The code was right: it can never be used again. */
    async markVerified(id: string, at: Date): Promise<void> {
      await knex('dsr_requests').where({ id }).update({ verifiedAt: at, codeHash: null, codeExpiresAt: null, updatedAt: at });
    },

    /** Staff queue: open requests first, soonest deadline first. */
    async list(options: { limit: number; cursor?: string | undefined; status?: DsrStatus | undefined; open?: boolean | undefined }): Promise<Page<DsrRecord>> {
      const query = knex('dsr_requests').select(RECORD_COLUMNS).orderBy([{ column: 'dueAt' }, { column: 'id' }]).limit(options.limit + 1);
      if (options.status) query.where({ status: options.status });
      if (options.open === true) query.whereNot({ status: 'closed' });
      if (options.open === false) query.where({ status: 'closed' });
      if (options.cursor) {
        const { at, id } = decodeCursor(options.cursor);
        query.whereRaw('(due_at, id) > (?, ?)', [at, id]);
      }
      const rows = await query;
      const items = rows.slice(0, options.limit).map(toRecord);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last.dueAt, last.id) : null };
    },

    async events(id: string): Promise<{ kind: string; actorId: string | null; details: Record<string, unknown>; createdAt: string }[]> {
      const rows = await knex('dsr_events').where({ requestId: id }).orderBy([{ column: 'createdAt' }, { column: 'id' }]);
      return rows.map((r) => ({ kind: r.kind, actorId: r.actorId, details: r.details, createdAt: iso(r.createdAt)! }));
    },

    /** An event once per key (activities retry). Returns false for a duplicate. */
    async recordEvent(id: string, event: { kind: string; key: string; actorId?: string | null; details?: Record<string, unknown>; note?: string | null }, trx: Knex = knex): Promise<boolean> {
      const inserted = await trx('dsr_events')
        .insert({ requestId: id, kind: event.kind, actorId: event.actorId ?? null, details: event.details ?? {}, note: event.note ?? null, idempotencyKey: event.key })
        .onConflict('idempotency_key').ignore().returning('id');
      return inserted.length > 0;
    },

    /** The workflow's projection and its event, in one transaction, idempotent on the key. */
    async recordProgress(id: string, projection: DsrProjection, event: { kind: string; key: string; actorId?: string | null; details?: Record<string, unknown> }): Promise<'recorded' | 'duplicate' | 'not_found'> {
      return knex.transaction(async (trx) => {
        const existing = await trx('dsr_requests').where({ id }).forUpdate().first('id', 'closedAt');
        if (!existing) return 'not_found';
        if (!(await this.recordEvent(id, event, trx))) return 'duplicate';
        await trx('dsr_requests').where({ id }).update({
          ...projection,
          closedAt: projection.status === 'closed' ? (existing.closedAt ?? new Date()) : null,
          updatedAt: new Date(),
        });
        return 'recorded';
      });
    },

    /** Staff details the workflow must not carry (reason codes beside free-text notes live in events). */
    async patchDetails(id: string, patch: { refusalReason?: RefusalReason | null; mergedInto?: string | null; extensionReason?: string | null }): Promise<void> {
      await knex('dsr_requests').where({ id }).update({ ...patch, updatedAt: new Date() });
    },

    async manifest(id: string): Promise<ManifestItem[]> {
      const rows = await knex('dsr_manifest_items').where({ requestId: id }).orderBy([{ column: 'sourceTable' }, { column: 'rowKey' }]);
      return rows.map(toItem);
    },

    /** Discovery's result replaces the previous manifest (a re-run finds the same rows, idempotently). */
    async replaceManifest(id: string, items: { sourceTable: string; rowKey: string; retentionClass: string; personalColumns: string[]; held: boolean; action: PlanAction | null }[]): Promise<void> {
      await knex.transaction(async (trx) => {
        await trx('dsr_manifest_items').where({ requestId: id }).delete();
        // In chunks: one insert of 10,000 items would pass Postgres's 65,535 bind-parameter limit (7 per row).
        for (let i = 0; i < items.length; i += 1000) await trx('dsr_manifest_items').insert(items.slice(i, i + 1000).map((item) => ({ requestId: id, ...item })));
      });
    },

    /** A proposed plan: one action per manifest item. Returns the number of items changed. */
    async setPlanActions(id: string, actions: { itemId: string; action: PlanAction }[]): Promise<number> {
      return knex.transaction(async (trx) => {
        let changed = 0;
        for (const { itemId, action } of actions) {
          changed += await trx('dsr_manifest_items').where({ requestId: id, id: itemId }).update({ action });
        }
        return changed;
      });
    },

    /** Items under a legal hold: kept (retain), never erased. */
    async markHeld(id: string, itemIds: string[]): Promise<void> {
      if (itemIds.length) await knex('dsr_manifest_items').where({ requestId: id }).whereIn('id', itemIds).update({ held: true, action: 'retain' });
    },

    async markExecuted(id: string, itemIds: string[], at: Date, trx: Knex = knex): Promise<void> {
      if (itemIds.length) await trx('dsr_manifest_items').where({ requestId: id }).whereIn('id', itemIds).update({ executedAt: at });
    },

    /**
     * Processing flags (restriction, objection, consent withdrawn), effective when written; once per request and kind.
     * The one writer of flags (liftFlag the one way to end one): what reads them (mailers, assignment,
     * user lists, db/repositories/processing-restrictions.ts) asks dsr_processing_flags itself, so nothing else needs updating.
     */
    async addFlags(id: string, subjectKey: string, kinds: readonly FlagKind[], trx: Knex = knex): Promise<number> {
      if (!kinds.length) return 0;
      const inserted = await trx('dsr_processing_flags').insert(kinds.map((kind) => ({ requestId: id, subjectKey, kind }))).onConflict(['request_id', 'kind']).ignore().returning('id');
      return inserted.length;
    },

    /** The request's flags, each with its lift (who, when, the reason code and the staff note) once lifted. */
    async flags(id: string): Promise<DsrFlag[]> {
      const rows = await knex('dsr_processing_flags as f')
        .leftJoin('dsr_events as e', 'e.idempotencyKey', knex.raw("'flag-lifted:' || f.id::text"))
        .where('f.requestId', id).orderBy('f.createdAt')
        .select('f.kind', 'f.createdAt', 'f.liftedAt', 'f.liftedBy', 'f.liftReason', 'e.note');
      return rows.map((r) => ({
        kind: r.kind, createdAt: iso(r.createdAt)!, liftedAt: iso(r.liftedAt),
        lift: r.liftedAt ? { by: r.liftedBy, reason: r.liftReason, note: r.note ?? null } : null,
      }));
    },

    /**
     * End one of the request's flags, with its event (the note stays there), in the caller's
     * transaction. Concurrent lifts queue on the row: one lifts, the other finds it lifted.
     */
    async liftFlag(id: string, kind: FlagKind, lift: { by: string; reason: LiftReason; note: string | null; at: Date }, trx: Knex): Promise<'lifted' | 'already_lifted' | 'not_found'> {
      const [row] = await trx('dsr_processing_flags').where({ requestId: id, kind }).whereNull('liftedAt')
        .update({ liftedAt: lift.at, liftedBy: lift.by, liftReason: lift.reason }).returning('id');
      if (!row) return (await trx('dsr_processing_flags').where({ requestId: id, kind }).first('id')) ? 'already_lifted' : 'not_found';
      await this.recordEvent(id, { kind: 'flag_lifted', key: `flag-lifted:${row.id}`, actorId: lift.by, details: { flag: kind, reason: lift.reason }, note: lift.note }, trx);
      return 'lifted';
    },

    /**
     * Take the address this request's erasure suppressed off the suppression list, with its
     * event, in the caller's transaction. 'already_lifted' when this request's suppression
     * was lifted before (and nothing suppressed it again), 'not_found' when it never suppressed.
     */
    async liftSuppression(id: string, lift: { by: string; reason: LiftReason; note: string | null; at: Date; key: string }, trx: Knex): Promise<'lifted' | 'already_lifted' | 'not_found'> {
      const deleted = await trx('dsr_suppressions').where({ requestId: id }).delete().returning('emailKey');
      if (!deleted.length) return (await trx('dsr_events').where({ requestId: id, kind: 'suppression_lifted' }).first('id')) ? 'already_lifted' : 'not_found';
      await this.recordEvent(id, { kind: 'suppression_lifted', key: lift.key, actorId: lift.by, details: { reason: lift.reason }, note: lift.note }, trx);
      return 'lifted';
    },

    /** The latest lift of this request's suppression, if any. */
    async suppressionLift(id: string): Promise<{ at: string; by: string | null; reason: LiftReason; note: string | null } | null> {
      const row = await knex('dsr_events').where({ requestId: id, kind: 'suppression_lifted' }).orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }]).first('createdAt', 'actorId', 'details', 'note');
      return row ? { at: iso(row.createdAt)!, by: row.actorId, reason: row.details.reason, note: row.note ?? null } : null;
    },

    /** The plan's corrections (rectification) replace the earlier ones. */
    async replaceCorrections(id: string, corrections: readonly { itemId: string; sourceTable: string; rowKey: string; column: string; value: string; provenance: string }[], proposedBy: string): Promise<void> {
      await knex.transaction(async (trx) => {
        await trx('dsr_rectifications').where({ requestId: id }).whereNull('appliedAt').delete();
        if (corrections.length) {
          await trx('dsr_rectifications').insert(corrections.map((c) => ({
            requestId: id, itemId: c.itemId, sourceTable: c.sourceTable, rowKey: c.rowKey, columnName: c.column, correctedValue: c.value, provenance: c.provenance, proposedBy,
          }))).onConflict(['item_id', 'column_name']).merge(['correctedValue', 'provenance', 'proposedBy']);
        }
      });
    },

    async corrections(id: string, trx: Knex = knex): Promise<{ id: string; itemId: string; sourceTable: string; rowKey: string; column: string; value: string; provenance: string; outcome: string | null; appliedAt: string | null }[]> {
      const rows = await trx('dsr_rectifications').where({ requestId: id }).orderBy([{ column: 'itemId' }, { column: 'columnName' }]);
      return rows.map((r) => ({ id: r.id, itemId: r.itemId, sourceTable: r.sourceTable, rowKey: r.rowKey, column: r.columnName, value: r.correctedValue, provenance: r.provenance, outcome: r.outcome, appliedAt: iso(r.appliedAt) }));
    },

    async saveExport(id: string, content: unknown, expiresAt: Date, trx: Knex = knex): Promise<void> {
      await trx('dsr_exports').insert({ requestId: id, content: JSON.stringify(content), expiresAt }).onConflict('request_id').merge();
    },

    /** When the request's export stops being downloadable, if one was made. */
    async exportExpiresAt(id: string): Promise<Date | null> {
      const row = (await knex('dsr_exports').where({ requestId: id }).first('expiresAt')) as { expiresAt: Date } | undefined;
      return row ? row.expiresAt : null;
    },

    /** A rectification was carried out (`applied`) or recorded beside verified evidence. */
    async markCorrectionDone(correctionId: string, outcome: string, at: Date, trx: Knex = knex): Promise<void> {
      await trx('dsr_rectifications').where({ id: correctionId }).update({ outcome, appliedAt: at });
    },

    /** The request's free-text description (staff read it on the request page). */
    async description(id: string): Promise<string> {
      const row = (await knex('dsr_requests').where({ id }).first('description')) as { description: string | null } | undefined;
      return row?.description ?? '';
    },

    async getExport(id: string, now: Date): Promise<unknown | null> {
      const row = await knex('dsr_exports').where({ requestId: id }).andWhere('expiresAt', '>', now).first('content');
      return row ? row.content : null;
    },
  };
}

export type DsrRepository = ReturnType<typeof createDsrRepository>;
