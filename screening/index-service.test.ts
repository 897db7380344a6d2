// The index service rebuilds when a new list version lands, checking at most
// once per interval (a fake clock here), and refresh() checks at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKnex } from '../db/knex.ts';
import { resetDatabase, testConfig } from '../test/harness/platform.ts';
import { createIndexService } from './index-service.ts';
import { createStoredScreener } from './party-screener.ts';
import { importParsedList } from './store.ts';
import { DEMO_LIST } from './demo-list/demo-list.ts';

const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 2 });
test.after(() => knex.destroy());

test('built from the current versions, rebuilt only when a new version landed', async () => {
  await resetDatabase({ demoLists: false });
  let clock = 0;
  const service = createIndexService(knex, { checkEveryMs: 1000, now: () => clock });
  const empty = await service.current();
  assert.is(empty.index.entities.length, 0);
  assert.is(empty.signature, '');

  await importParsedList(knex, DEMO_LIST, { source: 'demo' });
  assert.is(await service.current(), empty, 'within the interval the index is not checked again');
  clock = 1000;
  const first = await service.current();
  assert.match(first.signature, /^demo@1#[0-9a-f-]{36}$/);
  assert.is(first.index.entities.length, DEMO_LIST.entities.length);
  assert.ok(first.contentHash.get('demo:viktor-sokolov')?.match(/^[0-9a-f]{64}$/));
  clock = 2000;
  assert.is(await service.current(), first, 'same versions: the same index, not rebuilt');

  const extra = { ...DEMO_LIST.entities[0]!, id: 'demo:extra-person', sourceId: 'extra-person', names: [{ full: 'Extra Demo Person', type: 'primary' as const }] };
  await importParsedList(knex, { ...DEMO_LIST, entities: [...DEMO_LIST.entities, extra] }, { source: 'demo' });
  const second = await service.refresh();
  assert.match(second.signature, /^demo@2#[0-9a-f-]{36}$/);
  assert.is((await service.search({ schema: 'Person', name: 'Extra Demo Person' }))[0]?.entityId, 'demo:extra-person');
  assert.ok(first.contentHash.get('demo:viktor-sokolov') === second.contentHash.get('demo:viktor-sokolov'), 'unchanged entity keeps its hash');
});

test('a list emptied and imported again as version 1 with other content is a new signature: the index is rebuilt', async () => {
  const service = createIndexService(knex, { checkEveryMs: 0 });
  const before = await service.current();
  await resetDatabase({ demoLists: false });
  const other = { ...DEMO_LIST.entities[0]!, id: 'demo:other-person', sourceId: 'other-person', names: [{ full: 'Other Demo Person', type: 'primary' as const }] };
  await importParsedList(knex, { ...DEMO_LIST, entities: [other] }, { source: 'demo' });
  const after = await service.current();
  assert.is.not(after.signature, before.signature);
  assert.equal(after.index.entities.map((e) => e.id), ['demo:other-person']);
});

test('resetDatabase stores both shipped demo lists, as start does', async () => {
  await resetDatabase();
  const service = createIndexService(knex, { checkEveryMs: 0 });
  const current = await service.current();
  assert.match(current.signature, /^demo@1#[0-9a-f-]{36},demo-pep@1#[0-9a-f-]{36}$/);
  assert.ok(current.entityById.get('demo-pep:jens-peter-vestergaard')?.demo);
});

test('watch(): a new version is indexed when it lands, before anyone searches', async () => {
  const service = createIndexService(knex, { checkEveryMs: 60_000 });
  const before = await service.refresh();
  const stop = service.watch(50);
  try {
    const extra = { ...DEMO_LIST.entities[0]!, id: 'demo:watched-person', sourceId: 'watched-person', names: [{ full: 'Watched Demo Person', type: 'primary' as const }] };
    await importParsedList(knex, { ...DEMO_LIST, entities: [...DEMO_LIST.entities, extra] }, { source: 'demo' });
    const deadline = Date.now() + 5000;
    while (service.peek()?.signature === before.signature && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const now = service.peek()!;
    assert.is.not(now.signature, before.signature, 'rebuilt in the background');
    assert.ok(now.entityById.has('demo:watched-person'));
  } finally {
    stop();
  }
});

test('concurrent callers share one rebuild', async () => {
  const service = createIndexService(knex, { checkEveryMs: 0 });
  const [a, b, c] = await Promise.all([service.current(), service.current(), service.current()]);
  assert.is(a, b);
  assert.is(b, c);
});

test('the stored screener: matches only, with listed facts, content hash and category', async () => {
  const screener = createStoredScreener(knex);
  const hits = await screener.screen({ schema: 'Person', name: 'Viktor Petrov Sokolov', birthDate: { kind: 'exact', date: '1961-04-12' } });
  assert.is(hits.length, 1);
  const [hit] = hits;
  assert.is(hit!.entityId, 'demo:viktor-sokolov');
  assert.is(hit!.category, 'sanctions');
  assert.is(hit!.entity.demo, true);
  assert.equal(hit!.entity.nationalities, ['RU']);
  assert.match(hit!.contentHash, /^[0-9a-f]{64}$/);
  assert.equal(await screener.screen({ schema: 'Person', name: 'Viktor Petrov Sokolov' }, { threshold: 1.01 }), []);
  assert.equal(await screener.screen({ schema: 'Person', name: 'Mette Kristoffersen' }), []);
  const [pep] = await screener.screen({ schema: 'Person', name: 'Jens Peter Vestergaard', birthDate: { kind: 'exact', date: '1963-07-14' }, country: 'DK' });
  assert.equal([pep?.entityId, pep?.list, pep?.category, pep?.entity.demo], ['demo-pep:jens-peter-vestergaard', 'demo-pep', 'pep', true]);
});

test.run();
