// POST /screening/search, GET /lists and the organisation threshold over real
// HTTP, with the demo list stored as a list version.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { login, request, resetDatabase, startApi, type RunningApi } from '../../test/harness/platform.ts';
import { importParsedList } from '../../screening/store.ts';
import { DEMO_LIST } from '../../screening/demo-list/demo-list.ts';

const t = suite('screening API');
let server: RunningApi;

t.before(async () => {
  await resetDatabase({ demoLists: false });
  server = await startApi();
});
t.after(async () => {
  await server?.close();
});

const sokolov = { schema: 'Person', name: 'Viktor Petrov Sokolov', birthDate: '1961-04-12', country: 'RU' };

t('without a login: 401', async () => {
  assert.is((await request(server.baseUrl, 'POST', '/api/v1/screening/search', sokolov)).status, 401);
  assert.is((await request(server.baseUrl, 'GET', '/api/v1/lists')).status, 401);
});

t('no lists imported: no hits, and GET /lists is empty', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const res = await handler.request('POST', '/api/v1/screening/search', sokolov);
  assert.is(res.status, 200);
  assert.equal(res.body.hits, []);
  const lists = await handler.request('GET', '/api/v1/lists');
  assert.equal(lists.body.items, []);
});

t('single search finds the demo entry, marked demo, with an explanation', async () => {
  await importParsedList(server.knex, DEMO_LIST, { source: 'demo' });
  const handler = await login(server.baseUrl, 'handler@demo.test');
  // the index checks for new versions every few seconds; this API process has not built it yet
  const res = await handler.request('POST', '/api/v1/screening/search', { ...sokolov, name: 'Sokolov, Viktor' });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.is(res.body.threshold, 0.8);
  const [hit] = res.body.hits;
  assert.is(hit.entityId, 'demo:viktor-sokolov');
  assert.is(hit.list, 'demo');
  assert.is(hit.match, true);
  assert.is(hit.demo, true);
  assert.type(hit.explanation, 'object');
});

t('batch: one result per query, in order', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const res = await handler.request('POST', '/api/v1/screening/search', {
    queries: [{ schema: 'Company', name: 'Nordlys Demo Shipping Limited' }, { schema: 'Person', name: 'Jane Nobody Unlisted' }, sokolov],
  });
  assert.is(res.status, 200, JSON.stringify(res.body));
  assert.is(res.body.results.length, 3);
  assert.is(res.body.results[0].hits[0].entityId, 'demo:nordlys-demo-shipping');
  assert.equal(res.body.results[1].hits, []);
  assert.is(res.body.results[2].hits[0].entityId, 'demo:viktor-sokolov');
});

t('hostile names: zero-width and bidi marks, mixed scripts, punctuation only, empty, 10,000 characters', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const search = (body: unknown) => handler.request('POST', '/api/v1/screening/search', body);
  const hidden = await search({ schema: 'Person', name: 'Vik\u200btor\u200f Petrov\u2066 Soko\u200dlov' });
  assert.is(hidden.body.hits[0]?.entityId, 'demo:viktor-sokolov', 'invisible marks do not hide a listed name');
  const mixed = await search({ schema: 'Person', name: 'Виктор Petrov Соколов' });
  assert.is(mixed.body.hits[0]?.entityId, 'demo:viktor-sokolov', 'mixed scripts');
  const punctuation = await search({ schema: 'Person', name: '!!! --- ...' });
  assert.is(punctuation.status, 200);
  assert.equal(punctuation.body.hits, []);
  for (const bad of [
    { schema: 'Person', name: '' },
    { schema: 'Person', name: '   ' },
    { schema: 'Person', name: 'x'.repeat(10_000) },
    { schema: 'Vessel', name: 'DEMO AURORA' },
    { schema: 'Person', name: 'A B', birthDate: '1961-13-01' },
    { schema: 'Person', name: 'A B', country: 'Narnia' },
    { schema: 'Person', name: 'A B', limit: 0 },
    { schema: 'Person', name: 'A B', extra: 'field' },
    { queries: [] },
    { queries: Array.from({ length: 101 }, () => sokolov) },
    { queries: [{ schema: 'Person' }] },
  ]) {
    const res = await search(bad);
    assert.is(res.status, 400, JSON.stringify(bad).slice(0, 80));
    assert.is(res.body.error.code, 'validation_failed');
  }
});

t('GET /lists shows version and age; a stale list is flagged', async () => {
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const fresh = await handler.request('GET', '/api/v1/lists');
  assert.is(fresh.status, 200);
  assert.is(fresh.body.maxAgeDays, 7);
  const [demo] = fresh.body.items;
  assert.is(demo.list, 'demo');
  assert.is(demo.version, 1);
  assert.is(demo.ageDays, 0);
  assert.is(demo.stale, false);
  await server.knex('list_versions').where({ list: 'demo' }).update({ importedAt: new Date(Date.now() - 9 * 86_400_000) });
  const old = await handler.request('GET', '/api/v1/lists');
  assert.is(old.body.items[0].ageDays, 9);
  assert.is(old.body.items[0].stale, true);
});

t('the threshold is per organisation: the org admin sets it, the search uses it, other roles may not', async () => {
  const admin = await login(server.baseUrl, 'admin@demo.test');
  const handler = await login(server.baseUrl, 'handler@demo.test');
  const nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  const typo = { schema: 'Person', name: 'Viktor Petrof Sokolow' };
  const before = await handler.request('POST', '/api/v1/screening/search', typo);
  assert.ok(before.body.hits[0]?.match, 'matches at the default threshold');
  assert.ok(before.body.hits[0].score < 0.99);

  assert.is((await handler.request('PUT', '/api/v1/screening/settings', { threshold: 0.99 })).status, 403);
  for (const bad of [{ threshold: 0.2 }, { threshold: 1.5 }, { threshold: 'high' }, {}]) {
    assert.is((await admin.request('PUT', '/api/v1/screening/settings', bad)).status, 400, JSON.stringify(bad));
  }
  const set = await admin.request('PUT', '/api/v1/screening/settings', { threshold: 0.99 });
  assert.is(set.status, 200, JSON.stringify(set.body));
  assert.is(set.body.threshold, 0.99);
  const after = await handler.request('POST', '/api/v1/screening/search', typo);
  assert.is(after.body.threshold, 0.99);
  assert.equal(after.body.hits, [], 'below the organisation threshold');
  const elsewhere = await nordisk.request('POST', '/api/v1/screening/search', typo);
  assert.is(elsewhere.body.threshold, 0.8, 'another organisation keeps the default');
  assert.ok(elsewhere.body.hits[0]?.match);
  const audited = await server.knex('audit_events').where({ action: 'screening.threshold_changed' });
  assert.is(audited.length, 1);
  assert.is((await admin.request('PUT', '/api/v1/screening/settings', { threshold: null })).body.threshold, 0.8);
});

t.run();
