// The erasure ledger and the suppression list. A ledger row holds the request id,
// the subject's keyed address hash, the table and the row's primary key (or, where
// the key itself is personal, such as a login-throttle key with an address in it,
// an HMAC of that key) and the action: never a name, an address or a value.
// `replayErasures` re-applies ledger rows to a database restored from a backup
// taken before they were executed, and restores the suppression entries with them.
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { registryEntry, type RegistryEntry } from '../personal-data-registry.ts';
import { eraseRows } from './personal-data.ts';
import { dsrEmailKey } from '../dsr-email-key.ts';
import { eraseCaseParty, PARTY_ANONYMISATION } from './case-party-erasure.ts';

/**
 * How a ledger row's table is erased: as the registry says, or, for case parties a
 * controller organisation chose to erase (routed requests), the party anonymisation.
 */
export function erasableEntry(table: string): RegistryEntry | null {
  const entry = registryEntry(table);
  if (!entry) return null;
  if (entry.erasure.kind !== 'retain') return entry;
  if (table === 'case_parties') return { ...entry, erasure: { kind: 'anonymise', set: PARTY_ANONYMISATION } };
  return null;
}

/** The check every mailer does before sending (web/API and worker): is the address suppressed (erased) or flagged (restriction, objection, consent withdrawn)? */
export function mailSuppression(knex: Knex, secret: string): { isSuppressed: (email: string) => Promise<boolean> } {
  return {
    isSuppressed: async (email) => {
      const key = dsrEmailKey(secret, email);
      if ((await knex('dsr_suppressions').where({ emailKey: key }).first('emailKey')) !== undefined) return true;
      // Restriction, objection and withdrawal of consent stop platform mail at once, too.
      return (await knex('dsr_processing_flags').where({ subjectKey: key }).whereNull('liftedAt').first('id')) !== undefined;
    },
  };
}

/** When each of these addresses was erased (on the suppression list); the development sink forgets their mail. */
export function erasedAddresses(knex: Knex, secret: string): (addresses: readonly string[]) => Promise<Map<string, Date>> {
  return async (addresses) => {
    const keyOf = new Map(addresses.map((address) => [address, dsrEmailKey(secret, address)]));
    if (keyOf.size === 0) return new Map();
    const rows = (await knex('dsr_suppressions').whereIn('emailKey', [...new Set(keyOf.values())]).select('emailKey', 'createdAt')) as { emailKey: string; createdAt: Date }[];
    const erasedAt = new Map(rows.map((r) => [r.emailKey, new Date(r.createdAt)]));
    return new Map([...keyOf].flatMap(([address, key]) => (erasedAt.has(key) ? [[address, erasedAt.get(key)!] as const] : [])));
  };
}

export interface LedgerEntry {
  id: string;
  requestId: string;
  subjectKey: string;
  sourceTable: string;
  rowRefKind: 'key' | 'hmac';
  rowRef: string;
  action: 'erase' | 'anonymise';
  executedAt: string;
}

/** The row key is itself personal (it is one of the entry's personal columns): store only its HMAC. */
export const rowKeyIsPersonal = (entry: RegistryEntry): boolean => entry.personalColumns.includes(entry.rowKey);

export const rowRefHash = (secret: string, table: string, rowKey: string): string =>
  createHmac('sha256', secret).update(`erasure-row\0${table}\0${rowKey}`).digest().toString('base64url');

const COLUMNS = ['id', 'requestId', 'subjectKey', 'sourceTable', 'rowRefKind', 'rowRef', 'action', 'executedAt'];
const toEntry = (row: Record<string, any>): LedgerEntry => ({ ...(row as LedgerEntry), executedAt: new Date(row.executedAt).toISOString() });

export function createErasureLedgerRepository(knex: Knex, secret: string) {
  return {
    /** One row per erased or anonymised item, in the erasure's own transaction. */
    async record(input: { requestId: string; subjectKey: string; executedAt: Date; items: readonly { sourceTable: string; rowKey: string; action: 'erase' | 'anonymise' }[] }, trx: Knex = knex): Promise<number> {
      const rows = input.items.flatMap((item) => {
        const entry = erasableEntry(item.sourceTable);
        if (!entry) return [];
        const personal = rowKeyIsPersonal(entry);
        return [{
          requestId: input.requestId, subjectKey: input.subjectKey, sourceTable: item.sourceTable,
          rowRefKind: personal ? 'hmac' : 'key', rowRef: personal ? rowRefHash(secret, item.sourceTable, item.rowKey) : item.rowKey,
          action: item.action, executedAt: input.executedAt,
        }];
      });
      if (!rows.length) return 0;
      for (const [i, item] of input.items.entries()) {
        const row = rows.find((r) => r.sourceTable === item.sourceTable && r.rowRefKind === 'hmac' && r.rowRef === rowRefHash(secret, item.sourceTable, item.rowKey));
        if (row) await redactManifestKeys(trx, item.sourceTable, [input.items[i]!.rowKey], row.rowRef);
      }
      const inserted = await trx('erasure_ledger').insert(rows).onConflict(['request_id', 'source_table', 'row_ref']).ignore().returning('id');
      return inserted.length;
    },

    async since(since: Date, db: Knex = knex): Promise<LedgerEntry[]> {
      const rows = await db('erasure_ledger').where('executedAt', '>=', since).orderBy([{ column: 'executedAt' }, { column: 'id' }]).select(COLUMNS);
      return rows.map(toEntry);
    },

    /** When privacy staff lifted a request's suppression (ids and times only), so a replay does not put it back. */
    async suppressionLifts(db: Knex = knex): Promise<SuppressionLift[]> {
      const rows = await db('dsr_events').where({ kind: 'suppression_lifted' }).orderBy([{ column: 'createdAt' }, { column: 'id' }]).select('requestId', 'createdAt');
      return rows.map((r: { requestId: string; createdAt: Date }) => ({ requestId: r.requestId, liftedAt: new Date(r.createdAt).toISOString() }));
    },

    async suppress(emailKey: string, requestId: string, trx: Knex = knex): Promise<void> {
      await trx('dsr_suppressions').insert({ emailKey, requestId }).onConflict('email_key').ignore();
    },

    async isSuppressed(emailKey: string): Promise<boolean> {
      return (await knex('dsr_suppressions').where({ emailKey }).first('emailKey')) !== undefined;
    },

    /** Whether the request's erasure put an address on the suppression list. */
    async suppressedBy(requestId: string): Promise<boolean> {
      return (await knex('dsr_suppressions').where({ requestId }).first('emailKey')) !== undefined;
    },

    /** How many ledger entries the request left, per source table. */
    async entriesPerTable(requestId: string): Promise<Record<string, number>> {
      const rows = (await knex('erasure_ledger').where({ requestId }).groupBy('sourceTable').select('sourceTable').count({ n: '*' })) as { sourceTable: string; n: string }[];
      return Object.fromEntries(rows.map((row) => [row.sourceTable, Number(row.n)]));
    },
  };
}

/** A suppression that privacy staff lifted (the request that set it, and when). */
export interface SuppressionLift { requestId: string; liftedAt: string }

export interface ReplayResult {
  entries: number;
  /** Rows deleted or anonymised again, per table (an already anonymised row is anonymised again and counted). */
  reapplied: Record<string, number>;
  /** Entries whose row no longer exists in this database (deleted, or never restored). */
  alreadyErased: number;
  suppressions: number;
  /** Erased subjects not put back on the suppression list, because staff lifted it after the erasure. */
  suppressionsLifted: number;
  problems: string[];
  /** Storage keys of case documents deleted again with their party: the caller removes the files once this commits. */
  storageKeys: string[];
}

/**
 * Re-apply ledger entries to `db` (a database restored from an older backup), in
 * one transaction: each row is deleted or anonymised again exactly as the registry
 * says, the entries are written to this database's ledger, and the subjects'
 * suppression entries are restored. Idempotent: a second run changes nothing.
 */
export async function replayErasures(db: Knex, secret: string, entries: readonly LedgerEntry[], lifts: readonly SuppressionLift[] = []): Promise<ReplayResult> {
  const result: ReplayResult = { entries: entries.length, reapplied: {}, alreadyErased: 0, suppressions: 0, suppressionsLifted: 0, problems: [], storageKeys: [] };
  const tables = new Set((await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename')) as string[]);
  await db.transaction(async (trx) => {
    const hashedKeys = new Map<string, Map<string, string>>();
    for (const item of entries) {
      const entry = erasableEntry(item.sourceTable);
      if (!entry) {
        result.problems.push(`ledger entry ${item.id}: ${item.sourceTable} is not an erasable registry entry`);
        continue;
      }
      if (!tables.has(entry.table)) {
        result.problems.push(`ledger entry ${item.id}: table ${entry.table} does not exist in this database`);
        continue;
      }
      let rowKeys: string[];
      if (item.rowRefKind === 'key') rowKeys = [item.rowRef];
      else {
        // The key is personal: find the row whose key hashes to the stored HMAC.
        if (!hashedKeys.has(entry.table)) {
          const keys = (await trx(entry.table).select(trx.raw(`${entry.rowKey} as row_key`))).map((r: { rowKey: string }) => r.rowKey);
          hashedKeys.set(entry.table, new Map(keys.map((k) => [rowRefHash(secret, entry.table, k), k])));
        }
        const key = hashedKeys.get(entry.table)!.get(item.rowRef);
        rowKeys = key === undefined ? [] : [key];
      }
      let changed = 0;
      if (entry.table === 'case_parties') {
        // A party goes with what its case holds about it, exactly as the organisation's decision did.
        for (const key of rowKeys) {
          const party = await eraseCaseParty(trx, key);
          if (party.erased) changed += 1;
          result.storageKeys.push(...party.storageKeys);
        }
      } else if (rowKeys.length) changed = await eraseRows(trx, entry, rowKeys);
      // A restored manifest names the row by its personal key: it keeps only the HMAC, as after the erasure itself.
      if (item.rowRefKind === 'hmac' && rowKeys.length) await redactManifestKeys(trx, entry.table, rowKeys, item.rowRef);
      if (changed === 0) result.alreadyErased += 1;
      if (changed > 0) result.reapplied[entry.table] = (result.reapplied[entry.table] ?? 0) + changed;
    }
    if (result.problems.length) throw new ReplayProblems(result.problems);
    if (entries.length) {
      await trx('erasure_ledger').insert(entries.map((e) => ({ ...e, executedAt: new Date(e.executedAt) }))).onConflict(['request_id', 'source_table', 'row_ref']).ignore();
      // The newest erasure of each subject sets the suppression, unless staff lifted that request's suppression after it.
      const latest = new Map<string, LedgerEntry>();
      for (const e of entries) if ((latest.get(e.subjectKey)?.executedAt ?? '') <= e.executedAt) latest.set(e.subjectKey, e);
      const liftedAfter = (e: LedgerEntry) => lifts.some((l) => l.requestId === e.requestId && new Date(l.liftedAt).getTime() >= new Date(e.executedAt).getTime());
      const suppress = [...latest.values()].filter((e) => !liftedAfter(e));
      result.suppressionsLifted = latest.size - suppress.length;
      if (suppress.length) {
        const inserted = await trx('dsr_suppressions').insert(suppress.map((e) => ({ emailKey: e.subjectKey, requestId: e.requestId }))).onConflict('email_key').ignore().returning('emailKey');
        result.suppressions = inserted.length;
      }
    }
  }).catch((error) => {
    if (!(error instanceof ReplayProblems)) throw error;
  });
  return result;
}

/** Manifest items whose row key holds personal data (a throttle key with the address) keep only `hmac:<ref>` once erased. */
export async function redactManifestKeys(db: Knex, table: string, rowKeys: readonly string[], rowRef: string): Promise<void> {
  await db('dsr_manifest_items').where({ sourceTable: table }).whereIn('rowKey', rowKeys as string[]).update({ rowKey: `hmac:${rowRef}` });
}

class ReplayProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
