// List versions in Postgres on the real files: importing UN and OFAC as first
// versions, re-importing OFAC unchanged, importing a version with 2 % of OFAC
// changed, and loading the current versions back (what the index service does
// before building). Uses a throwaway database on the local cluster.
// Run: node_modules/.bin/node --import tsx bench/screening-store.bench.ts
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseListFile } from '../screening/parse-list.ts';
import { sanctionsDir } from '../screening/sanctions-data.ts';
import { currentEntities, importParsedList } from '../screening/store.ts';
import { createKnex } from '../db/knex.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';

async function main(): Promise<number> {
  const unFile = resolve(sanctionsDir, 'un-consolidated-2020-03-20.xml');
  const ofacFile = resolve(sanctionsDir, 'ofac-sdn-2024-05-03.csv');
  if (!existsSync(unFile) || !existsSync(ofacFile)) {
    process.stdout.write(`skipped: the sanctions files are not in ${sanctionsDir}\n`);
    return 0;
  }
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  const knex = createKnex(appUrl, { poolMax: 2 });
  try {
    await migrateUp({ ownerUrl, appUrl });
    const un = await parseListFile('un-xml', unFile);
    const ofac = await parseListFile('ofac-sdn-csv', ofacFile);
    const time = async (work: () => Promise<unknown>) => { const t = performance.now(); await work(); return performance.now() - t; };
    const unMs = await time(() => importParsedList(knex, un, { source: 'file' }));
    const ofacMs = await time(() => importParsedList(knex, ofac, { source: 'file' }));
    const sameMs = await time(() => importParsedList(knex, ofac, { source: 'file' }));
    const changed = { ...ofac, entities: ofac.entities.map((e, i) => (i % 50 === 0 ? { ...e, programmes: [...e.programmes, 'BENCH'] } : e)) };
    const deltaMs = await time(() => importParsedList(knex, changed, { source: 'file' }));
    let count = 0;
    const loadMs = await time(async () => { count = (await currentEntities(knex)).entities.length; });
    const rows = [
      [`import UN as version 1 (${un.entities.length} entities)`, `${unMs.toFixed(0)} ms`],
      [`import OFAC as version 1 (${ofac.entities.length} entities)`, `${ofacMs.toFixed(0)} ms`],
      ['import OFAC again, unchanged (diff only, new version row)', `${sameMs.toFixed(0)} ms`],
      [`import OFAC with ${Math.ceil(ofac.entities.length / 50)} entities changed`, `${deltaMs.toFixed(0)} ms`],
      [`load the current versions (${count} entities)`, `${loadMs.toFixed(0)} ms`],
    ];
    process.stdout.write(['| measure | result |', '|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n');
    return 0;
  } finally {
    await knex.destroy();
    await drop();
  }
}

process.exitCode = await main();
