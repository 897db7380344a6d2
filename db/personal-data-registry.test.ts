// The registry against the real schema (every migration applied): a column that
// looks personal must be in some entry's personal columns or in NOT_PERSONAL with
// a reason, and every entry must name real columns, so a new table cannot be forgotten.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKnex } from './knex.ts';
import { testConfig } from '../test/harness/platform.ts';
import { NOT_PERSONAL, PERSONAL_DATA_REGISTRY, RETENTION_CLASSES } from './personal-data-registry.ts';

/** Column names that usually hold personal data: names, contact details, IPs, birth dates, free text. */
export const LOOKS_PERSONAL = /(^|_)(name|email|e_mail|phone|mobile|address|ip|ip_address|user_agent|birth|birth_date|dob|description|note|notes|comment|comments|reason|text|message|body)(_|$)/;

const knex = createKnex(testConfig().database.ownerUrl, { poolMax: 1 });

async function schema(): Promise<Map<string, Set<string>>> {
  const rows = await knex('information_schema.columns').where({ tableSchema: 'public' }).select('tableName', 'columnName');
  const tables = new Map<string, Set<string>>();
  for (const { tableName, columnName } of rows as { tableName: string; columnName: string }[]) {
    if (tableName.startsWith('knex_')) continue;
    if (!tables.has(tableName)) tables.set(tableName, new Set());
    tables.get(tableName)!.add(columnName);
  }
  return tables;
}

function unregistered(tables: Map<string, Set<string>>, registry = PERSONAL_DATA_REGISTRY): string[] {
  const covered = new Set([
    ...registry.flatMap((e) => e.personalColumns.map((c) => `${e.table}.${c}`)),
    ...NOT_PERSONAL.map((n) => `${n.table}.${n.column}`),
  ]);
  const missing: string[] = [];
  for (const [table, columns] of tables) {
    for (const column of columns) {
      // The knex mapper camelCases results; information_schema gives snake_case names.
      const snake = column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if (LOOKS_PERSONAL.test(snake) && !covered.has(`${table}.${snake}`)) missing.push(`${table}.${snake}`);
    }
  }
  return missing.sort();
}

test('every column that looks personal is registered (or declared not personal, with a reason)', async () => {
  const missing = unregistered(await schema());
  assert.equal(missing, [], `add these to db/personal-data-registry.ts: ${missing.join(', ')}`);
});

test('the check fails for a new table with a personal column nobody registered', async () => {
  const tables = await schema();
  tables.set('support_tickets', new Set(['id', 'requester_email', 'body']));
  assert.equal(unregistered(tables), ['support_tickets.body', 'support_tickets.requester_email']);
});

test('entries name columns that exist, once per table, with a known retention class and a reason for what they keep', async () => {
  const tables = await schema();
  const seen = new Set<string>();
  for (const entry of PERSONAL_DATA_REGISTRY) {
    assert.not.ok(seen.has(entry.table), `${entry.table} registered twice`);
    seen.add(entry.table);
    assert.ok(RETENTION_CLASSES.includes(entry.retentionClass));
    if (entry.erasure.kind === 'retain') assert.ok(entry.erasure.basis.length > 10, `${entry.table} needs a legal basis`);
    const columns = tables.get(entry.table);
    if (!columns) continue; // a table of a feature whose migration is not applied in this schema
    const snake = new Set([...columns].map((c) => c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)));
    for (const column of entry.personalColumns) assert.ok(snake.has(column), `${entry.table}.${column} does not exist`);
    if ('column' in entry.subject) assert.ok(snake.has(entry.subject.column), `${entry.table}.${entry.subject.column} (subject link) does not exist`);
    if (entry.erasure.kind === 'anonymise') for (const column of Object.keys(entry.erasure.set)) assert.ok(snake.has(column), `${entry.table}.${column} (anonymised) does not exist`);
  }
  for (const n of NOT_PERSONAL) assert.ok(n.why.length > 5, `${n.table}.${n.column} needs a reason`);
});

test.after(async () => {
  await knex.destroy();
});

test.run();
