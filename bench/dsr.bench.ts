// Data-subject request benchmark (issue 6, "Performance"): discovery and erasure for
// one person in a database with 1,000,000 rows across the registry's tables (< 1 s),
// and an access export for a person with 10,000 rows about them (< 5 s).
//
// Provisions a throwaway database (migrated, demo organisations seeded), fills the
// tables the personal-data registry walks with set-based SQL, and calls the product's
// own code: the DSR activities (discoverPersonalData, executeDsrPlan) over the
// app role, and for the export the same zipArchive/toCsv the download route uses.
// The database is dropped at the end, also on failure or Ctrl-C.
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem, freemem } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex } from '../db/knex.ts';
import { seedDemo, DEMO_ORGS } from '../db/seeds/demo.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { dsrEmailKey } from '../db/dsr-email-key.ts';
import { createDsrRepository } from '../db/repositories/dsr.ts';
import { PERSONAL_DATA_REGISTRY } from '../db/personal-data-registry.ts';
import { createDsrActivities } from '../activities/dsr.ts';
import { zipArchive } from '../api/zip-archive.ts';
import { toCsv } from '../domain/dsr/export-csv.ts';
import type { DsrRight } from '../domain/dsr/request.ts';
import type { Mailer } from '../providers/mail/mailer.ts';

const { values: opts } = parseArgs({ options: { reps: { type: 'string', default: '7' }, scale: { type: 'string', default: '1' } } });
const REPS = Number(opts.reps);
const SCALE = Number(opts.scale);
const EXPORT_REPS = Math.max(2, Math.ceil(REPS / 2));

/** Background rows per table (× --scale): 1,000,000 in all with the demo data and the subjects. */
const SPREAD = {
  users: 50_000, user_roles: 50_000, sessions: 140_000, audit_events: 330_000, mail_log: 150_000,
  login_throttle: 60_000, dsr_requests: 10_000, dsr_events: 40_000, cases: 30_000, case_parties: 110_000,
};
const n = (k: keyof typeof SPREAD) => Math.round(SPREAD[k] * SCALE);

const say = (line = '') => process.stdout.write(`${line}\n`);
const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const machine = () => ({ loadavg: loadavg().map((l) => Math.round(l * 100) / 100), cores: cpus().length, freeGiB: r1(freemem() / 2 ** 30), totalGiB: r1(totalmem() / 2 ** 30) });

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try { await step(); } catch (error) { process.stderr.write(`cleanup: ${(error as Error).message}\n`); }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanUp().then(() => process.exit(130)); });

const ORG = DEMO_ORGS[0].id;
const OTHER_ORG = DEMO_ORGS[1].id;
const eraseEmail = (k: number) => `erase-${k}@bench.test`;
const exportEmail = (k: number) => `export-${k}@bench.test`;

async function main(): Promise<void> {
  const summary: Record<string, unknown> = { bench: 'dsr', startedAt: new Date().toISOString(), machineAtStart: machine() };
  say(`# DSR benchmark, ${summary.startedAt as string}`);
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  cleanups.push(drop);
  await migrateUp({ ownerUrl, appUrl });
  const owner = createKnex(ownerUrl, { poolMax: 2 });
  cleanups.push(() => owner.destroy());
  await seedDemo(owner, { passwordHash: await hashPassword('bench-password-not-used') });
  const secret = randomBytes(32).toString('hex');

  // ── Fill: set-based SQL, deterministic ids (md5 of a tag) so rows can point at each other.
  const seedStarted = performance.now();
  const uid = (tag: string) => `md5(${tag})::uuid`;
  const sql = async (text: string, bindings: unknown[] = []) => { await owner.raw(text, bindings as never); };
  // Background: many platform users in both organisations, their sessions, audit trail, mail, throttle rows.
  await sql(`insert into users (id, org_id, email, name, password_hash, locale, created_at)
    select ${uid("'u' || g")}, case when g % 3 = 0 then ?::uuid else ?::uuid end, 'user-' || g || '@bench.test', 'Bench User ' || g,
           '$argon2id$v=19$m=19456,t=2,p=1$bench$bench', (array['da','en'])[1 + g % 2], now() - g * interval '1 minute'
    from generate_series(1, ?) g`, [OTHER_ORG, ORG, n('users')]);
  await sql(`insert into user_roles (user_id, role) select ${uid("'u' || g")}, (array['handler','reviewer','org_admin'])[1 + g % 3] from generate_series(1, ?) g`, [n('user_roles')]);
  await sql(`insert into sessions (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)
    select ${uid("'u' || (1 + g % ?)")}, decode(md5('s' || g), 'hex'), md5('c' || g), now() - g * interval '10 seconds', now() - g * interval '5 seconds', now() + interval '1 day'
    from generate_series(1, ?) g`, [n('users'), n('sessions')]);
  await sql(`insert into audit_events (org_id, chain, seq, actor_user_id, action, target_type, target_id, details, prev_hash, hash, created_at)
    select case when g % 3 = 0 then ?::uuid else ?::uuid end, 'bench', g, ${uid("'u' || (1 + g % ?)")},
           (array['auth.login','case.create','case.update','hit.decide','section.edit'])[1 + g % 5], 'case', md5('c' || g), '{}'::jsonb,
           md5('p' || g), md5('h' || g), now() - g * interval '3 seconds'
    from generate_series(1, ?) g`, [OTHER_ORG, ORG, n('users'), n('audit_events')]);
  await sql(`insert into mail_log (org_id, recipient_user_id, template, template_version, locale, business_key, status, created_at, sent_at)
    select ?::uuid, ${uid("'u' || (1 + g % ?)")}, (array['invitation','password_reset','case_assigned'])[1 + g % 3], 1, 'da', 'bench:' || g, 'sent',
           now() - g * interval '7 seconds', now() - g * interval '7 seconds'
    from generate_series(1, ?) g`, [ORG, n('users'), n('mail_log')]);
  await sql(`insert into login_throttle (key, points)
    select case g % 3 when 0 then 'ip:10.' || (g / 65536) % 256 || '.' || (g / 256) % 256 || '.' || g % 256 when 1 then 'acct:user-' || g || '@bench.test' else 'lock:user-' || g || '@bench.test' end, 1 + g % 5
    from generate_series(1, ?) g`, [n('login_throttle')]);
  await sql(`insert into dsr_requests (id, rights, relationship, status, requester_name, requester_email, email_key, description, received_at, due_at, status_token_hash, created_at)
    select ${uid("'d' || g")}, array[(array['access','erasure','rectification','portability'])[1 + g % 4]], 'platform_user', 'closed', 'Requester ' || g, 'requester-' || g || '@bench.test',
           md5('k' || g), 'bench request', now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '30 days', decode(md5('t' || g), 'hex'), now() - g * interval '1 hour'
    from generate_series(1, ?) g`, [n('dsr_requests')]);
  await sql(`insert into dsr_events (request_id, kind, details, idempotency_key, created_at)
    select ${uid("'d' || (1 + g % ?)")}, (array['received','verified','plan_approved','response_sent'])[1 + g % 4], '{}'::jsonb, 'bench:' || g, now() - g * interval '15 minutes'
    from generate_series(1, ?) g`, [n('dsr_requests'), n('dsr_events')]);
  await sql(`insert into cases (id, org_id, type, status, client_kind, client_name, client_cvr, created_at, updated_at)
    select ${uid("'c' || g")}, case when g % 10 = 0 then ?::uuid else ?::uuid end, 'onboarding', 'monitoring', 'company', 'Bench Selskab ' || g || ' ApS',
           lpad((10000000 + g)::text, 8, '0'), now() - g * interval '15 minutes', now() - g * interval '15 minutes'
    from generate_series(1, ?) g`, [OTHER_ORG, ORG, n('cases')]);
  await sql(`insert into case_parties (org_id, case_id, registry_id, kind, name, country, birth_date, roles)
    select c.org_id, c.id, 'cvr:' || g, 'person', 'Party ' || g, 'DK', date '1950-01-01' + (g % 18000), array['director']
    from generate_series(1, ?) g join cases c on c.id = ${uid("'c' || (1 + g % ?)")}`, [n('case_parties'), n('cases')]);

  // The erasure subjects (one per repetition, plus a warm-up): a modest footprint each — an account with a role,
  // 5 sessions, 20 audit events, 10 mails, two throttle rows, an earlier request with 3 events, and a case party
  // with their name in a customer's case (routed to the controller, so not discovered here).
  const subjects = REPS + 1;
  await sql(`insert into users (id, org_id, email, name, password_hash, locale) select ${uid("'e' || k")}, ?::uuid, 'erase-' || k || '@bench.test', 'Erase Subject ' || k, 'x', 'da' from generate_series(1, ?) k`, [ORG, subjects]);
  await sql(`insert into user_roles (user_id, role) select ${uid("'e' || k")}, 'handler' from generate_series(1, ?) k`, [subjects]);
  await sql(`insert into sessions (user_id, token_hash, csrf_token, expires_at) select ${uid("'e' || k")}, decode(md5('es' || k || ':' || i), 'hex'), 'x', now() + interval '1 day' from generate_series(1, ?) k, generate_series(1, 5) i`, [subjects]);
  await sql(`insert into audit_events (org_id, chain, seq, actor_user_id, action, details, prev_hash, hash, created_at)
    select ?::uuid, 'bench-erase', k * 1000 + i, ${uid("'e' || k")}, 'case.update', '{}'::jsonb, 'p', 'h', now() from generate_series(1, ?) k, generate_series(1, 20) i`, [ORG, subjects]);
  await sql(`insert into mail_log (org_id, recipient_user_id, template, template_version, locale, business_key, status)
    select ?::uuid, ${uid("'e' || k")}, 'case_assigned', 1, 'da', 'bench-erase:' || k || ':' || i, 'sent' from generate_series(1, ?) k, generate_series(1, 10) i`, [ORG, subjects]);
  await sql(`insert into login_throttle (key, points) select p || ':erase-' || k || '@bench.test', 1 from generate_series(1, ?) k, unnest(array['acct','lock']) p`, [subjects]);
  await sql(`insert into dsr_requests (id, rights, relationship, status, requester_name, requester_email, email_key, received_at, due_at, status_token_hash)
    select ${uid("'ed' || k")}, array['access'], 'platform_user', 'closed', 'Erase Subject ' || k, 'erase-' || k || '@bench.test', 'old-key-' || k, now() - interval '1 year', now() - interval '11 months', decode(md5('et' || k), 'hex')
    from generate_series(1, ?) k`, [subjects]);
  await sql(`insert into dsr_events (request_id, kind, idempotency_key) select ${uid("'ed' || k")}, 'received', 'bench-erase:' || k || ':' || i from generate_series(1, ?) k, generate_series(1, 3) i`, [subjects]);
  await sql(`insert into case_parties (org_id, case_id, registry_id, kind, name) select ?::uuid, ${uid("'c1'")}, 'erase:' || k, 'person', 'Erase Subject ' || k from generate_series(1, ?) k`, [ORG, subjects]);
  // The export subjects (one per repetition, plus a warm-up; a subject exported twice would also get their first
  // export back inside the second): 10,000 rows about each — account, role, 2,000 sessions, 5,000 audit events,
  // 2,995 mails, two throttle rows; their request makes the 10,000th.
  const exportSubjects = EXPORT_REPS + 1;
  await sql(`insert into users (id, org_id, email, name, password_hash, locale) select ${uid("'x' || k")}, ?::uuid, 'export-' || k || '@bench.test', 'Export Subject ' || k, 'x', 'en' from generate_series(1, ?) k`, [ORG, exportSubjects]);
  await sql(`insert into user_roles (user_id, role) select ${uid("'x' || k")}, 'handler' from generate_series(1, ?) k`, [exportSubjects]);
  await sql(`insert into sessions (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)
    select ${uid("'x' || k")}, decode(md5('xs' || k || ':' || i), 'hex'), md5('xc' || i), now() - i * interval '1 hour', now() - i * interval '1 hour', now() + interval '1 day'
    from generate_series(1, ?) k, generate_series(1, 2000) i`, [exportSubjects]);
  await sql(`insert into audit_events (org_id, chain, seq, actor_user_id, action, target_type, target_id, details, prev_hash, hash, created_at)
    select ?::uuid, 'bench-export', k * 10000 + i, ${uid("'x' || k")}, (array['auth.login','case.create','case.update','hit.decide','section.edit'])[1 + i % 5], 'case', md5('c' || i),
           jsonb_build_object('step', 'screening', 'n', i), md5('xp' || i), md5('xh' || i), now() - i * interval '1 minute'
    from generate_series(1, ?) k, generate_series(1, 5000) i`, [ORG, exportSubjects]);
  await sql(`insert into mail_log (org_id, recipient_user_id, template, template_version, locale, business_key, status, created_at, sent_at)
    select ?::uuid, ${uid("'x' || k")}, 'case_assigned', 1, 'en', 'bench-export:' || k || ':' || i, 'sent', now() - i * interval '2 hours', now() - i * interval '2 hours'
    from generate_series(1, ?) k, generate_series(1, 2995) i`, [ORG, exportSubjects]);
  await sql(`insert into login_throttle (key, points) select p || ':export-' || k || '@bench.test', 1 from generate_series(1, ?) k, unnest(array['acct','lock']) p`, [exportSubjects]);
  const tables = PERSONAL_DATA_REGISTRY.map((e) => e.table);
  for (const table of tables) await sql(`analyze ${table}`);
  const rowCounts: Record<string, number> = {};
  for (const table of tables) rowCounts[table] = Number((await owner.raw(`select count(*)::int as n from ${table}`)).rows[0].n);
  const totalRows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
  summary.seedSeconds = r1((performance.now() - seedStarted) / 1000);
  summary.rows = { total: totalRows, ...Object.fromEntries(Object.entries(rowCounts).filter(([, v]) => v > 0)) };
  say(`seeded ${totalRows.toLocaleString('en')} rows across the registry's tables in ${summary.seedSeconds as number} s`);

  // ── The product's code paths, over the app role as the worker runs them.
  const knex = createKnex(appUrl, { poolMax: 5 });
  cleanups.push(() => knex.destroy());
  const mailer = { send: async () => 'sent' as const, close() {} } as unknown as Mailer;
  const activities = createDsrActivities({ knex, secret, publicUrl: 'http://127.0.0.1', mailer });
  const requests = createDsrRepository(knex);
  const newRequest = async (email: string, name: string, rights: DsrRight[]) => {
    const now = new Date();
    const record = await requests.create({
      id: randomUUID(), rights, relationship: 'platform_user', locale: 'da', name, email, emailKey: dsrEmailKey(secret, email), description: '',
      receivedAt: now, dueAt: new Date(now.getTime() + 30 * 86_400_000), statusTokenHash: randomBytes(32),
    });
    return record.id;
  };

  // Erasure: a fresh subject per repetition (k = 0 is the warm-up, not counted).
  const erasure = { discoverMs: [] as number[], executeMs: [] as number[], totalMs: [] as number[], items: 0, erased: 0, retained: 0, remaining: 0 };
  for (let k = 1; k <= subjects; k++) {
    const requestId = await newRequest(eraseEmail(k), `Erase Subject ${k}`, ['erasure']);
    const t0 = performance.now();
    const found = await activities.discoverPersonalData({ requestId });
    const t1 = performance.now();
    const done = await activities.executeDsrPlan({ requestId });
    const t2 = performance.now();
    const { remaining } = await activities.verifyDsrExecution({ requestId });
    if (k === 1) continue;
    erasure.discoverMs.push(t1 - t0);
    erasure.executeMs.push(t2 - t1);
    erasure.totalMs.push(t2 - t0);
    erasure.items = found.items;
    erasure.erased = done.erased;
    erasure.retained = done.retained;
    erasure.remaining += remaining;
  }
  const stats = (v: number[]) => ({ p50: r1(pct(v, 0.5)), max: r1(Math.max(...v)) });
  summary.erasure = {
    repetitions: erasure.totalMs.length, itemsPerSubject: erasure.items, erasedPerSubject: erasure.erased, retainedPerSubject: erasure.retained,
    remainingAfterVerify: erasure.remaining,
    discoverMs: stats(erasure.discoverMs), executeMs: stats(erasure.executeMs), discoverPlusEraseMs: stats(erasure.totalMs),
    target: '< 1000 ms', met: Math.max(...erasure.totalMs) < 1000,
  };
  say(`erasure: ${JSON.stringify(summary.erasure)}`);

  // Access export: discovery, execution (export rows read and stored as the worker does), then the zip as GET …/export builds it.
  const exp = { discoverMs: [] as number[], executeMs: [] as number[], zipMs: [] as number[], totalMs: [] as number[], items: 0, zipBytes: 0, csvFiles: 0 };
  for (let k = 1; k <= EXPORT_REPS + 1; k++) {
    const requestId = await newRequest(exportEmail(k), `Export Subject ${k}`, ['access']);
    const t0 = performance.now();
    const found = await activities.discoverPersonalData({ requestId });
    const t1 = performance.now();
    await activities.executeDsrPlan({ requestId });
    const t2 = performance.now();
    const content = (await requests.getExport(requestId, new Date())) as { tables?: Record<string, Record<string, unknown>[]> } | null;
    if (content === null) throw new Error('no export was stored');
    const tablesOut = Object.entries(content.tables ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const zip = zipArchive([
      { name: 'export.json', content: JSON.stringify(content, null, 2) },
      ...tablesOut.map(([table, rows]) => ({ name: `csv/${table}.csv`, content: toCsv(rows) })),
    ]);
    const t3 = performance.now();
    if (k === 1) continue;
    exp.discoverMs.push(t1 - t0);
    exp.executeMs.push(t2 - t1);
    exp.zipMs.push(t3 - t2);
    exp.totalMs.push(t3 - t0);
    exp.items = found.items;
    exp.zipBytes = zip.length;
    exp.csvFiles = tablesOut.length;
  }
  summary.export = {
    repetitions: exp.totalMs.length, rowsFound: exp.items, csvFiles: exp.csvFiles, zipBytes: exp.zipBytes,
    discoverMs: stats(exp.discoverMs), executeExportMs: stats(exp.executeMs), readAndZipMs: stats(exp.zipMs), totalMs: stats(exp.totalMs),
    target: '< 5000 ms', met: Math.max(...exp.totalMs) < 5000,
  };
  say(`export: ${JSON.stringify(summary.export)}`);
  summary.machineAtEnd = machine();
  say('\n```json');
  say(JSON.stringify(summary, null, 2));
  say('```');
}

try {
  await main();
} catch (error) {
  process.stderr.write(`\nbenchmark failed: ${String((error as Error).stack).slice(0, 2000)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
