// `clientnote lists import|status`. Parsing and validation of every list format
// work now (`import --dry-run` reports what a file holds and what was repaired);
// storing list versions in Postgres is the next step (see bench/README.md and
// the screening section of the README), so a real import refuses clearly
// instead of pretending to have stored anything.
import { parseArgs } from 'node:util';
import { UsageError } from '../usage.ts';
import { isListFormat, LIST_FORMATS, ListFormatError } from '../../screening/list-format.ts';
import { parseListFile } from '../../screening/parse-list.ts';

const USAGE = `Usage:
  lists import --format <${LIST_FORMATS.join('|')}> <file> [--aliases <alt.csv>] [--strict] [--dry-run]
  lists status`;

async function importList(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string' }, aliases: { type: 'string' }, strict: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, dataset: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const format = values.format;
  if (!format || !isListFormat(format)) throw new UsageError(`--format must be one of ${LIST_FORMATS.join(', ')}\n${USAGE}`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one list file\n${USAGE}`);
  if (values.aliases && format !== 'ofac-sdn-csv') throw new UsageError('--aliases belongs to --format ofac-sdn-csv');
  try {
    const result = await parseListFile(format, positionals[0]!, {
      repair: !values.strict,
      ...(values.aliases ? { aliasesPath: values.aliases } : {}),
      ...(values.dataset ? { dataset: values.dataset } : {}),
    });
    const report = {
      list: result.list,
      format: result.format,
      publishedAt: result.publishedAt ?? null,
      entities: result.entities.length,
      bySchema: result.entities.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.schema]: (acc[e.schema] ?? 0) + 1 }), {}),
      repaired: result.repairs,
      stored: false,
    };
    process.stdout.write(JSON.stringify(report) + '\n');
    if (values['dry-run']) return 0;
    process.stderr.write('clientnote lists: the file is valid, but storing list versions in the database is not built yet; nothing was imported (use --dry-run to validate only)\n');
    return 1;
  } catch (error) {
    if (error instanceof ListFormatError) {
      process.stdout.write(JSON.stringify({ error: error.message, stored: false }) + '\n');
      return 1;
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import': return importList(rest);
    case 'status':
      process.stderr.write('clientnote lists status: list versions are not stored in the database yet\n');
      return 1;
    case 'update':
      process.stderr.write('clientnote lists update: downloading official files is not built yet\n');
      return 1;
    default:
      throw new UsageError(`${sub ? `unknown subcommand '${sub}'` : 'missing subcommand'}\n${USAGE}`);
  }
}
