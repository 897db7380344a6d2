// Retention benchmark (issue 14, "Performance"): a sweep over 1,000,000 due
// mail-log rows (goal: under 30 s), and purging one case with 100 documents,
// rows and files (goal: under 5 s).
//
// Provisions a throwaway database (migrated, demo organisations seeded), fills
// mail_log with set-based SQL, and runs the product's own code over the app
// role: the class sweep the activity runs (db/retention/sweep.ts, batches of
// 5,000, each one transaction with its batch record) and the case purge
// (db/retention/case-purge.ts, then removeListedFiles over file storage). The
// Temporal round trips around them are not part of the figures. The database
// and the storage folder are removed at the end, also on failure or Ctrl-C.
//   npm run bench:retention                       (1,000,000 rows, 100 documents)
//   npm run bench:retention -- --rows 100000 --documents 20
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex } from '../db/knex.ts';
import { seedDemo, DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { createRetentionRepository } from '../db/repositories/retention.ts';
import { sweepClass } from '../db/retention/sweep.ts';
import { sweeperFor } from '../db/retention/sweepers.ts';
import { purgeCase, removeListedFiles } from '../db/retention/case-purge.ts';
import { SWEEP_BATCH_SIZE } from '../activities/retention.ts';
import { createFileStorage } from '../providers/storage/file.ts';
import { createDocumentVault, keyFromSecret } from '../providers/storage/encryption.ts';

const { values: opts } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, documents: { type: 'string', default: '100' } } });
const ROWS = Number(opts.rows);
const DOCUMENTS = Number(opts.documents);
const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try { await step(); } catch (error) { process.stderr.write(`cleanup: ${(error as Error).message}\n`); }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanUp().then(() => process.exit(130)); });

async function main(): Promise<void> {
  say(`# Retention benchmark, ${new Date().toISOString()} (${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
  cleanups.push(drop);
  await migrateUp({ ownerUrl, appUrl });
  const owner = createKnex(ownerUrl, { poolMax: 2 });
  cleanups.push(() => owner.destroy());
  await seedDemo(owner, { passwordHash: await hashPassword('bench-password-not-used') });
  const app = createKnex(appUrl, { poolMax: 4 });
  cleanups.push(() => app.destroy());
  const retention = createRetentionRepository(app);
  const org = DEMO_ORGS[0].id;

  // 1. The sweep over ROWS due mail-log rows (sent two years ago; the default period is 12 months).
  let t = performance.now();
  await owner.raw(`
    insert into mail_log (org_id, template, template_version, locale, business_key, status, created_at, sent_at)
    select case when g % 2 = 0 then ?::uuid else ?::uuid end, 'invitation', 1, 'da', 'bench-' || g, 'sent',
           now() - interval '2 years' + (g || ' seconds')::interval, now() - interval '2 years'
    from generate_series(1, ?) g`, [org, DEMO_ORGS[1].id, ROWS]);
  await owner.raw('analyze mail_log');
  say(`seeded ${ROWS.toLocaleString('en')} mail-log rows in ${seconds(performance.now() - t)}`);
  const [sweep] = await app('retention_sweeps').insert({ workflowId: `bench-${randomUUID()}`, dryRun: false, asOf: new Date() }).returning(['id', 'asOf']);
  t = performance.now();
  const swept = await sweepClass(app, retention, { sweepId: sweep.id, sweeper: sweeperFor('mail_log')!, asOf: new Date(sweep.asOf), dryRun: false, batchSize: SWEEP_BATCH_SIZE });
  await retention.finishSweep(sweep.id, ['mail_log']);
  const sweepMs = performance.now() - t;
  const left = Number((await app('mail_log').count({ n: '*' }))[0]!.n);
  say(`sweep: ${swept.rows.toLocaleString('en')} rows in ${swept.batches} batches, ${seconds(sweepMs)} (${Math.round(swept.rows / (sweepMs / 1000)).toLocaleString('en')} rows/s); ${left} left — goal under 30 s: ${sweepMs < 30_000 ? 'met' : 'MISSED'}`);

  // 2. One case with DOCUMENTS documents (encrypted files on disk), parties, hits, sections, notes.
  const dir = mkdtempSync(join(tmpdir(), 'clientnote-bench-docs-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const storage = createFileStorage(dir);
  const vault = createDocumentVault(storage, [keyFromSecret(randomBytes(32).toString('hex'))]);
  const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!.id;
  const [c] = await owner('cases').insert({
    orgId: org, type: 'onboarding', status: 'ended', step: null, clientKind: 'company', clientName: 'Bench Bageri ApS', clientCvr: '38411063',
    retentionUntil: '2026-01-01', relationshipEndedOn: '2021-01-01', purgeStatus: 'awaiting_approval', purgeApprovedAt: new Date(), purgeApprovedBy: handler,
  }).returning('id');
  const caseId = c.id as string;
  const parties = await owner('case_parties').insert(Array.from({ length: 20 }, (_, i) => ({ orgId: org, caseId, kind: 'person', name: `Person ${i}`, registryId: `p${i}`, roles: ['board_member'] }))).returning('id');
  await owner('case_hits').insert(parties.map((p, i) => ({ orgId: org, caseId, partyId: p.id, entityId: `e${i}`, list: 'bench', listedName: `Person ${i}`, primaryName: `Person ${i}`, score: 0.9, explanation: JSON.stringify({}), decision: 'dismissed', reason: 'Anden person' })));
  await owner('case_notes').insert(Array.from({ length: 30 }, (_, i) => ({ orgId: org, caseId, authorId: handler, body: `Note ${i}` })));
  const pdf = Buffer.alloc(200_000, 1);
  for (let i = 0; i < DOCUMENTS; i += 1) {
    const id = randomUUID();
    const storageKey = `${org}/${id}`;
    const sealed = await vault.put(id, storageKey, pdf);
    await owner('case_documents').insert({ id, orgId: org, caseId, name: `bilag-${i}.pdf`, type: 'pdf', sizeBytes: pdf.length, sha256: 'x', storageKey, keyId: sealed.keyId, wrappedKey: sealed.wrappedKey });
  }
  const filesBefore = readdirSync(join(dir, org)).length;
  t = performance.now();
  const purged = await purgeCase(app, retention, { orgId: org, caseId, now: new Date() });
  const rowsMs = performance.now() - t;
  const removed = await removeListedFiles(retention, storage, caseId);
  const purgeMs = performance.now() - t;
  const filesAfter = readdirSync(join(dir, org)).length;
  if (purged.outcome !== 'purged') throw new Error(`the purge said ${purged.outcome}`);
  say(`case purge: ${Object.values(purged.counts).reduce((a, b) => a + b, 0)} rows (${JSON.stringify(purged.counts)}) in ${seconds(rowsMs)}, then ${removed} files (${filesBefore} → ${filesAfter} on disk): ${seconds(purgeMs)} in all — goal under 5 s: ${purgeMs < 5_000 ? 'met' : 'MISSED'}`);
}

main().then(cleanUp, async (error) => {
  await cleanUp();
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
