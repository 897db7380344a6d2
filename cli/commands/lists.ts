// `clientnote lists import|status|update`: list versions in Postgres. `import`
// parses a file (repairing what can be repaired, or refusing it), stores it as
// the list's next version in one transaction with its diff, shows a progress bar
// on stderr and prints the report as JSON; `--dry-run` only parses. `status`
// prints each list's current version and age; `update` downloads the official
// files from the configured URLs and imports each. Every stored version starts
// ongoing monitoring (workflow list-monitoring/<versionId>); `monitor <id>`
// starts it by hand when Temporal was unreachable at import time.
import { parseArgs } from 'node:util';
import { UsageError } from '../usage.ts';
import { loadConfig } from '../../config/index.ts';
import type { Config } from '../../config/schema.ts';
import { createKnex, type Knex } from '../../db/knex.ts';
import { isListFormat, LIST_FORMATS, ListFormatError, type ListFormat } from '../../screening/list-format.ts';
import { MAX_LIST_BYTES, parseList, parseListFile } from '../../screening/parse-list.ts';
import { importParsedList, listStatus, type ImportReport } from '../../screening/store.ts';
import { DEMO_LISTS } from '../../screening/demo-list/demo-list.ts';
import { createWorkflowGateway } from '../../temporal/client/gateway.ts';

const USAGE = `Usage:
  lists import --format <${LIST_FORMATS.join('|')}> <file> [--aliases <alt.csv>] [--strict] [--dry-run]
  lists status
  lists update
  lists monitor <list version id>`;

/** A bar on a terminal; a line per quarter otherwise (logs stay readable). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let lastQuarter = -1;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total}${done >= total ? '\n' : ''}`);
      return;
    }
    const quarter = Math.floor(share * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${label}: ${Math.round(share * 100)}% (${done}/${total})\n`);
    }
  };
}

async function withKnex<T>(config: Config, work: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = createKnex(config.database.appUrl, { poolMax: 2 });
  try {
    return await work(knex);
  } catch (error) {
    // 42P01 undefined_table: the list tables come with a migration this database has not had yet.
    if ((error as { code?: string }).code === '42P01') throw new Error('the database has no list tables yet: run `npm run -s cli -- migrate` first', { cause: error });
    throw error;
  } finally {
    await knex.destroy();
  }
}

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
    process.stderr.write(`lists import: reading ${format}…\n`);
    const result = await parseListFile(format, positionals[0]!, {
      repair: !values.strict,
      ...(values.aliases ? { aliasesPath: values.aliases } : {}),
      ...(values.dataset ? { dataset: values.dataset } : {}),
    });
    const bySchema = result.entities.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.schema]: (acc[e.schema] ?? 0) + 1 }), {});
    if (values['dry-run']) {
      process.stdout.write(JSON.stringify({ list: result.list, format: result.format, publishedAt: result.publishedAt ?? null, entities: result.entities.length, bySchema, repaired: result.repairs, stored: false }) + '\n');
      return 0;
    }
    const config = loadConfig();
    const report = await withKnex(config, (knex) => importParsedList(knex, result, { source: 'file', onProgress: progressBar(`lists import ${result.list}`) }));
    const [monitoring] = report.stored ? await startMonitoring(config, [report.versionId], (line) => process.stderr.write(line + '\n')) : [null];
    process.stdout.write(JSON.stringify({ ...report, bySchema, monitoring }) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof ListFormatError) {
      process.stdout.write(JSON.stringify({ error: error.message, stored: false }) + '\n');
      return 1;
    }
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EACCES')) {
      process.stdout.write(JSON.stringify({ error: `cannot read the list file: ${error.code}`, stored: false }) + '\n');
      return 1;
    }
    throw error;
  }
}

export type MonitoringOutcome = { versionId: string; workflowId: string; outcome: 'started' | 'already_done' } | { versionId: string; error: string };

/**
 * Start ongoing monitoring (workflow list-monitoring/<versionId>) for newly
 * stored versions. The import has committed whatever happens here: when
 * Temporal cannot be reached the outcome says so, and `lists monitor <id>`
 * starts it later.
 */
export async function startMonitoring(config: Config, versionIds: string[], log: (line: string) => void): Promise<MonitoringOutcome[]> {
  if (!versionIds.length) return [];
  let gateway;
  try {
    gateway = await createWorkflowGateway(config, 'eager');
  } catch (error) {
    const reason = `cannot reach Temporal at ${config.temporal.address}: ${error instanceof Error ? error.message : String(error)}`;
    for (const versionId of versionIds) log(`monitoring not started for list version ${versionId} (${reason}); run \`lists monitor ${versionId}\` when Temporal is up`);
    return versionIds.map((versionId) => ({ versionId, error: reason }));
  }
  try {
    const outcomes: MonitoringOutcome[] = [];
    for (const versionId of versionIds) {
      try {
        const started = await gateway.listMonitoring.start(versionId);
        log(started.outcome === 'started' ? `monitoring started: ${started.workflowId}` : `monitoring of list version ${versionId} ran before`);
        outcomes.push({ versionId, ...started });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(`monitoring not started for list version ${versionId}: ${reason}`);
        outcomes.push({ versionId, error: reason });
      }
    }
    return outcomes;
  } finally {
    await gateway.close();
  }
}

async function monitor(args: string[]): Promise<number> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (args.length !== 1 || !uuid.test(args[0]!)) throw new UsageError(`give one list version id (a UUID, see \`lists status\`)\n${USAGE}`);
  const config = loadConfig();
  const exists = await withKnex(config, async (knex) => !!(await knex('list_versions').where({ id: args[0] }).first('id')));
  if (!exists) {
    process.stdout.write(JSON.stringify({ error: `no list version ${args[0]}` }) + '\n');
    return 1;
  }
  const [outcome] = await startMonitoring(config, [args[0]!], (line) => process.stderr.write(line + '\n'));
  process.stdout.write(JSON.stringify({ monitoring: outcome }) + '\n');
  return outcome && 'error' in outcome ? 1 : 0;
}

async function status(): Promise<number> {
  const config = loadConfig();
  const lists = await withKnex(config, (knex) => listStatus(knex));
  process.stdout.write(JSON.stringify({ lists: lists.map((l) => ({ ...l, stale: l.ageDays > config.sanctionsMaxAgeDays })), maxAgeDays: config.sanctionsMaxAgeDays }) + '\n');
  return 0;
}

/** Time to the first byte: on a closed network a download fails at once or here, not after minutes. */
const CONNECT_TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 300_000;

async function download(url: string): Promise<Uint8Array> {
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(), CONNECT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([connect.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = connect.signal.aborted ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new DownloadError(`cannot download ${new URL(url).host}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new DownloadError(`cannot download ${new URL(url).host}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_LIST_BYTES) throw new DownloadError(`the file at ${new URL(url).host} is larger than ${MAX_LIST_BYTES} bytes`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_LIST_BYTES) throw new DownloadError(`the file at ${new URL(url).host} is larger than ${MAX_LIST_BYTES} bytes`);
  return bytes;
}

class DownloadError extends Error {
  override name = 'DownloadError';
}

interface UpdateSource {
  format: ListFormat;
  url: string;
  aliasesUrl?: string;
}

function updateSources(config: Config): UpdateSource[] {
  const u = config.sanctionsUrls;
  const sources: UpdateSource[] = [];
  if (u.un) sources.push({ format: 'un-xml', url: u.un });
  if (u.ofacSdn) sources.push({ format: 'ofac-sdn-csv', url: u.ofacSdn, ...(u.ofacAlt ? { aliasesUrl: u.ofacAlt } : {}) });
  if (u.eu) sources.push({ format: 'eu-fsf-xml', url: u.eu });
  if (u.uk) sources.push({ format: 'uk-csv', url: u.uk });
  return sources;
}

export type UpdateOutcome = { format: ListFormat; host: string; ok: true; report: ImportReport } | { format: ListFormat; host: string; ok: false; error: string };

/** Download and import every configured list; each list on its own (one failing download does not stop the others). */
export async function updateLists(config: Config, knex: Knex): Promise<UpdateOutcome[]> {
  return Promise.all(updateSources(config).map(async (source): Promise<UpdateOutcome> => {
    const host = new URL(source.url).host;
    try {
      const [bytes, aliases] = await Promise.all([download(source.url), source.aliasesUrl ? download(source.aliasesUrl) : Promise.resolve(undefined)]);
      const parsed = await parseList(source.format, bytes, aliases ? { aliases } : {});
      const report = await importParsedList(knex, parsed, { source: 'update' });
      return { format: source.format, host, ok: true, report };
    } catch (error) {
      if (error instanceof DownloadError || error instanceof ListFormatError) return { format: source.format, host, ok: false, error: error.message };
      throw error;
    }
  }));
}

async function update(): Promise<number> {
  const config = loadConfig();
  if (updateSources(config).length === 0) {
    process.stderr.write('lists update: every SANCTIONS_*_URL is off; nothing to download\n');
    return 1;
  }
  const outcomes = await withKnex(config, (knex) => updateLists(config, knex));
  const stored = outcomes.flatMap((o) => (o.ok && o.report.stored ? [o.report.versionId] : []));
  const monitoring = await startMonitoring(config, stored, (line) => process.stderr.write(line + '\n'));
  process.stdout.write(JSON.stringify({ lists: outcomes, monitoring }) + '\n');
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) {
    process.stderr.write(`lists update: ${failed.length} of ${outcomes.length} lists were not updated (no network access to the official sources? set SANCTIONS_*_URL or import files with \`lists import\`)\n`);
    return 1;
  }
  return 0;
}

/**
 * The start command's list step: download the official lists when
 * SANCTIONS_AUTO_UPDATE is true (a failure is logged, start goes on), otherwise
 * load the shipped demo lists (each stored only when it changed; never in production).
 */
export async function prepareListsAtStart(config: Config, log: (line: string) => void): Promise<void> {
  const stored = await withKnex(config, async (knex) => {
    const versions: string[] = [];
    if (config.sanctionsAutoUpdate) {
      log('downloading the official sanctions lists…');
      for (const outcome of await updateLists(config, knex)) {
        log(outcome.ok ? `list ${outcome.report.list}: version ${outcome.report.version} (${outcome.report.entities} entities)` : `list ${outcome.format} not updated: ${outcome.error}`);
        if (outcome.ok && outcome.report.stored) versions.push(outcome.report.versionId);
      }
      return versions;
    }
    if (config.env === 'production') {
      log('SANCTIONS_AUTO_UPDATE is false: import the lists with `lists import` or run `lists update`');
      return versions;
    }
    for (const list of DEMO_LISTS) {
      const report = await importParsedList(knex, list, { source: 'demo', skipIfUnchanged: true });
      log(report.unchanged ? `demo screening list ${report.list} is up to date` : `loaded the demo screening list ${report.list} (version ${report.version})`);
      if (report.stored) versions.push(report.versionId);
    }
    return versions;
  });
  // A new version re-screens the active parties; the worker picks the runs up once it is started.
  await startMonitoring(config, stored, log);
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import': return importList(rest);
    case 'status':
      if (rest.length) throw new UsageError(`status takes no arguments\n${USAGE}`);
      return status();
    case 'update':
      if (rest.length) throw new UsageError(`update takes no arguments\n${USAGE}`);
      return update();
    case 'monitor': return monitor(rest);
    default:
      throw new UsageError(`${sub ? `unknown subcommand '${sub}'` : 'missing subcommand'}\n${USAGE}`);
  }
}
