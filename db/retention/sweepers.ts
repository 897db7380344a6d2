// What the daily retention sweep removes, per class: which rows are due (their
// clock's start plus the effective period lies before the sweep's `as_of`),
// which a legal hold keeps, and how a batch of them goes — deleted, or for a
// closed user account anonymised through the personal-data registry, the same
// erasure code a data-subject request uses (db/repositories/personal-data.ts).
// A batch is one statement set inside the caller's transaction; it returns the
// removed keys and their clock times, from which the certificate is made.
import type { Knex } from 'knex';
import { PERSONAL_DATA_REGISTRY, registryEntry } from '../personal-data-registry.ts';
import { eraseRows } from '../repositories/personal-data.ts';
import type { SettableRetentionClass } from '../../domain/retention/classes.ts';

export interface ClassSweeper {
  class: SettableRetentionClass;
  table: string;
  /** The row's key column (a uuid). */
  key: string;
  /** When the row's clock started (indexed: the due scan is a range scan on it). */
  at: string;
  /** The row's organisation, whose setting applies; null when only the platform's does. */
  org: string | null;
  /** Further conditions a due row meets (SQL on the table's columns). */
  where?: string;
  /** SQL that is true when a legal hold keeps the row. */
  held?: string;
  /** How a batch goes; by default the rows are deleted. */
  remove?: (trx: Knex.Transaction, keys: readonly string[]) => Promise<void>;
}

const userHeld = (column: string) =>
  `exists (select 1 from legal_holds h where h.released_at is null and h.scope_kind = 'user' and h.scope_key = ${column}::text)`;

/** A closed account's rows go as its erasure would take them: every registry entry that leads to the user, then the account itself. */
async function anonymiseUsers(trx: Knex.Transaction, userIds: readonly string[]): Promise<void> {
  for (const entry of PERSONAL_DATA_REGISTRY) {
    if (entry.subject.kind !== 'user' || entry.table === 'users') continue;
    const rows = (await trx(entry.table).whereIn(entry.subject.column, userIds as string[]).select(trx.raw(`${entry.rowKey} as row_key`))) as { rowKey: string }[];
    const keys = rows.map((r) => r.rowKey);
    await eraseRows(trx, entry, keys);
  }
  await eraseRows(trx, registryEntry('users')!, userIds);
}

export const CLASS_SWEEPERS: readonly ClassSweeper[] = [
  { class: 'session', table: 'sessions', key: 'id', at: 'expires_at', org: null, held: userHeld('user_id') },
  // Mail sent (or attempted): the log of who was mailed which template, for its period.
  { class: 'mail_log', table: 'mail_log', key: 'id', at: 'created_at', org: 'org_id', held: `recipient_user_id is not null and ${userHeld('recipient_user_id')}` },
  // A served export holds the full copy of the person's data: it goes seven days after it was made.
  {
    class: 'dsr_export', table: 'dsr_exports', key: 'request_id', at: 'created_at', org: null,
    held: `exists (select 1 from dsr_requests r join legal_holds h on h.scope_kind = 'email' and h.scope_key = r.email_key and h.released_at is null where r.id = dsr_exports.request_id)`,
  },
  // A closed request's record goes with its events, manifest and routed parts, unless a restriction,
  // objection or withdrawal it recorded is still in effect (that flag must outlive the record).
  {
    class: 'dsr_record', table: 'dsr_requests', key: 'id', at: 'closed_at', org: null,
    where: `closed_at is not null and not exists (select 1 from dsr_processing_flags f where f.request_id = dsr_requests.id and f.lifted_at is null)`,
    held: `exists (select 1 from legal_holds h where h.released_at is null and h.scope_kind = 'email' and h.scope_key = dsr_requests.email_key)`,
  },
  {
    class: 'user_account', table: 'users', key: 'id', at: 'deactivated_at', org: 'org_id',
    where: 'active = false and erased_at is null and deactivated_at is not null', held: userHeld('id'), remove: anonymiseUsers,
  },
];

export const sweeperFor = (cls: string): ClassSweeper | undefined => CLASS_SWEEPERS.find((s) => s.class === cls);

export interface DueCutoffs {
  /** Rows of organisations without a setting of their own (and platform rows) are due before this instant. */
  fallback: Date;
  /** Organisations with a setting of their own: their cutoff. */
  byOrg: ReadonlyMap<string, Date>;
}

/** The due rows' condition as SQL with its bindings (the table unaliased). */
function dueCondition(sweeper: ClassSweeper, cutoffs: DueCutoffs): { sql: string; bindings: Knex.Value[] } {
  const latest = new Date(Math.max(cutoffs.fallback.getTime(), ...[...cutoffs.byOrg.values()].map((d) => d.getTime())));
  const parts = [`${sweeper.at} < ?::timestamptz`];
  const bindings: Knex.Value[] = [latest];
  if (sweeper.org && cutoffs.byOrg.size) {
    const orgs = [...cutoffs.byOrg.keys()];
    const cases = orgs.map(() => `when ${sweeper.org} = ?::uuid then ?::timestamptz`).join(' ');
    parts.push(`${sweeper.at} < (case ${cases} else ?::timestamptz end)`);
    for (const org of orgs) bindings.push(org, cutoffs.byOrg.get(org)!);
    bindings.push(cutoffs.fallback);
  } else if (latest.getTime() !== cutoffs.fallback.getTime()) {
    parts.push(`${sweeper.at} < ?::timestamptz`);
    bindings.push(cutoffs.fallback);
  }
  if (sweeper.where) parts.push(`(${sweeper.where})`);
  if (sweeper.held) parts.push(`not (${sweeper.held})`);
  return { sql: parts.join(' and '), bindings };
}

export interface SweptBatch { keys: string[]; oldestAt: Date | null; newestAt: Date | null }

/** Remove up to `limit` due rows (oldest first) inside `trx`; returns their keys and clock times. */
export async function removeDueBatch(trx: Knex.Transaction, sweeper: ClassSweeper, cutoffs: DueCutoffs, limit: number): Promise<SweptBatch> {
  const due = dueCondition(sweeper, cutoffs);
  const pick = `select ${sweeper.key} from ${sweeper.table} where ${due.sql} order by ${sweeper.at} limit ? for update skip locked`;
  let rows: { key: string; at: Date }[];
  if (sweeper.remove) {
    rows = (await trx.raw(`select ${sweeper.key}::text as key, ${sweeper.at} as at from ${sweeper.table} where ${sweeper.key} in (${pick})`, [...due.bindings, limit])).rows;
    if (rows.length) await sweeper.remove(trx, rows.map((r) => r.key));
  } else {
    // One statement: pick the oldest due rows, lock them, delete them and say which went.
    rows = (await trx.raw(
      `with due as (${pick}) delete from ${sweeper.table} t using due where t.${sweeper.key} = due.${sweeper.key} returning t.${sweeper.key}::text as key, t.${sweeper.at} as at`,
      [...due.bindings, limit],
    )).rows;
  }
  const times = rows.map((r) => new Date(r.at).getTime());
  return {
    keys: rows.map((r) => r.key),
    oldestAt: times.length ? new Date(Math.min(...times)) : null,
    newestAt: times.length ? new Date(Math.max(...times)) : null,
  };
}

/** The due rows after a position, without removing them (a dry run's pages, and the check after a sweep). */
export async function dueAfter(
  knex: Knex, sweeper: ClassSweeper, cutoffs: DueCutoffs, after: { at: Date; key: string } | null, limit: number,
): Promise<SweptBatch & { last: { at: Date; key: string } | null }> {
  const due = dueCondition(sweeper, cutoffs);
  const position = after ? ` and (${sweeper.at}, ${sweeper.key}::text) > (?::timestamptz, ?)` : '';
  const rows = (await knex.raw(
    `select ${sweeper.key}::text as key, ${sweeper.at} as at from ${sweeper.table} where ${due.sql}${position} order by ${sweeper.at}, ${sweeper.key}::text limit ?`,
    [...due.bindings, ...(after ? [after.at, after.key] : []), limit],
  )).rows as { key: string; at: Date }[];
  const last = rows.at(-1);
  return { keys: rows.map((r) => r.key), oldestAt: rows[0]?.at ?? null, newestAt: last?.at ?? null, last: last ? { at: last.at, key: last.key } : null };
}

/** How many rows are due (held rows are not), and the oldest clock among them. */
export async function countDue(knex: Knex, sweeper: ClassSweeper, cutoffs: DueCutoffs): Promise<{ count: number; oldestAt: Date | null }> {
  const due = dueCondition(sweeper, cutoffs);
  const row = (await knex.raw(`select count(*)::int as count, min(${sweeper.at}) as oldest from ${sweeper.table} where ${due.sql}`, due.bindings)).rows[0] as { count: number; oldest: Date | null };
  return { count: row.count, oldestAt: row.oldest };
}

/** How many rows a legal hold keeps that would otherwise be due. */
export async function countHeld(knex: Knex, sweeper: ClassSweeper, cutoffs: DueCutoffs): Promise<number> {
  if (!sweeper.held) return 0;
  const due = dueCondition({ ...sweeper, held: undefined }, cutoffs);
  const row = (await knex.raw(`select count(*)::int as count from ${sweeper.table} where ${due.sql} and (${sweeper.held})`, due.bindings)).rows[0] as { count: number };
  return row.count;
}
