// Screening benchmark on the real UN + OFAC files: index build time, index
// memory, single-search latency (p50/p95/p99) and re-screening 10,000 parties
// (full, on one thread and on worker threads; and against a version's changed
// entities only, as monitoring does).
// Run: node_modules/.bin/node --expose-gc --import tsx bench/screening.bench.ts
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseListFile } from '../screening/parse-list.ts';
import { ScreeningIndex } from '../screening/index.ts';
import { sanctionsDir } from '../screening/sanctions-data.ts';
import { parseQueryBirthDate } from '../domain/screening/entity.ts';
import type { ScreeningQuery } from '../domain/screening/score.ts';
import { generateCases } from './screening-eval/generate.ts';
import { rescreenParties, rescreenPartiesParallel, type PartyQuery } from '../screening/rescreen.ts';
import { availableParallelism, loadavg } from 'node:os';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<number> {
  const un = resolve(sanctionsDir, 'un-consolidated-2020-03-20.xml');
  const ofac = resolve(sanctionsDir, 'ofac-sdn-2024-05-03.csv');
  if (!existsSync(un) || !existsSync(ofac)) {
    process.stdout.write(`skipped: the sanctions files are not in ${sanctionsDir}\n`);
    return 0;
  }
  let t = performance.now();
  const entities = [...(await parseListFile('un-xml', un)).entities, ...(await parseListFile('ofac-sdn-csv', ofac)).entities];
  const parseMs = performance.now() - t;

  const before = heapMb();
  t = performance.now();
  const cold = ScreeningIndex.build(entities);
  const firstBuildMs = performance.now() - t;
  const indexMb = heapMb() - before;
  // a rebuild (a new list version landing in a warm worker) replaces the cold one
  t = performance.now();
  const index = ScreeningIndex.build(entities);
  const rebuildMs = performance.now() - t;
  if (index.nameCount !== cold.nameCount) throw new Error('rebuild differs from the first build');

  // queries: the evaluation's variations and negatives, plus listed names as typed
  const cases = generateCases(entities);
  const queries: ScreeningQuery[] = cases.map((c) => {
    const birthDate = c.birthDate ? parseQueryBirthDate(c.birthDate) : null;
    return { schema: c.schema, name: c.query, ...(birthDate ? { birthDate } : {}) };
  });
  for (const e of entities.slice(0, 2000)) queries.push({ schema: e.schema === 'Person' ? 'Person' : 'Company', name: e.names[0]!.full });
  for (const q of queries.slice(0, 200)) index.search(q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    index.search(q);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);

  // re-screening 10,000 parties (the monitoring workflow's full re-screen)
  const parties = Array.from({ length: 10_000 }, (_, i) => queries[i % queries.length]!);
  t = performance.now();
  // CPU time of this process beside the wall time: on a shared machine the wall time says more about the neighbours
  const cpuBefore = process.cpuUsage();
  let hits = 0;
  for (const q of parties) hits += index.search(q).length;
  const rescreenMs = performance.now() - t;
  const rescreenCpuMs = process.cpuUsage(cpuBefore).user / 1000;

  // the same 10,000 parties through the re-screening function: every core, each worker its own index
  const partyQueries: PartyQuery[] = parties.map((query, i) => ({ partyId: String(i), query }));
  const threads = availableParallelism();
  t = performance.now();
  const parallel = await rescreenPartiesParallel(entities, partyQueries, { threads });
  const parallelMs = performance.now() - t;
  // a new version that changed 2 % of the entries (every 50th): monitoring screens against those only
  const changed = entities.filter((_, i) => i % 50 === 0);
  t = performance.now();
  const deltaCpuBefore = process.cpuUsage();
  const delta = rescreenParties(changed, partyQueries);
  const deltaMs = performance.now() - t;
  const deltaCpuMs = process.cpuUsage(deltaCpuBefore).user / 1000;

  const rows = [
    ['entities (UN 2020-03-20 + OFAC 2024-05-03)', String(entities.length), ''],
    ['names indexed / blocking keys', `${index.nameCount} / ${index.keyCount}`, ''],
    ['parse both files', `${parseMs.toFixed(0)} ms`, ''],
    ['index build, cold process', `${firstBuildMs.toFixed(0)} ms`, '< 3000 ms'],
    ['index build, warm (new version)', `${rebuildMs.toFixed(0)} ms`, '< 3000 ms'],
    ['index memory (heap after GC)', `${indexMb.toFixed(0)} MB${gc ? '' : ' (run with --expose-gc for an exact figure)'}`, '< 300 MB'],
    [`single search p50 (${times.length} queries)`, `${percentile(times, 50).toFixed(2)} ms`, ''],
    ['single search p95', `${percentile(times, 95).toFixed(2)} ms`, '< 5 ms'],
    ['single search p99', `${percentile(times, 99).toFixed(2)} ms`, '< 10 ms'],
    ['single search max', `${times.at(-1)!.toFixed(2)} ms`, ''],
    ['re-screen 10,000 parties, full list (sequential, one core)', `${(rescreenMs / 1000).toFixed(2)} s, CPU ${(rescreenCpuMs / 1000).toFixed(2)} s (${hits} hits)`, '< 10 s'],
    [`re-screen 10,000 parties, full list (${threads} worker threads, incl. index builds)`, `${(parallelMs / 1000).toFixed(2)} s (${parallel.hits.length} matches, ${parallel.comparisons} comparisons)`, '< 10 s'],
    [`re-screen 10,000 parties against a version's ${changed.length} changed entities (one core)`, `${(deltaMs / 1000).toFixed(2)} s, CPU ${(deltaCpuMs / 1000).toFixed(2)} s (${delta.hits.length} matches, ${delta.comparisons} comparisons)`, '< 10 s'],
  ];
  // other processes on the machine skew every figure: say how busy it was
  rows.push(['machine load average (1 min) at the end', loadavg()[0]!.toFixed(2), `${availableParallelism()} cores`]);
  process.stdout.write(['| measure | result | target |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n');
  return 0;
}

process.exitCode = await main();
