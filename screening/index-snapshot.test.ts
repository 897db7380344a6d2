// The index snapshot the command line keeps between runs: a loaded snapshot
// answers exactly as the index it was made from, is found again for the same
// list versions, and is replaced when the versions change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScreeningIndex } from './index.ts';
import { cachedIndex, readIndexSnapshot, snapshotDir } from './index-snapshot.ts';
import { DEMO_LIST } from './demo-list/demo-list.ts';
import type { ListEntity } from '../domain/screening/entity.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientnote-snapshot-test-'));
test.after(() => rmSync(dataDir, { recursive: true, force: true }));

const extra: ListEntity = {
  id: 'demo:nordlys', list: 'demo', sourceId: 'nordlys', schema: 'Company', names: [{ full: 'Nordlys Shipping A/S', type: 'primary' }, { full: 'Northern Light Shipping', type: 'weak_alias' }],
  birthDates: [], countries: ['DK'], nationalities: [], identifiers: [], programmes: [], demo: true,
};
const entities = [...DEMO_LIST.entities, extra];

const QUERIES = [
  { schema: 'Person' as const, name: 'Sokolov Viktor', birthDate: { kind: 'year' as const, year: 1961, approximate: false } },
  { schema: 'Person' as const, name: 'Kareem Yusuf Demouri' },
  { schema: 'Company' as const, name: 'Nordlys Shiping ApS' },
  { schema: 'Company' as const, name: 'Northern Light Shipping' },
];

test('a snapshot answers exactly as the index it was made from', () => {
  const built = ScreeningIndex.build(entities);
  const loaded = ScreeningIndex.fromSnapshot(structuredClone(built.toSnapshot()));
  assert.is(loaded.nameCount, built.nameCount);
  assert.is(loaded.keyCount, built.keyCount);
  for (const q of QUERIES) assert.equal(loaded.search(q, { minScore: 0.3 }), built.search(q, { minScore: 0.3 }), q.name);
  assert.ok(built.search(QUERIES[2]!)[0]?.match, 'the sample query is a real hit');
  // a snapshot of a loaded snapshot is the same snapshot
  assert.equal(loaded.toSnapshot(), built.toSnapshot());
});

test('cachedIndex builds once per list versions and replaces the snapshot when they change', async () => {
  let loads = 0;
  const load = async () => { loads++; return entities; };
  const first = await cachedIndex(dataDir, 'demo@1#a', load);
  assert.is(first.cached, false);
  assert.is(first.storeError, undefined);
  const second = await cachedIndex(dataDir, 'demo@1#a', load);
  assert.is(second.cached, true);
  assert.is(loads, 1, 'the second call does not load the entities');
  assert.equal(second.index.search(QUERIES[0]!), first.index.search(QUERIES[0]!));
  assert.is(readIndexSnapshot(dataDir, 'demo@2#b'), null);
  const third = await cachedIndex(dataDir, 'demo@2#b', load);
  assert.is(third.cached, false);
  assert.is(readdirSync(snapshotDir(dataDir)).length, 1, 'the old snapshot is removed');
});

test('a damaged snapshot is rebuilt, never trusted', async () => {
  await cachedIndex(dataDir, 'demo@3#c', async () => entities);
  const [file] = readdirSync(snapshotDir(dataDir));
  writeFileSync(join(snapshotDir(dataDir), file!), 'not a snapshot');
  assert.is(readIndexSnapshot(dataDir, 'demo@3#c'), null);
  const again = await cachedIndex(dataDir, 'demo@3#c', async () => entities);
  assert.is(again.cached, false);
  assert.ok(again.index.search(QUERIES[1]!)[0]?.match);
});

test.run();
