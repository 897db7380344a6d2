import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { run } from './lists.ts';
import { UsageError } from '../usage.ts';
import { repoRoot } from '../../screening/sanctions-data.ts';

function cli(args: string[]) {
  const r = spawnSync(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), 'lists', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('import --dry-run reports entities and repairs without storing', () => {
  const r = cli(['import', '--format', 'uk-csv', 'screening/fixtures/uk-fcdo-sample.csv', '--dry-run']);
  assert.is(r.code, 0, r.err);
  const report = JSON.parse(r.out) as { entities: number; stored: boolean; list: string };
  assert.is(report.entities, 3);
  assert.is(report.list, 'uk');
  assert.is(report.stored, false);
});

test('a file that is not the named format: clear error, exit 1, nothing stored', () => {
  const r = cli(['import', '--format', 'un-xml', 'screening/fixtures/uk-fcdo-sample.csv', '--dry-run']);
  assert.is(r.code, 1);
  const body = JSON.parse(r.out) as { error: string; stored: boolean };
  assert.match(body.error, /not XML/);
  assert.is(body.stored, false);
});

test('without persistence a real import refuses instead of pretending', () => {
  const r = cli(['import', '--format', 'ftm-json', 'screening/fixtures/ftm-sample.jsonl']);
  assert.is(r.code, 1);
  assert.match(r.err, /nothing was imported/);
});

test('usage mistakes', async () => {
  for (const args of [['import', '--format', 'csv', 'x'], ['import', '--format', 'un-xml'], ['import', '--format', 'un-xml', 'a', '--aliases', 'b'], ['frobnicate']]) {
    try {
      await run(args);
      assert.unreachable(args.join(' '));
    } catch (error) {
      assert.instance(error, UsageError);
    }
  }
});

test.run();
