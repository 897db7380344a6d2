// List versions in Postgres. An import is one transaction: the new version row,
// its diff against the list's previous version (added, changed, removed, by
// content hash) and the entity rows, or nothing at all. A list entity row lives
// from the version that added or changed it until the version that changed or
// removed it; the current list is the rows not yet closed.
import { createHash } from 'node:crypto';
import type { Knex } from '../db/knex.ts';
import type { ListEntity, ListId } from '../domain/screening/entity.ts';
import { ListFormatError, type ListFormat, type ParsedList, type Repair } from './list-format.ts';

export type VersionSource = 'file' | 'update' | 'demo';

/** What can become a list version: a parsed file, or the shipped demo list. */
export type StorableList = Omit<ParsedList, 'format'> & { format: ListFormat | 'demo' };

export interface ImportReport {
  list: ListId;
  format: ListFormat | 'demo';
  /** The new version number, or the current one when `unchanged` and nothing was stored. */
  version: number;
  versionId: string;
  publishedAt: string | null;
  entities: number;
  added: number;
  changed: number;
  removed: number;
  repaired: Repair[];
  stored: boolean;
  /** True when the content equals the current version's (`skipIfUnchanged` then stores nothing). */
  unchanged: boolean;
}

export interface ListStatus {
  list: string;
  version: number;
  versionId: string;
  format: string;
  source: string;
  publishedAt: string | null;
  importedAt: string;
  entityCount: number;
  added: number;
  changed: number;
  removed: number;
  /** Whole days since the import. */
  ageDays: number;
}

export interface VersionChanges {
  versionId: string;
  list: string;
  /** Added and changed entities as they are in this version. */
  entities: ListEntity[];
  added: string[];
  changed: string[];
  removed: string[];
}

const INSERT_BATCH = 1000;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonical(v)).join(',') + '}';
  }
  return JSON.stringify(value);
}

/** SHA-256 of the entity's canonical JSON: key order and undefined fields do not change it. */
export function entityContentHash(entity: ListEntity): string {
  return createHash('sha256').update(canonical(entity)).digest('hex');
}

export interface ImportOptions {
  source: VersionSource;
  /** Store nothing when the content equals the current version (the demo list at every start). */
  skipIfUnchanged?: boolean;
  /** Called as entity rows are written: done of total. */
  onProgress?: (done: number, total: number) => void;
  now?: Date;
}

/** Store a parsed list as the list's next version, all or nothing. */
export async function importParsedList(knex: Knex, parsed: StorableList, options: ImportOptions): Promise<ImportReport> {
  if (parsed.entities.length === 0) throw new ListFormatError(`the ${parsed.format} file holds no entities; an empty list is never imported over a real one`);
  const byId = new Map<string, { entity: ListEntity; hash: string }>();
  for (const entity of parsed.entities) {
    if (entity.list !== parsed.list) throw new ListFormatError(`entity ${entity.id} belongs to list ${entity.list}, not ${parsed.list}`);
    if (byId.has(entity.id)) throw new ListFormatError(`the file lists entity ${entity.id} twice`);
    byId.set(entity.id, { entity, hash: entityContentHash(entity) });
  }
  const listHash = createHash('sha256').update([...byId.entries()].map(([id, e]) => `${id}:${e.hash}`).sort().join('\n')).digest('hex');

  return knex.transaction(async (trx) => {
    // One import per list at a time: version numbers and the diff stay consistent.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`clientnote:list:${parsed.list}`]);
    const previous = await trx('list_versions').where({ list: parsed.list }).orderBy('version', 'desc').first() as { id: string; version: number; contentHash: string } | undefined;
    const base = { list: parsed.list, format: parsed.format, publishedAt: parsed.publishedAt ?? null, entities: byId.size, repaired: parsed.repairs };
    if (previous && options.skipIfUnchanged && previous.contentHash === listHash) {
      return { ...base, version: previous.version, versionId: previous.id, added: 0, changed: 0, removed: 0, stored: false, unchanged: true };
    }
    const current = (await trx('list_entities').where({ list: parsed.list }).whereNull('toVersionId').select('id', 'entityId', 'contentHash')) as Array<{ id: string; entityId: string; contentHash: string }>;
    const currentById = new Map(current.map((row) => [row.entityId, row]));
    const added: string[] = [];
    const changed: string[] = [];
    const removed: Array<{ entityId: string; contentHash: string; rowId: string }> = [];
    for (const [id, { hash }] of byId) {
      const old = currentById.get(id);
      if (!old) added.push(id);
      else if (old.contentHash !== hash) changed.push(id);
    }
    for (const row of current) if (!byId.has(row.entityId)) removed.push({ entityId: row.entityId, contentHash: row.contentHash, rowId: row.id });

    const [version] = (await trx('list_versions')
      .insert({
        list: parsed.list,
        version: (previous?.version ?? 0) + 1,
        format: parsed.format,
        source: options.source,
        publishedAt: parsed.publishedAt ?? null,
        contentHash: listHash,
        entityCount: byId.size,
        added: added.length,
        changed: changed.length,
        removed: removed.length,
        repairs: JSON.stringify(parsed.repairs),
        ...(options.now ? { importedAt: options.now } : {}),
      })
      .returning(['id', 'version'])) as Array<{ id: string; version: number }>;
    const versionId = version!.id;

    const closing = [...changed.map((id) => currentById.get(id)!.id), ...removed.map((r) => r.rowId)];
    for (let i = 0; i < closing.length; i += INSERT_BATCH) {
      await trx('list_entities').whereIn('id', closing.slice(i, i + INSERT_BATCH)).update({ toVersionId: versionId });
    }
    const writing = [...added, ...changed];
    options.onProgress?.(0, writing.length);
    for (let i = 0; i < writing.length; i += INSERT_BATCH) {
      const rows = writing.slice(i, i + INSERT_BATCH).map((id) => {
        const { entity, hash } = byId.get(id)!;
        return { list: parsed.list, entityId: id, contentHash: hash, data: JSON.stringify(entity), fromVersionId: versionId };
      });
      await trx('list_entities').insert(rows);
      options.onProgress?.(Math.min(i + INSERT_BATCH, writing.length), writing.length);
    }
    const changes = [
      ...added.map((id) => ({ listVersionId: versionId, entityId: id, change: 'added', contentHash: byId.get(id)!.hash })),
      ...changed.map((id) => ({ listVersionId: versionId, entityId: id, change: 'changed', contentHash: byId.get(id)!.hash })),
      ...removed.map((r) => ({ listVersionId: versionId, entityId: r.entityId, change: 'removed', contentHash: r.contentHash })),
    ];
    for (let i = 0; i < changes.length; i += INSERT_BATCH) await trx('list_version_changes').insert(changes.slice(i, i + INSERT_BATCH));
    return { ...base, version: version!.version, versionId, added: added.length, changed: changed.length, removed: removed.length, stored: true, unchanged: false };
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The newest version of every list, oldest import first in age order by list id. */
export async function listStatus(knex: Knex, now: Date = new Date()): Promise<ListStatus[]> {
  const rows = (await knex('list_versions as v')
    .whereNotExists((q) => q.select(knex.raw('1')).from('list_versions as w').whereRaw('w.list = v.list and w.version > v.version'))
    .orderBy('v.list')
    .select('v.*')) as Array<{ id: string; list: string; version: number; format: string; source: string; publishedAt: string | null; importedAt: Date; entityCount: number; added: number; changed: number; removed: number }>;
  return rows.map((r) => ({
    list: r.list,
    version: r.version,
    versionId: r.id,
    format: r.format,
    source: r.source,
    publishedAt: r.publishedAt,
    importedAt: new Date(r.importedAt).toISOString(),
    entityCount: r.entityCount,
    added: r.added,
    changed: r.changed,
    removed: r.removed,
    ageDays: Math.max(0, Math.floor((now.getTime() - new Date(r.importedAt).getTime()) / DAY_MS)),
  }));
}

/**
 * Identifies the set of current versions: it changes exactly when a new version
 * lands. The version id is part of it, so a list emptied and imported again
 * (version 1 once more, other content) is a new signature too.
 */
export async function currentVersionsSignature(knex: Knex): Promise<string> {
  const rows = (await knex('list_versions').distinctOn('list').orderBy([{ column: 'list' }, { column: 'version', order: 'desc' }]).select('list', 'version', 'id')) as Array<{ list: string; version: number; id: string }>;
  return rows.map((r) => `${r.list}@${r.version}#${r.id}`).join(',');
}

/** Every entity of every list's current version, with each entity's content hash. */
export async function currentEntities(knex: Knex): Promise<{ entities: ListEntity[]; hashes: Map<string, string> }> {
  const rows = (await knex('list_entities').whereNull('toVersionId').orderBy('id').select('data', 'contentHash')) as Array<{ data: ListEntity; contentHash: string }>;
  return { entities: rows.map((r) => r.data), hashes: new Map(rows.map((r) => [r.data.id, r.contentHash])) };
}

/** What a version added, changed and removed, with the added and changed entities as they are in it. */
export async function versionChanges(knex: Knex, versionId: string): Promise<VersionChanges> {
  const version = (await knex('list_versions').where({ id: versionId }).first('list')) as { list: string } | undefined;
  if (!version) throw new Error(`no list version ${versionId}`);
  const changes = (await knex('list_version_changes').where({ listVersionId: versionId }).select('entityId', 'change')) as Array<{ entityId: string; change: string }>;
  const rows = (await knex('list_entities').where({ fromVersionId: versionId }).orderBy('id').select('data')) as Array<{ data: ListEntity }>;
  const pick = (kind: string) => changes.filter((c) => c.change === kind).map((c) => c.entityId).sort();
  return { versionId, list: version.list, entities: rows.map((r) => r.data), added: pick('added'), changed: pick('changed'), removed: pick('removed') };
}

/** The content hash an entity has in the current version (null when not listed now): for remembered hit decisions. */
export async function currentContentHash(knex: Knex, entityId: string): Promise<string | null> {
  const row = (await knex('list_entities').where({ entityId }).whereNull('toVersionId').first('contentHash')) as { contentHash: string } | undefined;
  return row?.contentHash ?? null;
}
