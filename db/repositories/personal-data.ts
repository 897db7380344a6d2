// Discovery, export and erasure by walking the personal-data registry: the rows
// about one subject (found from their e-mail address), what each holds, and what
// the approved plan does to it. Platform data only; customer case data is routed
// to its controller organisation (entries marked controller_routed are skipped).
import type { Knex } from 'knex';
import { PERSONAL_DATA_REGISTRY, registryEntry, type RegistryEntry } from '../personal-data-registry.ts';
import type { PlanAction } from '../../domain/dsr/request.ts';

export interface DiscoveredRow {
  sourceTable: string;
  rowKey: string;
  retentionClass: string;
  personalColumns: string[];
  held: boolean;
  /** The action suggested for this row from the requested rights and the registry. */
  action: PlanAction | null;
}

export interface Subject { email: string; rights: readonly string[]; /** The keyed hash of the address (dsr_requests.email_key). */ emailKey?: string | undefined }

/** Secrets never leave in an export, even to their owner. */
const SECRET_COLUMN = /(hash|secret|csrf|token|email_key)$/;

async function existingTables(knex: Knex): Promise<Set<string>> {
  const rows = (await knex('pg_tables').where({ schemaname: 'public' }).pluck('tablename')) as string[];
  return new Set(rows);
}

/** Delete or anonymise rows of one entry by their keys, as the registry says; retained entries are never touched. */
export async function eraseRows(db: Knex, entry: RegistryEntry, rowKeys: readonly string[]): Promise<number> {
  if (!rowKeys.length || entry.erasure.kind === 'retain') return 0;
  const target = db(entry.table).whereRaw(`${entry.rowKey} = any(?)`, [rowKeys as string[]]);
  if (entry.erasure.kind === 'delete') return target.delete();
  const set = Object.fromEntries(Object.entries(entry.erasure.set).map(([column, sql]) => [column, db.raw(sql)]));
  return target.update(set);
}

/** Row keys grouped by table, in first-seen table order. */
function byTable(items: readonly { sourceTable: string; rowKey: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const keys = groups.get(item.sourceTable);
    if (keys) keys.push(item.rowKey); else groups.set(item.sourceTable, [item.rowKey]);
  }
  return groups;
}

function suggestedAction(entry: RegistryEntry, rights: readonly string[]): PlanAction | null {
  if (rights.includes('erasure')) return entry.erasure.kind === 'retain' ? 'retain' : entry.erasure.kind === 'delete' ? 'erase' : 'anonymise';
  if (rights.includes('access') || rights.includes('portability')) return 'export';
  if (rights.includes('restriction')) return 'restrict';
  return null;
}

export function createPersonalDataRepository(knex: Knex) {
  /** The rows of one registry entry that lead to the subject. */
  function rowsOf(db: Knex, entry: RegistryEntry, subject: { email: string; userIds: string[]; requestIds: string[]; emailKey?: string | undefined }) {
    const q = db(entry.table).select(db.raw(`${entry.rowKey} as row_key`));
    const link = entry.subject;
    switch (link.kind) {
      case 'email': return q.whereRaw('lower(??) = ?', [link.column, subject.email]);
      case 'user': return subject.userIds.length ? q.whereIn(link.column, subject.userIds) : null;
      case 'prefixed_email': return q.whereIn(link.column, link.prefixes.map((p) => `${p}:${subject.email}`));
      case 'request': return subject.requestIds.length ? q.whereIn(link.column, subject.requestIds) : null;
      case 'email_key': return subject.emailKey ? q.where(link.column, subject.emailKey) : null;
      case 'controller_routed':
      case 'public_source':
      case 'withheld': return null;
    }
  }

  async function resolveSubject(db: Knex, email: string) {
    const userIds = (await db('users').whereRaw('lower(email) = ?', [email]).pluck('id')) as string[];
    const requestIds = (await db('dsr_requests').whereRaw('lower(requester_email) = ?', [email]).pluck('id')) as string[];
    return { email, userIds, requestIds };
  }

  return {
    /** Every registered row about the subject, with its retention class and a suggested action. */
    async discover(subject: Subject): Promise<DiscoveredRow[]> {
      const tables = await existingTables(knex);
      const resolved = { ...(await resolveSubject(knex, subject.email.toLowerCase())), emailKey: subject.emailKey };
      const found: DiscoveredRow[] = [];
      for (const entry of PERSONAL_DATA_REGISTRY) {
        if (!tables.has(entry.table)) continue;
        const query = rowsOf(knex, entry, resolved);
        if (!query) continue;
        const rows = (await query) as { rowKey: string }[];
        for (const row of rows) {
          found.push({
            sourceTable: entry.table, rowKey: row.rowKey, retentionClass: entry.retentionClass,
            personalColumns: [...entry.personalColumns], held: false, action: suggestedAction(entry, subject.rights),
          });
        }
      }
      return found;
    },

    /** The rows of the items to export, secrets left out, grouped by table. */
    async exportRows(items: readonly { sourceTable: string; rowKey: string }[], db: Knex = knex): Promise<Record<string, Record<string, unknown>[]>> {
      const out: Record<string, Record<string, unknown>[]> = {};
      // One query per table, not per row: an export of 10,000 rows is a handful of round trips.
      for (const [table, rowKeys] of byTable(items)) {
        const entry = registryEntry(table);
        if (!entry) continue;
        const rows = (await db(entry.table).whereRaw(`${entry.rowKey} = any(?)`, [rowKeys]).orderByRaw(entry.rowKey)) as Record<string, unknown>[];
        for (const row of rows) {
          const clean = Object.fromEntries(Object.entries(row).filter(([k, v]) => !SECRET_COLUMN.test(k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) && !Buffer.isBuffer(v)));
          (out[entry.table] ??= []).push(clean);
        }
      }
      return out;
    },

    /** Erase or anonymise the items as the registry says; returns how many rows changed. Retained entries are never touched. */
    /** Replace one column of a subject's row with the corrected value (rectification). */
    async rectify(entry: RegistryEntry, rowKey: string, column: string, value: string, db: Knex = knex): Promise<void> {
      await db(entry.table).whereRaw(`${entry.rowKey} = ?`, [rowKey]).update({ [column]: value });
    },

    async erase(items: readonly { sourceTable: string; rowKey: string }[], db: Knex = knex): Promise<number> {
      let changed = 0;
      for (const [table, rowKeys] of byTable(items)) {
        const entry = registryEntry(table);
        if (!entry) continue;
        changed += await eraseRows(db, entry, rowKeys);
      }
      return changed;
    },

    /** Items meant to go that still hold the subject's address or name (verification after execution). */
    async remaining(items: readonly { sourceTable: string; rowKey: string }[], subject: { email: string; name: string }): Promise<number> {
      let left = 0;
      for (const item of items) {
        const entry = registryEntry(item.sourceTable);
        if (!entry || entry.erasure.kind === 'retain') continue;
        const row = (await knex(entry.table).whereRaw(`${entry.rowKey} = ?`, [item.rowKey]).first()) as Record<string, unknown> | undefined;
        if (!row) continue;
        if (entry.erasure.kind === 'delete') { left += 1; continue; }
        const values = Object.values(row).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
        if (values.some((v) => v.includes(subject.email.toLowerCase()) || (subject.name.length > 2 && v === subject.name.toLowerCase()))) left += 1;
      }
      return left;
    },
  };
}
