// Runs the screening evaluation: generates the cases (fixed seed) from the real
// UN and OFAC files, scores every pair through the real `screening compare
// --batch` command, runs every case through the search index, and prints
// recall per variation class, false-positive rate per hard-negative class and
// precision/recall/F1 across thresholds (markdown, for bench/README.md).
// Run: node_modules/.bin/node --import tsx bench/screening-eval/evaluate.ts [--misses] [--seed N --per-class N]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQueryBirthDate } from '../../domain/screening/entity.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../domain/screening/score.ts';
import { parseListFile } from '../../screening/parse-list.ts';
import { ScreeningIndex } from '../../screening/index.ts';
import { generateCases, SEED, type EvalCase } from './generate.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(repoRoot, '../shared/data/sanctions');
const THRESHOLDS = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

async function compareBatch(cases: EvalCase[]): Promise<{ scores: number[]; seconds: number }> {
  const child = spawn(resolve(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', resolve(repoRoot, 'cli/main.ts'), 'screening', 'compare', '--batch'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const started = performance.now();
  child.stdin.end(cases.map((c) => JSON.stringify({ schema: c.schema, name1: c.query, name2: c.listed })).join('\n') + '\n');
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`compare --batch exited ${code}`);
  const lines = out.trim().split('\n');
  if (lines.length !== cases.length) throw new Error(`compare --batch answered ${lines.length} lines for ${cases.length}`);
  return { scores: lines.map((l) => (JSON.parse(l) as { score: number }).score), seconds };
}

function f(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '–';
}

export async function main(): Promise<number> {
  const files = ['un-consolidated-2020-03-20.xml', 'ofac-sdn-2024-05-03.csv'].map((f) => resolve(dataDir, f));
  if (!files.every(existsSync)) {
    process.stdout.write(`skipped: the sanctions files are not in ${dataDir}\n`);
    return 0;
  }
  const un = await parseListFile('un-xml', files[0]!);
  const ofac = await parseListFile('ofac-sdn-csv', files[1]!);
  const entities = [...un.entities, ...ofac.entities];
  // --seed N / --per-class N: the same generator on other draws (a hold-out check); the defaults are what bench/README.md records
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const seed = arg('--seed') ?? SEED;
  const cases = generateCases(entities, seed, arg('--per-class'));
  const { scores: compareScores, seconds } = await compareBatch(cases.filter((c) => c.stages.includes('compare')));
  const compareScore = new Map<EvalCase, number>();
  cases.filter((c) => c.stages.includes('compare')).forEach((c, i) => compareScore.set(c, compareScores[i]!));

  const index = ScreeningIndex.build(entities);
  const searchScore = new Map<EvalCase, number>();
  const anyHit = new Map<EvalCase, string>();
  for (const c of cases.filter((c) => c.stages.includes('search'))) {
    const birthDate = c.birthDate ? parseQueryBirthDate(c.birthDate) ?? undefined : undefined;
    const hits = index.search({ schema: c.schema, name: c.query, ...(birthDate ? { birthDate } : {}) }, { limit: 50, minScore: 0.3 });
    // '*': a negative that must not hit any listed entity
    searchScore.set(c, c.entityId === '*' ? hits[0]?.score ?? 0 : hits.find((h) => h.entityId === c.entityId)?.score ?? 0);
    if (c.entityId === '*' && hits[0]) anyHit.set(c, hits[0].name);
  }

  const classes = [...new Set(cases.map((c) => c.class))];
  const out: string[] = [];
  out.push(`Seed ${seed}; ${cases.length} cases from ${entities.length} UN (2020-03-20) and OFAC (2024-05-03) entities; default threshold ${DEFAULT_MATCH_THRESHOLD}.`);
  out.push(`compare --batch: ${compareScores.length} pairs in ${seconds.toFixed(2)} s including process start (${Math.round(compareScores.length / seconds)} pairs/s).`, '');
  out.push(`| class | kind | n | compare: recall / FP rate @${DEFAULT_MATCH_THRESHOLD} | search: recall / FP rate @${DEFAULT_MATCH_THRESHOLD} | compare P / R / F1 @${DEFAULT_MATCH_THRESHOLD} |`);
  out.push('|---|---|---|---|---|---|');
  const t = DEFAULT_MATCH_THRESHOLD;
  for (const cls of classes) {
    const cs = cases.filter((c) => c.class === cls);
    const positive = cs[0]!.expected === 'match';
    const rate = (m: Map<EvalCase, number>) => {
      const judged = cs.filter((c) => m.has(c));
      return judged.length === 0 ? '–' : f(judged.filter((c) => m.get(c)! >= t).length / judged.length);
    };
    // per-class P/R/F1: this class's positives against all hard negatives of the same schema (compare stage)
    let prf = '–';
    if (positive && cs[0]!.stages.includes('compare')) {
      const tp = cs.filter((c) => compareScore.get(c)! >= t).length;
      const negs = cases.filter((c) => c.expected === 'no_match' && c.schema === cs[0]!.schema && compareScore.has(c));
      const fp = negs.filter((c) => compareScore.get(c)! >= t).length;
      const p = tp / Math.max(1, tp + fp);
      const r = tp / cs.length;
      prf = `${f(p)} / ${f(r)} / ${f((2 * p * r) / Math.max(1e-9, p + r))}`;
    }
    out.push(`| ${cls} | ${positive ? 'variation' : 'hard negative'} | ${cs.length} | ${rate(compareScore)} | ${rate(searchScore)} | ${prf} |`);
  }
  {
    // every hard negative, each judged by the stages it has (a case is a false positive when any stage hits)
    const negs = cases.filter((c) => c.expected === 'no_match');
    const fp = negs.filter((c) => (compareScore.get(c) ?? 0) >= t || (searchScore.get(c) ?? 0) >= t).length;
    out.push('', `Hard negatives overall at ${t}: ${fp} of ${negs.length} raise a hit (${f(fp / Math.max(1, negs.length))}).`);
  }
  out.push('', '| threshold | stage | precision | recall (variations) | F1 | FP rate (hard negatives) |', '|---|---|---|---|---|---|');
  for (const th of THRESHOLDS) {
    for (const [stage, m] of [['compare', compareScore], ['search', searchScore]] as const) {
      const judged = cases.filter((c) => m.has(c));
      const pos = judged.filter((c) => c.expected === 'match');
      const neg = judged.filter((c) => c.expected === 'no_match');
      const tp = pos.filter((c) => m.get(c)! >= th).length;
      const fp = neg.filter((c) => m.get(c)! >= th).length;
      const p = tp / Math.max(1, tp + fp);
      const r = tp / Math.max(1, pos.length);
      out.push(`| ${th.toFixed(2)} | ${stage} | ${f(p)} | ${f(r)} | ${f((2 * p * r) / Math.max(1e-9, p + r))} | ${f(fp / Math.max(1, neg.length))} |`);
    }
  }
  if (process.argv.includes('--misses')) {
    out.push('', 'Misses at the default threshold (class, expected, score, query | listed):');
    for (const c of cases) {
      const s = compareScore.get(c) ?? searchScore.get(c)!;
      const ss = searchScore.get(c);
      const wrong = (c.expected === 'match') !== (s >= t) || (ss !== undefined && (c.expected === 'match') !== (ss >= t));
      if (wrong) out.push(`  ${c.class} ${c.expected} compare=${compareScore.get(c) ?? '-'} search=${ss ?? '-'} ${c.query} | ${c.listed || anyHit.get(c) || ''}${c.birthDate ? ` (born ${c.birthDate})` : ''}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
