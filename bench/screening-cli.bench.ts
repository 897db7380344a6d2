// `screening search` from the command line against imported UN + OFAC lists
// (throwaway database): wall time per call, process start included, with the
// index rebuilt on every call (--no-index-cache, how the command worked
// before the snapshot) and answered from the snapshot under the data
// directory (the first call after a new version builds and stores it).
// Run: node_modules/.bin/node --import tsx bench/screening-cli.bench.ts [--plain]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createKnex } from '../db/knex.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { childEnvironment } from '../config/index.ts';
import { parseListFile } from '../screening/parse-list.ts';
import { importParsedList } from '../screening/store.ts';
import { repoRoot, sanctionsDir } from '../screening/sanctions-data.ts';

const QUERIES = ['Ayman al-Zawahiri', 'Kim Jong Un', 'Jens Peter Hansen', 'Mohammed Omar', 'Viktor Bout', 'Mette Frederiksen'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<number> {
  const unFile = resolve(sanctionsDir, 'un-consolidated-2020-03-20.xml');
  const ofacFile = resolve(sanctionsDir, 'ofac-sdn-2024-05-03.csv');
  if (!existsSync(unFile) || !existsSync(ofacFile)) {
    process.stdout.write(`skipped: the sanctions files are not in ${sanctionsDir}\n`);
    return 0;
  }
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'clientnote-cli-bench-'));
  try {
    await migrateUp({ ownerUrl, appUrl });
    const knex = createKnex(appUrl, { poolMax: 2 });
    try {
      await importParsedList(knex, await parseListFile('un-xml', unFile), { source: 'file' });
      await importParsedList(knex, await parseListFile('ofac-sdn-csv', ofacFile), { source: 'file' });
    } finally {
      await knex.destroy();
    }
    const env = childEnvironment({ DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl, CLIENTNOTE_DATA_DIR: dataDir });
    const search = (name: string, extra: string[] = []): number => {
      const t = performance.now();
      const r = spawnSync(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), 'screening', 'search', '--schema', 'Person', '--name', name, ...extra], { cwd: repoRoot, env, encoding: 'utf8' });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`search exited ${r.status}: ${r.stderr}`);
      JSON.parse(r.stdout);
      return ms;
    };
    const version = (): number => {
      const t = performance.now();
      const r = spawnSync(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), '--help'], { cwd: repoRoot, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error('clientnote --help failed');
      return performance.now() - t;
    };
    // --plain: every call without flags (measures a checkout from before the snapshot existed)
    const plain = process.argv.includes('--plain');
    const rebuild = QUERIES.slice(0, 3).map((q) => search(q, plain ? [] : ['--no-index-cache']));
    const first = search(QUERIES[0]!);
    const cached = QUERIES.map((q) => search(q));
    const start = [version(), version(), version()];
    const rows = [
      ['process start alone (`clientnote --help`), median of 3', `${median(start).toFixed(0)} ms`],
      ['search, index rebuilt on every call (`--no-index-cache`, as before), median of 3', `${median(rebuild).toFixed(0)} ms`],
      ['search, first call after a new version (builds and stores the snapshot)', `${first.toFixed(0)} ms`],
      [`search from the snapshot, median of ${cached.length} (max)`, `${median(cached).toFixed(0)} ms (${Math.max(...cached).toFixed(0)} ms)`],
      ['machine load average (1 min) at the end', loadavg()[0]!.toFixed(2)],
    ];
    process.stdout.write(['| measure | result |', '|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n');
    return 0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  }
}

process.exitCode = await main();
