// Sending a personal-data export as a download: a zip of `export.json` and one
// formula-safe CSV per table (csv/<table>.csv), or the JSON alone. Never cached.
// The requester's access export and an organisation's export of a forwarded
// request both answer this way.
import type { Context } from 'koa';
import { toCsv } from '../domain/dsr/export-csv.ts';
import { zipArchive, type ZipEntry } from './zip-archive.ts';

/** `files` (documents, as the person gave them) go into the zip only; the JSON lists them in its tables. */
export function sendExport(ctx: Context, input: { baseName: string; format: 'zip' | 'json'; content: unknown; tables: Record<string, Record<string, unknown>[]>; files?: readonly ZipEntry[] }): void {
  ctx.set('cache-control', 'no-store');
  if (input.format === 'json') {
    ctx.set('content-disposition', `attachment; filename="${input.baseName}.json"`);
    ctx.body = input.content;
    return;
  }
  const tables = Object.entries(input.tables).sort(([a], [b]) => a.localeCompare(b));
  ctx.set('content-disposition', `attachment; filename="${input.baseName}.zip"`);
  ctx.type = 'application/zip';
  ctx.body = zipArchive([
    { name: 'export.json', content: JSON.stringify(input.content, null, 2) },
    ...tables.map(([table, rows]) => ({ name: `csv/${table}.csv`, content: toCsv(rows) })),
    ...(input.files ?? []),
  ]);
}
