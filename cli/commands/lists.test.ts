// `lists import|status|update` against the test database: real files from
// ../shared/data/sanctions, all-or-nothing imports, diffs between versions,
// and downloads from a local HTTP server standing in for the official sources.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { prepareListsAtStart, run } from './lists.ts';
import { UsageError } from '../usage.ts';
import { repoRoot, sanctionsFile } from '../../screening/sanctions-data.ts';
import { createKnex } from '../../db/knex.ts';
import { resetDatabase, testConfig } from '../../test/harness/platform.ts';
import { versionChanges } from '../../screening/store.ts';

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), 'lists', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 2 });
const counts = async () => ({
  versions: Number((await knex('list_versions').count({ n: '*' }))[0]!.n),
  entities: Number((await knex('list_entities').count({ n: '*' }))[0]!.n),
});
const work = mkdtempSync(join(tmpdir(), 'clientnote-lists-'));

test.before(async () => {
  await resetDatabase({ demoLists: false });
});

test.after(async () => {
  await knex.destroy();
  rmSync(work, { recursive: true, force: true });
});

test('import --dry-run reports entities and repairs without storing', async () => {
  const r = await cli(['import', '--format', 'uk-csv', 'screening/fixtures/uk-fcdo-sample.csv', '--dry-run']);
  assert.is(r.code, 0, r.err);
  const report = JSON.parse(r.out) as { entities: number; stored: boolean; list: string };
  assert.is(report.entities, 3);
  assert.is(report.list, 'uk');
  assert.is(report.stored, false);
  assert.equal(await counts(), { versions: 0, entities: 0 });
});

test('a file that is not the named format: clear error, exit 1, nothing stored', async () => {
  const r = await cli(['import', '--format', 'un-xml', 'screening/fixtures/uk-fcdo-sample.csv']);
  assert.is(r.code, 1);
  const body = JSON.parse(r.out) as { error: string; stored: boolean };
  assert.match(body.error, /not XML/);
  assert.is(body.stored, false);
  assert.equal(await counts(), { versions: 0, entities: 0 });
});

test('a missing file: clear error, exit 1', async () => {
  const r = await cli(['import', '--format', 'un-xml', join(work, 'nope.xml')]);
  assert.is(r.code, 1);
  assert.match(JSON.parse(r.out).error, /cannot read/);
});

test('import stores a version with its diff; a second version reports added, changed, removed', async () => {
  const first = await cli(['import', '--format', 'ftm-json', 'screening/fixtures/ftm-sample.jsonl']);
  assert.is(first.code, 0, first.err);
  const r1 = JSON.parse(first.out);
  assert.is(r1.stored, true);
  assert.is(r1.version, 1);
  assert.is(r1.added, r1.entities);
  assert.is(r1.changed + r1.removed, 0);
  assert.match(first.err, /100%/, 'progress on stderr');

  // The next version: first line dropped, second changed, one new entity.
  const lines = readFileSync(resolve(repoRoot, 'screening/fixtures/ftm-sample.jsonl'), 'utf8').split('\n').filter((l) => l.trim() && JSON.parse(l).schema !== undefined);
  const entityLines = lines.filter((l) => ['Person', 'Company', 'Organization', 'LegalEntity', 'Vessel'].includes(JSON.parse(l).schema));
  assert.ok(entityLines.length >= 2, 'fixture has at least two entities');
  const dropped = JSON.parse(entityLines[0]!);
  const changed = JSON.parse(entityLines[1]!);
  changed.properties.name = [...(changed.properties.name ?? []), 'Added Alias Name'];
  const added = { id: 'new-demo-entity', schema: 'Person', datasets: changed.datasets, properties: { name: ['Totally New Person'] } };
  const next = lines.filter((l) => JSON.parse(l).id !== dropped.id && JSON.parse(l).id !== changed.id).concat([JSON.stringify(changed), JSON.stringify(added)]);
  const file = join(work, 'ftm-next.jsonl');
  writeFileSync(file, next.join('\n') + '\n');
  const second = await cli(['import', '--format', 'ftm-json', file]);
  assert.is(second.code, 0, second.err);
  const r2 = JSON.parse(second.out);
  assert.is(r2.version, 2);
  assert.is(r2.added, 1);
  assert.is(r2.changed, 1);
  assert.is(r2.removed, 1);
  const diff = await versionChanges(knex, r2.versionId);
  assert.is(diff.added.length, 1);
  assert.is(diff.entities.length, 2, 'added and changed entities as they are now');
  const current = Number((await knex('list_entities').where({ list: r1.list }).whereNull('toVersionId').count({ n: '*' }))[0]!.n);
  assert.is(current, r1.entities, 'one removed, one added');
});

const damaged = sanctionsFile('un-consolidated-2025-08-16.xml');
test('the damaged 2025 UN file is repaired and reported, every entity stored', async () => {
  if (!damaged) return;
  const r = await cli(['import', '--format', 'un-xml', damaged]);
  assert.is(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.is(report.stored, true);
  assert.is(report.entities, 879, '684 individuals and 195 entities');
  const kinds = (report.repaired as Array<{ kind: string }>).map((x) => x.kind);
  assert.ok(kinds.includes('invalid-utf8') && kinds.includes('control-character') && kinds.includes('bare-ampersand'), kinds.join());
  const stored = Number((await knex('list_entities').where({ list: 'un' }).whereNull('toVersionId').count({ n: '*' }))[0]!.n);
  assert.is(stored, 879);
});

test('the damaged file with --strict is refused and nothing of it is stored', async () => {
  if (!damaged) return;
  const before = await counts();
  const r = await cli(['import', '--format', 'un-xml', damaged, '--strict']);
  assert.is(r.code, 1);
  assert.match(JSON.parse(r.out).error, /invalid UTF-8/);
  assert.equal(await counts(), before);
});

test('a truncated file is refused, never half-imported', async () => {
  if (!damaged) return;
  const clean = sanctionsFile('un-consolidated-2020-03-20.xml');
  if (!clean) return;
  const bytes = readFileSync(clean);
  const file = join(work, 'truncated.xml');
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const before = await counts();
  const r = await cli(['import', '--format', 'un-xml', file]);
  assert.is(r.code, 1, r.out);
  assert.equal(await counts(), before);
});

test('status lists each list with its version and age', async () => {
  const r = await cli(['status']);
  assert.is(r.code, 0, r.err);
  const body = JSON.parse(r.out) as { lists: Array<{ list: string; version: number; ageDays: number; stale: boolean; importedAt: string }>; maxAgeDays: number };
  const lists = body.lists.map((l) => l.list);
  assert.ok(lists.includes('un'), lists.join());
  const ftm = body.lists.find((l) => l.list.startsWith('ftm:'))!;
  assert.is(ftm.version, 2);
  assert.is(ftm.ageDays, 0);
  assert.is(ftm.stale, false);
  assert.is(body.maxAgeDays, 7);
  // An old import is stale.
  await knex('list_versions').where({ list: 'un' }).update({ importedAt: new Date(Date.now() - 10 * 86_400_000) });
  const later = JSON.parse((await cli(['status'])).out) as typeof body;
  const un = later.lists.find((l) => l.list === 'un')!;
  assert.is(un.ageDays, 10);
  assert.is(un.stale, true);
});

function serve(files: Record<string, Buffer>): Promise<Server> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (!body) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', 'application/octet-stream');
    res.end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

test('update downloads the configured files from a local server and imports them', async () => {
  const server = await serve({
    '/uk.csv': readFileSync(resolve(repoRoot, 'screening/fixtures/uk-fcdo-sample.csv')),
    '/broken.xml': Buffer.from('<not-the-un-list/>'),
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const off = { SANCTIONS_UN_URL: 'off', SANCTIONS_OFAC_SDN_URL: 'off', SANCTIONS_OFAC_ALT_URL: 'off', SANCTIONS_EU_URL: 'off' };
    const ok = await cli(['update'], { ...off, SANCTIONS_UK_URL: `${base}/uk.csv` });
    assert.is(ok.code, 0, ok.err + ok.out);
    const outcome = JSON.parse(ok.out).lists as Array<{ ok: boolean; report: { list: string; entities: number; stored: boolean } }>;
    assert.is(outcome.length, 1);
    assert.is(outcome[0]!.report.list, 'uk');
    assert.is(outcome[0]!.report.entities, 3);
    assert.is((await knex('list_versions').where({ list: 'uk', source: 'update' })).length, 1);

    const bad = await cli(['update'], { ...off, SANCTIONS_UK_URL: `${base}/missing.csv`, SANCTIONS_UN_URL: `${base}/broken.xml` });
    assert.is(bad.code, 1);
    const failed = JSON.parse(bad.out).lists as Array<{ ok: boolean; error: string }>;
    assert.ok(failed.every((f) => !f.ok));
    assert.ok(failed.some((f) => /HTTP 404/.test(f.error)), JSON.stringify(failed));
    assert.is((await knex('list_versions').where({ list: 'uk' })).length, 1, 'nothing new stored');
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
});

test('update on a closed network fails fast with a clear message', async () => {
  // The default URLs: this machine has no route to them (DNS fails at once).
  const r = await cli(['update'], { SANCTIONS_UN_URL: 'http://sanctions.invalid/consolidated.xml', SANCTIONS_OFAC_SDN_URL: 'off', SANCTIONS_EU_URL: 'off', SANCTIONS_UK_URL: 'off' });
  assert.is(r.code, 1);
  assert.match(JSON.parse(r.out).lists[0].error, /cannot download sanctions\.invalid/);
  assert.match(r.err, /not updated/);
});

test('start loads the demo list once; an unchanged demo list stores nothing', async () => {
  const lines: string[] = [];
  const config = { ...testConfig(), sanctionsAutoUpdate: false };
  await prepareListsAtStart(config, (l) => lines.push(l));
  await prepareListsAtStart(config, (l) => lines.push(l));
  const listLines = lines.filter((l) => /demo screening list/.test(l));
  assert.match(listLines[0]!, /loaded the demo screening list demo /);
  assert.match(listLines[1]!, /loaded the demo screening list demo-pep /);
  assert.match(listLines[2]!, /demo is up to date/);
  assert.match(listLines[3]!, /demo-pep is up to date/);
  // Each stored version starts its monitoring run (the unchanged ones store nothing, so start none).
  assert.is(lines.filter((l) => /^monitoring started: list-monitoring\//.test(l)).length, 2, lines.join('\n'));
  const versions = await knex('list_versions').where({ list: 'demo' });
  assert.is(versions.length, 1);
  assert.is((await knex('list_versions').where({ list: 'demo-pep' })).length, 1);
  const pep = await knex('list_entities').where({ entityId: 'demo-pep:jens-peter-vestergaard' }).first();
  assert.equal([pep.data.demo, pep.data.birthDates], [true, [{ kind: 'exact', date: '1963-07-14' }]]);
  const sokolov = await knex('list_entities').where({ entityId: 'demo:viktor-sokolov' }).first();
  assert.is(sokolov.data.demo, true);
  assert.equal(sokolov.data.birthDates, [{ kind: 'exact', date: '1961-04-12' }]);
  await prepareListsAtStart({ ...config, env: 'production' }, (l) => lines.push(l));
  assert.match(lines.at(-1)!, /lists import/);
});

test('usage mistakes', async () => {
  for (const args of [['import', '--format', 'csv', 'x'], ['import', '--format', 'un-xml'], ['import', '--format', 'un-xml', 'a', '--aliases', 'b'], ['frobnicate'], ['status', 'x']]) {
    try {
      await run(args);
      assert.unreachable(args.join(' '));
    } catch (error) {
      assert.instance(error, UsageError);
    }
  }
});

test.run();
