// A screening index kept on disk between command runs, so that `screening
// search` from the command line answers in well under a second instead of
// rebuilding the index (seconds) on every call. One snapshot file per data
// directory, named by a hash of the current list versions' signature and of
// the matcher's own source (a change to normalisation or blocking keys makes
// an old snapshot useless): when either changes the name changes, the old
// file is removed and a new one written. Written to a temporary file and
// renamed, so a reader never sees half a snapshot; an unreadable snapshot is
// rebuilt, never trusted.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { ListEntity } from '../domain/screening/entity.ts';
import { ScreeningIndex, type IndexSnapshot } from './index.ts';

/** Bumped when the snapshot's shape changes. */
const SNAPSHOT_FORMAT = 2;
const here = dirname(fileURLToPath(import.meta.url));

let fingerprint: string | undefined;

/** Hash of the code that decides what the index holds: domain/screening and screening/index.ts. */
export function matcherFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  const domainDir = resolve(here, '../domain/screening');
  try {
    for (const file of readdirSync(domainDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) hash.update(file).update(readFileSync(join(domainDir, file)));
    hash.update(readFileSync(resolve(here, 'index.ts')));
  } catch {
    // sources not beside the running code (a bundle): the format version alone keys the snapshot
  }
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}

export function snapshotDir(dataDir: string): string {
  return resolve(dataDir, 'screening-index');
}

function fileFor(dataDir: string, signature: string): string {
  const key = createHash('sha256').update(matcherFingerprint()).update('\n').update(signature).digest('hex').slice(0, 32);
  return join(snapshotDir(dataDir), `index-${key}.v8`);
}

/** The snapshot for these list versions, or null when there is none (or it cannot be read). */
export function readIndexSnapshot(dataDir: string, signature: string): ScreeningIndex | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fileFor(dataDir, signature));
  } catch {
    return null;
  }
  try {
    const stored = deserialize(bytes) as { signature: string; entities: string; snapshot: Omit<IndexSnapshot, 'entities'> };
    if (stored.signature !== signature) return null;
    return ScreeningIndex.fromSnapshot({ ...stored.snapshot, entities: JSON.parse(stored.entities) as ListEntity[] });
  } catch {
    return null;
  }
}

/** Store the index for these list versions and remove snapshots of older ones. */
export function writeIndexSnapshot(dataDir: string, signature: string, index: ScreeningIndex): string {
  const dir = snapshotDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = fileFor(dataDir, signature);
  const tmp = `${file}.${process.pid}.tmp`;
  const { entities, ...rest } = index.toSnapshot();
  // entities as JSON text: JSON.parse reads 16,000 entities about ten times faster than v8's deserializer
  writeFileSync(tmp, serialize({ signature, entities: JSON.stringify(entities), snapshot: rest }));
  renameSync(tmp, file);
  for (const other of readdirSync(dir)) {
    if (join(dir, other) !== file && /^index-[0-9a-f]+\.v8$/.test(other)) rmSync(join(dir, other), { force: true });
  }
  return file;
}

/**
 * The index for these list versions: from the snapshot when there is one,
 * otherwise built from `load()` and stored. `cached` says which happened.
 */
export async function cachedIndex(dataDir: string, signature: string, load: () => Promise<readonly ListEntity[]>): Promise<{ index: ScreeningIndex; cached: boolean; storeError?: Error }> {
  const stored = readIndexSnapshot(dataDir, signature);
  if (stored) return { index: stored, cached: true };
  const index = ScreeningIndex.build(await load());
  try {
    writeIndexSnapshot(dataDir, signature, index);
  } catch (error) {
    // a read-only data directory costs speed, not the answer
    return { index, cached: false, storeError: error as Error };
  }
  return { index, cached: false };
}
