// `clientnote screening compare|search`: name comparison and list search from
// the command line, JSON on stdout. `search` searches the imported lists (the
// current version of each, from the database); with --list-file/--format it
// builds its index from those files instead. The index over the imported
// lists is kept as a snapshot under the data directory, keyed by the current
// list versions (screening/index-snapshot.ts): only the first search after a
// new version builds it; --no-index-cache builds it afresh and stores nothing.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createInterface } from 'node:readline';
import { UsageError } from '../usage.ts';
import { compareNamePair, DEFAULT_MATCH_THRESHOLD, type QuerySchema, type ScreeningQuery } from '../../domain/screening/score.ts';
import { parseQueryBirthDate, type ListEntity } from '../../domain/screening/entity.ts';
import { countryCode } from '../../domain/screening/countries.ts';
import { isListFormat, LIST_FORMATS } from '../../screening/list-format.ts';
import { ScreeningIndex } from '../../screening/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createKnex } from '../../db/knex.ts';
import { currentEntities, currentVersionsSignature } from '../../screening/store.ts';
import { cachedIndex } from '../../screening/index-snapshot.ts';

const USAGE = `Usage:
  screening compare --schema Person|Company [--threshold T] "<name A>" "<name B>"
  screening compare --batch [--threshold T]    (JSON lines {"schema","name1","name2"} on stdin)
  screening search --schema Person|Company --name "<name>" [--birth-date YYYY[-MM[-DD]]] [--country XX] [--limit N]
                   [--no-index-cache] [--list-file <path> --format <${LIST_FORMATS.join('|')}> ...]   (default: the imported lists)`;

function schemaOf(value: unknown): QuerySchema {
  if (value === 'Person' || value === 'Company') return value;
  throw new UsageError(`--schema must be Person or Company, not ${JSON.stringify(value ?? '')}\n${USAGE}`);
}

function thresholdOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MATCH_THRESHOLD;
  const t = Number(value);
  if (!Number.isFinite(t) || t < 0 || t > 1) throw new UsageError('--threshold must be a number between 0 and 1');
  return t;
}

type ParsedArgs = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

function parse(args: string[], options: ParseArgsConfig['options']): ParsedArgs {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function compare(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { schema: { type: 'string' }, batch: { type: 'boolean' }, threshold: { type: 'string' } });
  const threshold = thresholdOf(values.threshold as string | undefined);
  if (values.batch) {
    if (positionals.length > 0) throw new UsageError(`--batch reads names from stdin; do not pass names as arguments\n${USAGE}`);
    return compareBatch(threshold);
  }
  const schema = schemaOf(values.schema);
  if (positionals.length !== 2) throw new UsageError(`compare needs exactly two names, got ${positionals.length}\n${USAGE}`);
  const result = compareNamePair(schema, positionals[0]!, positionals[1]!, threshold);
  process.stdout.write(JSON.stringify({ score: result.score, match: result.match, threshold, explanation: result.explanation }) + '\n');
  return 0;
}

/** One line in, one line out, in order; a bad line gets {"error"} and the batch goes on. */
export function compareLine(line: string, threshold: number): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return JSON.stringify({ error: 'not a JSON object' });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return JSON.stringify({ error: 'not a JSON object' });
  const { schema, name1, name2 } = input as Record<string, unknown>;
  if (schema !== 'Person' && schema !== 'Company') return JSON.stringify({ error: 'schema must be "Person" or "Company"' });
  if (typeof name1 !== 'string' || typeof name2 !== 'string') return JSON.stringify({ error: 'name1 and name2 must be strings' });
  const { score, match } = compareNamePair(schema, name1, name2, threshold);
  return JSON.stringify({ score, match });
}

async function compareBatch(threshold: number): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer: string[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer.join('\n') + '\n';
    buffer = [];
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    buffer.push(compareLine(line, threshold));
    if (buffer.length >= 512) await flush();
  }
  await flush();
  return 0;
}

async function search(args: string[]): Promise<number> {
  const { values } = parse(args, {
    schema: { type: 'string' },
    name: { type: 'string' },
    'birth-date': { type: 'string' },
    country: { type: 'string' },
    limit: { type: 'string' },
    threshold: { type: 'string' },
    'list-file': { type: 'string', multiple: true },
    format: { type: 'string', multiple: true },
    aliases: { type: 'string' },
    'no-index-cache': { type: 'boolean' },
  });
  const schema = schemaOf(values.schema);
  const name = values.name as string | undefined;
  if (!name || name.trim() === '') throw new UsageError(`--name is required\n${USAGE}`);
  const query: ScreeningQuery = { schema, name };
  if (values['birth-date'] !== undefined) {
    const d = parseQueryBirthDate(values['birth-date'] as string);
    if (!d) throw new UsageError('--birth-date must be YYYY, YYYY-MM or YYYY-MM-DD');
    query.birthDate = d;
  }
  if (values.country !== undefined) {
    const c = countryCode(values.country as string);
    if (!c) throw new UsageError('--country must be an ISO 3166 alpha-2 code such as DK');
    query.country = c;
  }
  let limit = 10;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
  }
  const threshold = thresholdOf(values.threshold as string | undefined);
  const files = (values['list-file'] as string[] | undefined) ?? [];
  const formats = (values.format as string[] | undefined) ?? [];
  if (formats.length !== files.length) throw new UsageError('give one --format per --list-file, in the same order');
  if (files.length === 0) {
    const config = loadConfig();
    const knex = createKnex(config.database.appUrl, { poolMax: 1 });
    let index: ScreeningIndex;
    try {
      const signature = await currentVersionsSignature(knex);
      if (signature === '') process.stderr.write('screening search: no lists are imported yet (see `lists import` and `lists status`)\n');
      if (values['no-index-cache'] || signature === '') {
        index = ScreeningIndex.build((await currentEntities(knex)).entities);
      } else {
        const result = await cachedIndex(config.dataDir, signature, async () => (await currentEntities(knex)).entities);
        if (result.storeError) process.stderr.write(`screening search: could not store the index snapshot (${result.storeError.message}); the next search builds it again\n`);
        index = result.index;
      }
    } catch (error) {
      // 42P01 undefined_table: the list tables come with a migration this database has not had yet.
      if ((error as { code?: string }).code === '42P01') throw new Error('the database has no list tables yet: run `npm run -s cli -- migrate` first', { cause: error });
      throw error;
    } finally {
      await knex.destroy();
    }
    process.stdout.write(JSON.stringify({ hits: index.search(query, { limit, threshold }) }) + '\n');
    return 0;
  }
  const entities: ListEntity[] = [];
  for (let i = 0; i < files.length; i++) {
    const format = formats[i]!;
    if (!isListFormat(format)) throw new UsageError(`unknown --format ${format}; use one of ${LIST_FORMATS.join(', ')}`);
    // imported here: the parsers (XML, CSV) are not needed to search the imported lists
    const { parseListFile } = await import('../../screening/parse-list.ts');
    const parsed = await parseListFile(format, files[i]!, values.aliases && format === 'ofac-sdn-csv' ? { aliasesPath: values.aliases as string } : {});
    entities.push(...parsed.entities);
  }
  const index = ScreeningIndex.build(entities);
  const hits = index.search(query, { limit, threshold });
  process.stdout.write(JSON.stringify({ hits }) + '\n');
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'compare': return compare(rest);
    case 'search': return search(rest);
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return sub === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown subcommand '${sub}'\n${USAGE}`);
  }
}
