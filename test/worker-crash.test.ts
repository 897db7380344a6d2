// A worker dies (SIGKILL) after an activity committed its side effect and before
// it reported completion. A new worker takes over; the workflow completes and
// the effect exists exactly once. The same for the retention sweep: killed after
// its first batch, the sweep finishes on another worker without deleting or
// counting anything twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { childEnvironment } from '../config/index.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { createRetentionRepository } from '../db/repositories/retention.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { resetDatabase, startApi, startWorker } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { fileCaseDirectly } from './harness/kyc-case.ts';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../temporal/data-converter.ts';
import { testConfig } from './harness/platform.ts';
import { DEFAULT_CASE_DURATIONS, kycCaseWorkflowId } from '../domain/kyc/case-workflow.ts';

test('SIGKILL between commit and completion: exactly one row, workflow completes', async () => {
  await resetDatabase();
  const api = await startApi();
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/worker-that-stalls-after-commit.ts'], {
    cwd: REPO_ROOT, env: childEnvironment(), stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waitFor = (prefix: string) => new Promise<string>((resolve) => lines.on('line', (line) => { if (line.startsWith(prefix)) resolve(line); }));
  try {
    const orgId = DEMO_ORGS[0].id;
    const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;
    const reviewer = DEMO_USERS.find((u) => u.email === 'reviewer@demo.test')!;
    const created = await createCaseRepository(api.knex).create(orgId, {
      type: 'onboarding', clientKind: 'company', clientName: null, clientCvr: '38411063', createdBy: handler.id, assigneeId: handler.id, dueAt: null,
    });
    await withTimeout(waitFor('READY'), 60_000, 'stalling worker start');
    await api.workflows.startCase({ caseId: created.id, orgId, durations: { ...DEFAULT_CASE_DURATIONS, retentionSeconds: 1 } });
    const committed = await withTimeout(waitFor('COMMITTED'), 30_000, 'first activity commit');
    child.kill('SIGKILL');
    const key = committed.split(' ')[2]!;
    assert.ok(key.endsWith(':case_opened'));
    const rowsAfterKill = await api.knex('case_events').where({ idempotencyKey: key });
    assert.is(rowsAfterKill.length, 1, 'the side effect was committed before the kill');

    const worker = await startWorker();
    try {
      // The activity is retried on the new worker once its start-to-close timeout expires.
      await eventually(async () => (await api.workflows.caseProgress(created.id))?.registry === 'collected', 60_000, 'registry data after the restart');
      await fileCaseDirectly(api, { orgId, caseId: created.id }, handler.id, 'data_collection');
      for (const step of ['data_collection', 'screening', 'risk'] as const) {
        await withTimeout(api.workflows.completeStep(created.id, { step, actorId: handler.id }), 60_000, `step ${step}`);
      }
      await fileCaseDirectly(api, { orgId, caseId: created.id }, handler.id, 'report');
      const reportVersion = 'c'.repeat(64);
      await api.workflows.submit(created.id, { reportVersion, actorId: handler.id });
      const approved = await withTimeout(api.workflows.decide(created.id, { decision: 'approve', actorId: reviewer.id, roles: ['reviewer'], reportVersion }), 30_000, 'approve');
      assert.is(approved.status, 'monitoring');
      await api.workflows.endRelationship(created.id, { actorId: handler.id });
      // The end of retention: the case waits for an org admin's approval of its purge.
      const retention = createRetentionRepository(api.knex);
      const admin = DEMO_USERS.find((u) => u.email === 'admin@demo.test')!;
      await eventually(async () => (await retention.approvePurge(orgId, created.id, admin.id)) === 'approved', 60_000, 'the purge awaiting approval');
      const opened = await api.knex('case_events').where({ caseId: created.id, kind: 'case_opened' });
      assert.is(opened.length, 1, 'exactly one row for the effect');
      const all = await api.knex('case_events').where({ caseId: created.id }).orderBy([{ column: 'createdAt' }, { column: 'id' }]);
      assert.equal(all.map((e: { kind: string }) => e.kind), [
        'case_opened', 'registry_collected', 'step_completed:data_collection', 'screened', 'step_completed:screening', 'risk_assessed',
        // The sections are written to Postgres by the handler (no workflow event of their own); the submission gate reads them.
        'step_completed:risk', 'report_drafted', 'submitted', 'decision:approve',
        'monitoring_started', 'relationship_ended', 'retention_expired',
      ]);
      await api.workflows.retention.approvePurge(created.id);
      const result = await withTimeout(client.workflow.getHandle(kycCaseWorkflowId(created.id)).result(), 30_000, 'workflow result');
      assert.equal(result, { status: 'ended' });
      assert.is((await api.knex('case_events').where({ caseId: created.id })).length, 0, 'purged: only the tombstone is left');
    } finally {
      await worker.close();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await connection.close();
    await api.close();
  }
});


test('SIGKILL mid-sweep: another worker finishes the retention sweep, every row removed and counted once', async () => {
  await resetDatabase();
  const api = await startApi();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/worker-that-stalls-after-commit.ts'], {
    cwd: REPO_ROOT, env: childEnvironment(), stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waitFor = (prefix: string) => new Promise<string>((resolve) => lines.on('line', (line) => { if (line.startsWith(prefix)) resolve(line); }));
  try {
    const ids: string[] = [];
    for (let i = 0; i < 35; i += 1) {
      const [row] = await api.knex('mail_log').insert({
        orgId: DEMO_ORGS[0].id, template: 'invitation', templateVersion: 1, locale: 'da', businessKey: `crash-${i}`, status: 'sent', createdAt: new Date(Date.now() - (400 + i) * 86_400_000),
      }).returning('id');
      ids.push(row.id);
    }
    await withTimeout(waitFor('READY'), 60_000, 'stalling worker start');
    const sweepId = randomUUID();
    const { workflowId } = await api.workflows.retention.startSweep({ sweepId, batchSize: 10 });
    const committed = await withTimeout(waitFor('COMMITTED sweepRetentionClass'), 30_000, 'the first batch committed');
    child.kill('SIGKILL');
    assert.ok(committed.endsWith(`${sweepId}:mail_log:1`), committed);
    assert.is((await api.knex('mail_log').whereIn('id', ids)).length, 25, 'the first batch went before the kill');

    const worker = await startWorker();
    try {
      // The sweep's activity is retried on the new worker once its heartbeat times out.
      const result = await withTimeout(api.workflows.retention.sweepResult(workflowId), 120_000, 'the sweep on the new worker');
      assert.is(result.status, 'completed');
      assert.is((await api.knex('mail_log').whereIn('id', ids)).length, 0);
      const batches = await api.knex('retention_sweep_batches').where({ sweepId, class: 'mail_log' }).orderBy('batchNo');
      assert.equal(batches.map((b) => [b.batchNo, b.count]), [[1, 10], [2, 10], [3, 10], [4, 5]]);
      assert.is((await api.knex('retention_certificates').where({ sweepId, class: 'mail_log' }).first()).count, 35);
    } finally {
      await worker.close();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await api.close();
  }
});

test.run();
