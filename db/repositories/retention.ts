// Retention: the organisations' and the platform's chosen periods, the sweeps
// with their batches and certificates, and the files still to be removed from
// storage after a purge. The owner of the retention_* tables.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  RETENTION_CLASS_RULES, SETTABLE_RETENTION_CLASSES, subtractPeriod,
  type Period, type PeriodUnit, type SettableRetentionClass,
} from '../../domain/retention/classes.ts';
import { CLASS_SWEEPERS, countDue, countHeld, type DueCutoffs } from '../retention/sweepers.ts';
import type { CasePurgeStatus } from '../../domain/retention/workflow.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface EffectivePeriod { class: SettableRetentionClass; period: Period; source: 'default' | 'platform' | 'organisation' }

export interface SweepRecord {
  id: string;
  status: 'running' | 'completed' | 'failed' | 'skipped';
  dryRun: boolean;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  failure: string | null;
  /** Rows removed (or, in a dry run, found due) so far, per class. */
  progress: Record<string, number>;
  certificates: { id: string; class: string; count: number }[];
}

export interface CaseRetentionRecord {
  caseId: string;
  clientName: string | null;
  caseType: string;
  status: string;
  retentionUntil: string | null;
  purgeStatus: CasePurgeStatus | null;
  purgeApprovedAt: string | null;
  purgedAt: string | null;
  certificateId: string | null;
  holds: { id: string; basis: string; reviewOn: string }[];
}

export interface CertificateRecord {
  id: string;
  sweepId: string | null;
  orgId: string | null;
  caseId: string | null;
  class: string;
  dryRun: boolean;
  count: number;
  counts: Record<string, number>;
  oldestAt: string | null;
  newestAt: string | null;
  keysHash: string;
  createdAt: string;
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** sha-256 over keys, sorted: the same set of keys gives the same hash whatever order they went in. */
export const hashKeys = (keys: readonly string[]): string => createHash('sha256').update([...keys].sort().join('\n')).digest('hex');
/** A certificate's hash over its batches' hashes in batch order. */
export const hashBatches = (hashes: readonly string[]): string => createHash('sha256').update(hashes.join('\n')).digest('hex');

function presentCertificate(r: Record<string, any>): CertificateRecord {
  return {
    id: r.id, sweepId: r.sweepId, orgId: r.orgId, caseId: r.caseId, class: r.class, dryRun: r.dryRun, count: r.count, counts: r.counts ?? {},
    oldestAt: iso(r.oldestAt), newestAt: iso(r.newestAt), keysHash: r.keysHash, createdAt: iso(r.createdAt)!,
  };
}

export function createRetentionRepository(knex: Knex) {
  async function settingsOf(orgId: string | null): Promise<Map<string, Period>> {
    const q = knex('retention_settings').select('class', 'periodValue', 'periodUnit');
    if (orgId === null) q.whereNull('orgId'); else q.where({ orgId });
    const rows = (await q) as { class: string; periodValue: number; periodUnit: PeriodUnit }[];
    return new Map(rows.map((r) => [r.class, { value: r.periodValue, unit: r.periodUnit }]));
  }

  /** When a row of the class is due, as of `asOf`: before the platform's cutoff, or its organisation's own. */
  async function cutoffs(cls: SettableRetentionClass, asOf: Date): Promise<DueCutoffs> {
    const rule = RETENTION_CLASS_RULES[cls];
    if (!rule.bounds) return { fallback: subtractPeriod(asOf, rule.defaultPeriod), byOrg: new Map() };
    const rows = (await knex('retention_settings').where({ class: cls }).select('orgId', 'periodValue', 'periodUnit')) as { orgId: string | null; periodValue: number; periodUnit: PeriodUnit }[];
    const platform = rows.find((r) => r.orgId === null);
    const fallback = subtractPeriod(asOf, platform ? { value: platform.periodValue, unit: platform.periodUnit } : rule.defaultPeriod);
    const byOrg = new Map(rows.filter((r) => r.orgId !== null).map((r) => [r.orgId!, subtractPeriod(asOf, { value: r.periodValue, unit: r.periodUnit })]));
    return { fallback, byOrg };
  }

  return {
    /** Each class's period as it applies to the organisation (null: the platform's own data). */
    async effectivePeriods(orgId: string | null): Promise<EffectivePeriod[]> {
      const platform = await settingsOf(null);
      const own = orgId ? await settingsOf(orgId) : new Map<string, Period>();
      return SETTABLE_RETENTION_CLASSES.map((cls) => {
        const rule = RETENTION_CLASS_RULES[cls];
        if (!rule.bounds) return { class: cls, period: rule.defaultPeriod, source: 'default' as const };
        const org = own.get(cls);
        if (org) return { class: cls, period: org, source: 'organisation' as const };
        const plat = platform.get(cls);
        return plat ? { class: cls, period: plat, source: 'platform' as const } : { class: cls, period: rule.defaultPeriod, source: 'default' as const };
      });
    },

    async setPeriod(orgId: string | null, cls: SettableRetentionClass, period: Period, userId: string): Promise<void> {
      await knex('retention_settings')
        .insert({ orgId, class: cls, periodValue: period.value, periodUnit: period.unit, updatedBy: userId, updatedAt: knex.fn.now() })
        .onConflict(knex.raw('on constraint retention_settings_unique') as never).merge(['periodValue', 'periodUnit', 'updatedBy', 'updatedAt']);
    },

    cutoffs,

    /** What the sweep would remove now and within `days`, per class, and what a hold keeps (counts only). */
    async forecast(now: Date, days: number): Promise<{ class: SettableRetentionClass; dueNow: number; dueWithin: number; held: number; oldestDueAt: string | null }[]> {
      const later = new Date(now.getTime() + days * 86_400_000);
      const out = [];
      for (const sweeper of CLASS_SWEEPERS) {
        const [nowCutoffs, laterCutoffs] = [await cutoffs(sweeper.class, now), await cutoffs(sweeper.class, later)];
        const dueNow = await countDue(knex, sweeper, nowCutoffs);
        const dueLater = await countDue(knex, sweeper, laterCutoffs);
        out.push({ class: sweeper.class, dueNow: dueNow.count, dueWithin: dueLater.count - dueNow.count, held: await countHeld(knex, sweeper, nowCutoffs), oldestDueAt: iso(dueNow.oldestAt) });
      }
      return out;
    },

    /**
     * Open the sweep's record, idempotent on the workflow id. A second sweep while one
     * runs is recorded as skipped (the partial unique index on running sweeps decides).
     */
    async beginSweep(input: { id?: string | undefined; workflowId: string; dryRun: boolean; startedBy: string | null; asOf: Date }): Promise<{ id: string; status: SweepRecord['status']; asOf: string; dryRun: boolean }> {
      const existing = await knex('retention_sweeps').where({ workflowId: input.workflowId }).first();
      // A sweep whose workflow was terminated never finishes: after a day it no longer blocks the next one.
      await knex('retention_sweeps').where({ status: 'running' }).andWhere('startedAt', '<', new Date(input.asOf.getTime() - 86_400_000))
        .update({ status: 'failed', failure: 'abandoned', finishedAt: knex.fn.now() });
      if (existing) return { id: existing.id, status: existing.status, asOf: iso(existing.asOf)!, dryRun: existing.dryRun };
      const row = { ...(input.id ? { id: input.id } : {}), workflowId: input.workflowId, dryRun: input.dryRun, startedBy: input.startedBy, asOf: input.asOf };
      try {
        const [created] = await knex('retention_sweeps').insert({ ...row, status: 'running' }).returning(['id', 'status', 'asOf', 'dryRun']);
        return { id: created.id, status: created.status, asOf: iso(created.asOf)!, dryRun: created.dryRun };
      } catch (error) {
        if ((error as { constraint?: string }).constraint !== 'retention_sweeps_one_running') throw error;
        const [skipped] = await knex('retention_sweeps').insert({ ...row, status: 'skipped', finishedAt: knex.fn.now() }).returning(['id', 'status', 'asOf', 'dryRun']);
        return { id: skipped.id, status: skipped.status, asOf: iso(skipped.asOf)!, dryRun: skipped.dryRun };
      }
    },

    async runningSweep(): Promise<{ id: string } | undefined> {
      return knex('retention_sweeps').where({ status: 'running' }).andWhere('startedAt', '>=', new Date(Date.now() - 86_400_000)).first('id');
    },

    async sweep(id: string): Promise<{ id: string; status: SweepRecord['status']; dryRun: boolean; asOf: Date } | undefined> {
      return knex('retention_sweeps').where({ id }).first('id', 'status', 'dryRun', 'asOf');
    },

    /** The batches already committed for a class of a sweep: how many and how many rows (a retried activity goes on from here). */
    async batchesSoFar(sweepId: string, cls: string, db: Knex = knex): Promise<{ batches: number; rows: number }> {
      const row = await db('retention_sweep_batches').where({ sweepId, class: cls }).first(db.raw('count(*)::int as batches'), db.raw('coalesce(sum(count), 0)::int as rows'));
      return { batches: row.batches, rows: row.rows };
    },

    async recordBatch(trx: Knex.Transaction, input: { sweepId: string; class: string; batchNo: number; keys: readonly string[]; oldestAt: Date | null; newestAt: Date | null }): Promise<void> {
      await trx('retention_sweep_batches').insert({
        sweepId: input.sweepId, class: input.class, batchNo: input.batchNo, count: input.keys.length,
        oldestAt: input.oldestAt, newestAt: input.newestAt, keysHash: hashKeys(input.keys),
      });
    },

    /** One certificate per swept class, made from its batches, and the sweep completed — in one transaction, once. */
    async finishSweep(sweepId: string, classes: readonly string[]): Promise<void> {
      await knex.transaction(async (trx) => {
        const sweep = await trx('retention_sweeps').where({ id: sweepId }).forUpdate().first();
        if (!sweep || sweep.status !== 'running') return;
        for (const cls of classes) {
          const batches = (await trx('retention_sweep_batches').where({ sweepId, class: cls }).orderBy('batchNo')) as { count: number; oldestAt: Date | null; newestAt: Date | null; keysHash: string; batchNo: number }[];
          const times = batches.flatMap((b) => [b.oldestAt, b.newestAt]).filter((d): d is Date => d !== null).map((d) => d.getTime());
          await trx('retention_certificates').insert({
            sweepId, orgId: null, class: cls, dryRun: sweep.dryRun, count: batches.reduce((n, b) => n + b.count, 0),
            counts: JSON.stringify({ batches: batches.length }),
            oldestAt: times.length ? new Date(Math.min(...times)) : null, newestAt: times.length ? new Date(Math.max(...times)) : null,
            keysHash: hashBatches(batches.map((b) => b.keysHash)),
          }).onConflict(['sweepId', 'class']).ignore();
        }
        await trx('retention_sweeps').where({ id: sweepId }).update({ status: 'completed', finishedAt: trx.fn.now() });
      });
    },

    async failSweep(sweepId: string, failure: string): Promise<void> {
      await knex('retention_sweeps').where({ id: sweepId, status: 'running' }).update({ status: 'failed', failure: failure.slice(0, 200), finishedAt: knex.fn.now() });
    },

    async listSweeps(limit: number): Promise<SweepRecord[]> {
      const sweeps = await knex('retention_sweeps').orderBy('startedAt', 'desc').limit(limit);
      const ids = sweeps.map((s) => s.id);
      const progress = ids.length ? await knex('retention_sweep_batches').whereIn('sweepId', ids).groupBy('sweepId', 'class').select('sweepId', 'class', knex.raw('sum(count)::int as rows')) : [];
      const certificates = ids.length ? await knex('retention_certificates').whereIn('sweepId', ids).select('id', 'sweepId', 'class', 'count').orderBy('class') : [];
      return sweeps.map((s) => ({
        id: s.id, status: s.status, dryRun: s.dryRun, asOf: iso(s.asOf)!, startedAt: iso(s.startedAt)!, finishedAt: iso(s.finishedAt), failure: s.failure,
        progress: Object.fromEntries(progress.filter((p) => p.sweepId === s.id).map((p) => [p.class, p.rows])),
        certificates: certificates.filter((c) => c.sweepId === s.id).map((c) => ({ id: c.id, class: c.class, count: c.count })),
      }));
    },

    /** A certificate; an organisation sees only its own (case purges), platform staff every one. */
    async certificate(id: string, orgId: string | null | undefined): Promise<CertificateRecord | undefined> {
      const q = knex('retention_certificates').where({ id });
      if (orgId !== undefined) q.andWhere({ orgId });
      const row = await q.first();
      return row ? presentCertificate(row) : undefined;
    },

    async insertCaseCertificate(trx: Knex.Transaction, input: { orgId: string; caseId: string; counts: Record<string, number>; keys: readonly string[]; oldestAt: Date | null; newestAt: Date | null }): Promise<string> {
      const [row] = await trx('retention_certificates').insert({
        orgId: input.orgId, caseId: input.caseId, class: 'case_data', dryRun: false, count: Object.values(input.counts).reduce((a, b) => a + b, 0),
        counts: JSON.stringify(input.counts), oldestAt: input.oldestAt, newestAt: input.newestAt, keysHash: hashKeys(input.keys),
      }).onConflict(['caseId']).ignore().returning('id');
      if (row) return row.id;
      return (await trx('retention_certificates').where({ caseId: input.caseId }).first('id')).id;
    },

    /** The organisation's cases whose clock runs or has ended, soonest first. */
    async casesWithClock(orgId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<CaseRetentionRecord>> {
      const q = knex('cases as c').where('c.orgId', orgId).whereNotNull('c.retentionUntil')
        .leftJoin('retention_certificates as rc', 'rc.caseId', 'c.id')
        .select('c.id', 'c.clientName', 'c.type', 'c.status', 'c.retentionUntil', 'c.purgeStatus', 'c.purgeApprovedAt', 'c.purgedAt', 'rc.id as certificateId')
        .orderBy([{ column: 'c.retentionUntil', order: 'asc' }, { column: 'c.id', order: 'asc' }]).limit(options.limit + 1);
      if (options.cursor) {
        const { at, id } = decodeCursor(options.cursor);
        q.whereRaw('(c.retention_until, c.id) > (?::date, ?)', [at.slice(0, 10), id]);
      }
      const rows = await q;
      const page = rows.slice(0, options.limit);
      const holds = page.length
        ? await knex('legal_holds').where({ scopeKind: 'case' }).whereIn('scopeKey', page.map((r) => r.id)).whereNull('releasedAt')
          .andWhere((w) => w.where({ orgId }).orWhereNull('orgId')).select('id', 'scopeKey', 'basis', 'reviewOn')
        : [];
      const day = (d: Date | string | null) => (d === null ? null : d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : String(d).slice(0, 10));
      const items = page.map((r) => ({
        caseId: r.id, clientName: r.clientName, caseType: r.type, status: r.status, retentionUntil: day(r.retentionUntil), purgeStatus: r.purgeStatus,
        purgeApprovedAt: iso(r.purgeApprovedAt), purgedAt: iso(r.purgedAt), certificateId: r.certificateId ?? null,
        holds: holds.filter((h) => h.scopeKey === r.id).map((h) => ({ id: h.id, basis: h.basis, reviewOn: day(h.reviewOn)! })),
      }));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(new Date(`${last.retentionUntil}T00:00:00Z`).toISOString(), last.caseId) : null };
    },

    /** What a purge notice names: the client and the retention date. */
    async casePurgeNoticeFacts(orgId: string, caseId: string): Promise<{ clientName: string | null; clientCvr: string | null; retentionUntil: Date | null } | undefined> {
      return knex('cases').where({ id: caseId, orgId }).first('clientName', 'clientCvr', 'retentionUntil');
    },

    /** Where the case stands at the end of its clock (a purged case keeps `purged`). */
    async setCasePurgeStatus(orgId: string, caseId: string, status: CasePurgeStatus): Promise<void> {
      await knex('cases').where({ id: caseId, orgId }).whereNull('purgedAt')
        .update({ purgeStatus: status, ...(status === 'announced' ? { purgeAnnouncedAt: knex.fn.now() } : {}) });
    },

    async casePurgeApproved(orgId: string, caseId: string): Promise<boolean> {
      const row = await knex('cases').where({ id: caseId, orgId }).first('purgeApprovedAt');
      return Boolean(row?.purgeApprovedAt);
    },

    /** A dry run is recounted from the start when its activity is retried. */
    async clearSweepBatches(sweepId: string, cls: string): Promise<void> {
      await knex('retention_sweep_batches').where({ sweepId, class: cls }).delete();
    },

    /** Record an org admin's approval of a due purge; false when the case is not waiting for one. */
    async approvePurge(orgId: string, caseId: string, userId: string): Promise<'approved' | 'not_awaiting' | 'not_found'> {
      const row = await knex('cases').where({ orgId, id: caseId }).first('purgeStatus');
      if (!row) return 'not_found';
      const updated = await knex('cases').where({ orgId, id: caseId, purgeStatus: 'awaiting_approval' }).whereNull('purgeApprovedAt')
        .update({ purgeApprovedBy: userId, purgeApprovedAt: knex.fn.now() });
      return updated ? 'approved' : 'not_awaiting';
    },

    async listFileDeletions(trx: Knex.Transaction, input: { orgId: string; caseId: string; storageKeys: readonly string[] }): Promise<void> {
      if (!input.storageKeys.length) return;
      await trx('retention_file_deletions').insert(input.storageKeys.map((storageKey) => ({ storageKey, orgId: input.orgId, caseId: input.caseId }))).onConflict('storageKey').ignore();
    },

    async pendingFileDeletions(caseId?: string): Promise<string[]> {
      const q = knex('retention_file_deletions').whereNull('removedAt');
      if (caseId) q.andWhere({ caseId });
      return (await q.orderBy('storageKey').pluck('storage_key')) as string[];
    },

    async markFileRemoved(storageKey: string): Promise<void> {
      await knex('retention_file_deletions').where({ storageKey }).update({ removedAt: knex.fn.now() });
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
