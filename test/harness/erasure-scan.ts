// The erasure scan: after an erasure, look for a person's name and address in every
// place Clientnote keeps anything. Every table of the database (each row as JSON,
// bytea as hex too), every file under a directory (document storage, the Temporal
// dev server's own store), captured log lines, the development mail sink, and every
// workflow history on the Temporal server (as stored, and with every payload decoded
// by the codec). Each finding names where it is, so a test can allow exactly the
// items a hold or a legal basis keeps and fail on anything else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from '../../db/knex.ts';
import type { DevMailSink } from '../../providers/mail/dev-sink.ts';
import type { Config } from '../../config/schema.ts';
import { createLogger } from '../../config/logger.ts';
import { decodeHistoryPayloads } from './workflow-history.ts';

export type Finding =
  | { where: 'postgres'; table: string; row: Record<string, unknown> }
  | { where: 'file'; path: string }
  | { where: 'log'; line: string }
  | { where: 'mail_sink'; to: string[]; template: string | undefined; receivedAt: Date }
  | { where: 'temporal'; workflowId: string; runId: string };

/** The needles: each as text, lower-cased, and its bytes in hex (how bytea and raw files show it). */
function patterns(needles: readonly string[]) {
  const text = needles.map((n) => n.toLowerCase());
  return { text, hex: needles.map((n) => Buffer.from(n, 'utf8').toString('hex')), bytes: needles.map((n) => Buffer.from(n, 'utf8')) };
}
const contains = (haystack: string, text: readonly string[]) => {
  const lower = haystack.toLowerCase();
  return text.some((t) => lower.includes(t));
};

export async function scanPostgres(knex: Knex, needles: readonly string[]): Promise<Finding[]> {
  const { text, hex } = patterns(needles);
  const tables = (await knex('pg_tables').where({ schemaname: 'public' }).orderBy('tablename').pluck('tablename')) as string[];
  const found: Finding[] = [];
  for (const table of tables) {
    // The row as JSON text: every column, jsonb and arrays included, bytea as \x-hex.
    const rows = (await knex.raw(
      `select row_to_json(t) as row from ?? t where lower(row_to_json(t)::text) like any(?)`,
      [table, [...text, ...hex].map((p) => `%${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    )).rows as { row: Record<string, unknown> }[];
    for (const { row } of rows) found.push({ where: 'postgres', table, row });
  }
  return found;
}

/** Every file at these paths (directories are walked; missing paths are skipped). */
export function scanFiles(paths: readonly string[], needles: readonly string[]): Finding[] {
  const { bytes } = patterns(needles);
  const lowered = bytes.map((b) => Buffer.from(b.toString('utf8').toLowerCase()));
  const found: Finding[] = [];
  const walk = (path: string): void => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return; // removed while walking
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
      return;
    }
    const content = readFileSync(path);
    const lower = Buffer.from(content.toString('latin1').toLowerCase(), 'latin1');
    if (lowered.some((needle) => lower.includes(needle))) found.push({ where: 'file', path });
  };
  for (const path of paths) walk(path);
  return found;
}

export function scanMailSink(sink: DevMailSink, needles: readonly string[]): Finding[] {
  const { text } = patterns(needles);
  return sink.messages()
    .filter((m) => contains(JSON.stringify(m), text))
    .map((m) => ({ where: 'mail_sink' as const, to: m.to, template: m.headers['x-clientnote-template'], receivedAt: m.receivedAt }));
}

/** Every workflow on the server started since `since`: its history as stored (failure messages are plain) and every payload decoded. */
export async function scanTemporal(config: Config, since: Date, needles: readonly string[]): Promise<{ findings: Finding[]; workflows: number }> {
  const { text } = patterns(needles);
  const connection = await Connection.connect({ address: config.temporal.address });
  const findings: Finding[] = [];
  let workflows = 0;
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    for await (const execution of client.workflow.list({ query: `StartTime >= "${since.toISOString()}"` })) {
      workflows += 1;
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const asStored = JSON.stringify(history, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
      const decoded = await decodeHistoryPayloads(history, config.codecKeys);
      if (contains(asStored, text) || contains(decoded, text)) findings.push({ where: 'temporal', workflowId: execution.workflowId, runId: execution.runId });
    }
  } finally {
    await connection.close();
  }
  return { findings, workflows };
}

/** The production logger at debug level, its lines kept in memory, for a scan of what was logged. */
export function capturedLogger(service: string): { logger: Logger; lines: string[]; scan(needles: readonly string[]): Finding[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ logLevel: 'debug' }, service, sink);
  return {
    logger, lines,
    scan: (needles) => {
      const { text } = patterns(needles);
      return lines.filter((line) => contains(line, text)).map((line) => ({ where: 'log' as const, line }));
    },
  };
}
