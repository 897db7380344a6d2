import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { snapshotDir } from '../../screening/index-snapshot.ts';
import { compareLine, run } from './screening.ts';
import { UsageError } from '../usage.ts';
import { repoRoot } from '../../screening/sanctions-data.ts';
import { createKnex } from '../../db/knex.ts';
import { resetDatabase, testConfig } from '../../test/harness/platform.ts';
import { importParsedList } from '../../screening/store.ts';
import { DEMO_LIST } from '../../screening/demo-list/demo-list.ts';

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), 'screening', ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('compare prints one JSON object with score, match, threshold and explanation', () => {
  const r = cli(['compare', '--schema', 'Person', 'Mohammed Omar', 'Muhammad Umar']);
  assert.is(r.code, 0, r.err);
  const body = JSON.parse(r.out) as Record<string, unknown>;
  assert.equal(Object.keys(body), ['score', 'match', 'threshold', 'explanation']);
  assert.is(body['match'], true);
});

test('compare --batch: one line per input line, in order, errors per line', () => {
  const input = [
    JSON.stringify({ schema: 'Person', name1: 'Søren Ås', name2: 'Soeren Aas' }),
    'not json',
    JSON.stringify({ schema: 'Vessel', name1: 'a', name2: 'b' }),
    JSON.stringify({ schema: 'Company', name1: 'Maersk Danmark A/S', name2: 'Maersk Norge AS' }),
  ].join('\n');
  const r = cli(['compare', '--batch'], input + '\n');
  assert.is(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 4);
  assert.equal(lines[0], { score: 1, match: true });
  assert.ok('error' in lines[1]! && 'error' in lines[2]!);
  assert.is(lines[3]!['match'], false);
});

// Throughput is a benchmark's business (bench/), never a test's: a timing here fails on a loaded machine.
test('compare --batch: every one of thousands of lines gets its own scored answer, in order', () => {
  const answers = Array.from({ length: 3000 }, (_, i) =>
    JSON.parse(compareLine(JSON.stringify({ schema: 'Person', name1: `Abdul Rahman Yasin ${i}`, name2: 'Abdulrahman Yaseen' }), 0.8)) as { score?: number; error?: string });
  assert.is(answers.length, 3000);
  assert.ok(answers.every((a) => typeof a.score === 'number' && a.score >= 0 && a.score <= 1 && a.error === undefined));
});

test('usage mistakes throw UsageError (exit 2)', async () => {
  for (const args of [['compare', '--schema', 'Vessel', 'a', 'b'], ['compare', '--schema', 'Person', 'only one'], ['nope'], ['search', '--schema', 'Person'], ['search', '--schema', 'Person', '--name', 'x', '--birth-date', '1990-13'], ['compare', '--bogus']]) {
    try {
      await run(args);
      assert.unreachable(args.join(' '));
    } catch (error) {
      assert.instance(error, UsageError, args.join(' '));
    }
  }
  assert.is(cli(['compare', '--schema', 'Boat', 'a', 'b']).code, 2);
});

test('search over a list file prints hits in the documented shape', () => {
  const r = cli(['search', '--schema', 'Person', '--name', 'Oleksandr Kovalenko', '--birth-date', '1971', '--list-file', 'screening/fixtures/uk-fcdo-sample.csv', '--format', 'uk-csv']);
  assert.is(r.code, 0, r.err);
  const { hits } = JSON.parse(r.out) as { hits: Array<Record<string, unknown>> };
  assert.is(hits.length, 1);
  assert.equal(Object.keys(hits[0]!), ['entityId', 'list', 'name', 'primaryName', 'score', 'match', 'explanation']);
  assert.is(hits[0]!['entityId'], 'uk:FIC0001');
});

test('search without --list-file searches the imported lists; demo hits say so', async () => {
  await resetDatabase({ demoLists: false });
  const empty = cli(['search', '--schema', 'Person', '--name', 'Viktor Sokolov']);
  assert.is(empty.code, 0, empty.err);
  assert.equal(JSON.parse(empty.out), { hits: [] });
  assert.match(empty.err, /no lists are imported/);
  const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 1 });
  try {
    await importParsedList(knex, DEMO_LIST, { source: 'demo' });
  } finally {
    await knex.destroy();
  }
  const r = cli(['search', '--schema', 'Person', '--name', 'Sokolov Viktor', '--birth-date', '1961-04-12', '--country', 'RU']);
  assert.is(r.code, 0, r.err);
  const { hits } = JSON.parse(r.out) as { hits: Array<Record<string, unknown>> };
  assert.is(hits.length, 1);
  assert.is(hits[0]!['entityId'], 'demo:viktor-sokolov');
  assert.is(hits[0]!['match'], true);
  assert.is(hits[0]!['demo'], true);
  const other = cli(['search', '--schema', 'Person', '--name', 'Sokolov Viktor', '--birth-date', '1985']);
  const lowered = (JSON.parse(other.out) as { hits: Array<{ score: number }> }).hits;
  assert.ok(lowered.length === 0 || lowered[0]!.score < (hits[0]!['score'] as number), 'a disagreeing birth date lowers the score');
});

test('search answers from the index snapshot of the current versions, and rebuilds it when a version lands', async () => {
  await resetDatabase({ demoLists: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'clientnote-cli-snapshot-'));
  const env = { CLIENTNOTE_DATA_DIR: dataDir };
  try {
    const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 1 });
    try {
      await importParsedList(knex, DEMO_LIST, { source: 'demo' });
      const first = cli(['search', '--schema', 'Person', '--name', 'Viktor Sokolov'], undefined, env);
      assert.is(first.code, 0, first.err);
      const files = readdirSync(snapshotDir(dataDir));
      assert.is(files.length, 1, 'the first search stores a snapshot');
      const stamp = statSync(join(snapshotDir(dataDir), files[0]!)).mtimeMs;
      const second = cli(['search', '--schema', 'Person', '--name', 'Viktor Sokolov'], undefined, env);
      assert.equal(JSON.parse(second.out), JSON.parse(first.out), 'the snapshot answers as the built index did');
      assert.equal(readdirSync(snapshotDir(dataDir)), files);
      assert.is(statSync(join(snapshotDir(dataDir), files[0]!)).mtimeMs, stamp, 'the second search did not rebuild');
      const fresh = cli(['search', '--schema', 'Person', '--name', 'Viktor Sokolov', '--no-index-cache'], undefined, env);
      assert.equal(JSON.parse(fresh.out), JSON.parse(first.out));
      // a new version of the list: another snapshot replaces the old one and sees the change
      await importParsedList(knex, { ...DEMO_LIST, entities: DEMO_LIST.entities.filter((e) => e.id !== 'demo:viktor-sokolov') }, { source: 'demo' });
      const after = cli(['search', '--schema', 'Person', '--name', 'Viktor Sokolov'], undefined, env);
      assert.is(after.code, 0, after.err);
      assert.ok(!(JSON.parse(after.out) as { hits: Array<{ entityId: string }> }).hits.some((h) => h.entityId === 'demo:viktor-sokolov'), 'the removed entity is gone');
      const now = readdirSync(snapshotDir(dataDir));
      assert.is(now.length, 1);
      assert.is.not(now[0], files[0]);
    } finally {
      await knex.destroy();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
