// Re-screening: only a version's added and changed entities are compared (the
// comparison count proves it), removed ones raise nothing, the hits carry the
// entity's content hash, and worker threads give the same answer as one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKnex } from '../db/knex.ts';
import { resetDatabase, testConfig } from '../test/harness/platform.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import { DEMO_LIST } from './demo-list/demo-list.ts';
import { entityContentHash, importParsedList } from './store.ts';
import { rescreenAgainstVersion, rescreenParties, rescreenPartiesParallel, type PartyQuery } from './rescreen.ts';

const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 2 });
test.after(() => knex.destroy());

const person = (slug: string, name: string, extra: Partial<ListEntity> = {}): ListEntity => ({
  id: `demo:${slug}`, list: 'demo', sourceId: slug, schema: 'Person', names: [{ full: name, type: 'primary' }],
  birthDates: [], countries: [], nationalities: [], identifiers: [], programmes: ['TEST'], demo: true, ...extra,
});

// 200 parties with ordinary Danish names that share no name part with any listed entry, plus three owners to find.
const GIVEN = ['Mette', 'Lars', 'Søren', 'Hanne', 'Birgitte', 'Jesper', 'Camilla', 'Henrik', 'Louise', 'Rasmus'];
const FAMILY = ['Kristoffersen', 'Thygesen', 'Damgaard', 'Kjærsgaard', 'Lykkegaard', 'Bundgaard', 'Vestergaard', 'Overgaard', 'Højgaard', 'Skovgaard',
  'Møllerup', 'Fuglsang', 'Brøndum', 'Kirkegaard', 'Ravnsbæk', 'Elkjær', 'Bjerregaard', 'Holmgaard', 'Sønderby', 'Nørgaard'];
const ordinary: PartyQuery[] = GIVEN.flatMap((g, i) => FAMILY.map((f, j) => ({ partyId: `p-${i}-${j}`, query: { schema: 'Person' as const, name: `${g} ${f}` } })));
const owners: PartyQuery[] = [
  { partyId: 'owner-sokolov', query: { schema: 'Person', name: 'Viktor Sokolov', birthDate: { kind: 'exact', date: '1961-04-12' } } },
  { partyId: 'owner-new', query: { schema: 'Person', name: 'Oksana Brylovskaya' } },
  { partyId: 'owner-removed', query: { schema: 'Person', name: 'Irina Olegovna Valtseva' } },
  // listed, but unchanged in the new version: screened when it was listed, not again
  { partyId: 'owner-unchanged', query: { schema: 'Person', name: 'Karim Yusuf al-Demouri' } },
];
const parties = [...ordinary, ...owners];

test('against a version: only added and changed entities are compared; removed ones raise nothing', async () => {
  await resetDatabase({ demoLists: false });
  await importParsedList(knex, DEMO_LIST, { source: 'demo' });
  // Version 2: Sokolov changed (a new alias), a new person added, Valtseva removed, the rest unchanged.
  const entities = DEMO_LIST.entities
    .filter((e) => e.id !== 'demo:irina-valtseva')
    .map((e) => (e.id === 'demo:viktor-sokolov' ? { ...e, names: [...e.names, { full: 'Viktor P. Sokolov', type: 'alias' as const }] } : e));
  entities.push(person('oksana-brylovskaya', 'Oksana Brylovskaya'));
  const v2 = await importParsedList(knex, { ...DEMO_LIST, entities }, { source: 'demo' });
  assert.equal([v2.added, v2.changed, v2.removed], [1, 1, 1]);

  const result = await rescreenAgainstVersion(knex, v2.versionId, parties);
  assert.is(result.entities, 2, 'the changed and the added entity, nothing else');
  assert.is(result.parties, parties.length);
  // Each owner is compared with its one entry; the 200 ordinary names share no blocking key with either.
  assert.is(result.comparisons, 2);
  assert.equal(result.removed, ['demo:irina-valtseva']);
  assert.equal(result.hits.map((h) => [h.partyId, h.hit.entityId]), [['owner-sokolov', 'demo:viktor-sokolov'], ['owner-new', 'demo:oksana-brylovskaya']]);
  const sokolov = entities.find((e) => e.id === 'demo:viktor-sokolov')!;
  assert.is(result.hits[0]!.contentHash, entityContentHash(sokolov));
  assert.is(result.hits[0]!.hit.demo, true);

  // Against the whole current list the unchanged listed owner is compared (and hit) again.
  const full = rescreenParties(entities, parties);
  assert.is(full.comparisons, 3);
  assert.ok(full.hits.some((h) => h.partyId === 'owner-unchanged'));
});

test('a version that only removed entities compares nothing', async () => {
  const entities = DEMO_LIST.entities.filter((e) => e.id !== 'demo:mv-demo-aurora');
  const current = await knex('list_entities').where({ list: 'demo' }).whereNull('toVersionId').select('data');
  const v3 = await importParsedList(knex, { ...DEMO_LIST, entities: current.map((r: { data: ListEntity }) => r.data).filter((e: ListEntity) => e.id !== 'demo:mv-demo-aurora') }, { source: 'demo' });
  assert.equal([v3.added, v3.changed, v3.removed], [0, 0, 1]);
  const result = await rescreenAgainstVersion(knex, v3.versionId, parties);
  assert.equal([result.entities, result.comparisons, result.hits.length], [0, 0, 0]);
  assert.ok(entities.length > 0);
});

test('worker threads give the same hits and count as one thread, with progress', async () => {
  const many = Array.from({ length: 4 }, (_, k) => parties.map((p) => ({ ...p, partyId: `${p.partyId}#${k}` }))).flat();
  const single = rescreenParties(DEMO_LIST.entities, many);
  const progress: number[] = [];
  const parallel = await rescreenPartiesParallel(DEMO_LIST.entities, many, { threads: 2, minPartiesPerThread: 10, progressEvery: 100, onProgress: (done) => progress.push(done) });
  assert.is(parallel.comparisons, single.comparisons);
  assert.equal(parallel.hits.map((h) => h.partyId), single.hits.map((h) => h.partyId));
  assert.ok(single.hits.length >= 4);
  assert.is(Math.max(...progress), many.length);
});

test.run();
