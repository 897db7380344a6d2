// clientnote erasure export|replay: the erasure ledger after a backup restore.
//   erasure export --since <ISO time>                  the ledger rows since then, as JSON on stdout
//   erasure replay --since <ISO time> [--ledger <file>] re-apply them to this database
// Without --ledger, replay reads the ledger of the database it repairs (a partial
// restore that kept the ledger); after a full restore, pass the export taken
// before the restore (the ledger holds keys and keyed hashes only, so the file may
// be kept beside the backups; it also lists the suppressions staff lifted, which a
// replay leaves lifted). Exit 0 when every entry was re-applied, 1 on a
// problem (nothing is changed then), 2 on a usage error.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../../config/index.ts';
import { createKnex } from '../../db/knex.ts';
import { createErasureLedgerRepository, replayErasures, type LedgerEntry, type SuppressionLift } from '../../db/repositories/erasure-ledger.ts';
import { createDocumentStorage } from '../../providers/storage/index.ts';
import { UsageError } from '../usage.ts';

const USAGE = 'usage: clientnote erasure export --since <ISO time> | clientnote erasure replay --since <ISO time> [--ledger <file>]';

const ledgerFile = z.object({
  entries: z.array(z.object({
    id: z.uuid(), requestId: z.uuid(), subjectKey: z.string().min(1).max(200), sourceTable: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    rowRefKind: z.enum(['key', 'hmac']), rowRef: z.string().min(1).max(500), action: z.enum(['erase', 'anonymise']), executedAt: z.iso.datetime({ offset: true }),
  })),
  // Lifted suppressions (exports from before they existed have none).
  suppressionLifts: z.array(z.object({ requestId: z.uuid(), liftedAt: z.iso.datetime({ offset: true }) })).default([]),
});

function parse(args: string[]): { sub: 'export' | 'replay'; since: Date; ledger: string | null } {
  const [sub, ...rest] = args;
  if (sub !== 'export' && sub !== 'replay') throw new UsageError(USAGE);
  let since: Date | null = null;
  let ledger: string | null = null;
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    const value = rest[i + 1];
    if ((flag === '--since' || flag === '--ledger') && value === undefined) throw new UsageError(`${flag} needs a value. ${USAGE}`);
    if (flag === '--since') {
      if (!z.iso.datetime({ offset: true }).safeParse(value).success && !z.iso.date().safeParse(value).success) {
        throw new UsageError(`--since must be an ISO 8601 time such as 2026-12-01T08:00:00Z, not '${value}'`);
      }
      since = new Date(value!);
      i += 1;
    } else if (flag === '--ledger' && sub === 'replay') {
      ledger = value!;
      i += 1;
    } else {
      throw new UsageError(`unknown option '${flag}'. ${USAGE}`);
    }
  }
  if (!since) throw new UsageError(`--since is required. ${USAGE}`);
  return { sub, since, ledger };
}

function readLedger(file: string, since: Date): { entries: LedgerEntry[]; lifts: SuppressionLift[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the ledger file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ledgerFile.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a ledger export (clientnote erasure export): ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const entries = parsed.data.entries
    .map((e) => ({ ...e, executedAt: new Date(e.executedAt).toISOString() }))
    .filter((e) => new Date(e.executedAt).getTime() >= since.getTime());
  return { entries, lifts: parsed.data.suppressionLifts };
}

export async function run(args: string[]): Promise<number> {
  const { sub, since, ledger } = parse(args);
  const config = loadConfig();
  const knex = createKnex(config.database.ownerUrl, { poolMax: 2 });
  try {
    const repository = createErasureLedgerRepository(knex, config.secret);
    if (sub === 'export') {
      const entries = await repository.since(since);
      // Lifted suppressions go along, so a replay does not suppress again what staff lifted.
      const suppressionLifts = await repository.suppressionLifts();
      process.stdout.write(JSON.stringify({ since: since.toISOString(), entries, suppressionLifts }) + '\n');
      process.stderr.write(`erasure export: ${entries.length} ledger entries since ${since.toISOString()}\n`);
      return 0;
    }
    const { entries, lifts } = ledger ? readLedger(ledger, since) : { entries: await repository.since(since), lifts: await repository.suppressionLifts() };
    const { storageKeys, ...result } = await replayErasures(knex, config.secret, entries, lifts);
    const ok = result.problems.length === 0;
    // Documents of re-erased parties: their rows (with the wrapped keys) are gone again; the files go too, if the restore brought them back.
    let documentsRemoved = 0;
    if (ok && storageKeys.length) {
      const storage = createDocumentStorage(config);
      for (const key of storageKeys) {
        await storage.delete(key);
        documentsRemoved += 1;
      }
    }
    process.stdout.write(JSON.stringify({ ok, since: since.toISOString(), source: ledger ? 'file' : 'database', ...result, documentsRemoved }) + '\n');
    for (const problem of result.problems) process.stderr.write(`erasure replay: ${problem}\n`);
    if (ok) process.stderr.write(`erasure replay: ${result.entries} entries re-applied (${result.alreadyErased} rows were already gone)\n`);
    else process.stderr.write('erasure replay: nothing was changed\n');
    return ok ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}
