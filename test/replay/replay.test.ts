// Replays committed workflow histories against the current workflow code, so a
// change that alters command order fails CI. A history missing from
// test/replay/histories/ is recorded from a real run first: before the first tagged
// release a workflow change re-records them (delete the files); after it, changes
// go behind `patched()` (docs/workflow-versioning.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { DEMO_ORGS, DEMO_USERS } from '../../db/seeds/demo.ts';
import { createRetentionRepository } from '../../db/repositories/retention.ts';
import { createCaseRepository } from '../../db/repositories/cases.ts';
import { DEFAULT_CASE_DURATIONS, kycCaseWorkflowId } from '../../domain/kyc/case-workflow.ts';
import { dataConverter } from '../../temporal/data-converter.ts';
import { prebuiltBundle } from '../../worker/bundle.ts';
import { resetDatabase, startApi, startWorker, testConfig } from '../harness/platform.ts';
import { eventually, withTimeout } from '../harness/timeout.ts';
import { fileCaseDirectly } from '../harness/kyc-case.ts';

const HISTORIES = join(import.meta.dirname, 'histories');

/**
 * A PEP case (the demo company whose director is a confirmed PEP) from creation through the case file
 * (identity, relationship, conclusion), a return, two approvals (§ 18), and the end of the relationship.
 */
async function recordApprovedCase(file: string): Promise<void> {
  await resetDatabase();
  const api = await startApi();
  const worker = await startWorker();
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;
    const reviewer = DEMO_USERS.find((u) => u.email === 'reviewer@demo.test')!;
    const compliance = DEMO_USERS.find((u) => u.email === 'compliance@demo.test')!;
    const created = await createCaseRepository(api.knex).create(DEMO_ORGS[0].id, {
      type: 'onboarding', clientKind: 'company', clientName: null, clientCvr: '42831042', createdBy: handler.id, assigneeId: handler.id, dueAt: null,
    });
    const durations = { ...DEFAULT_CASE_DURATIONS, retentionSeconds: 1 };
    await api.workflows.startCase({ caseId: created.id, orgId: DEMO_ORGS[0].id, durations, caseType: 'onboarding' });
    await eventually(async () => (await api.workflows.caseProgress(created.id))?.registry === 'collected', 30_000, 'registry data');
    const ids = { orgId: DEMO_ORGS[0].id, caseId: created.id };
    await fileCaseDirectly(api, ids, handler.id, 'data_collection');
    await api.workflows.completeStep(created.id, { step: 'data_collection', actorId: handler.id });
    const { hits } = (await api.workflows.caseProgress(created.id))!;
    for (const hit of hits ?? []) await api.workflows.decideHit(created.id, { hitId: hit.id, decision: 'confirmed', actorId: handler.id });
    for (const step of ['screening', 'risk'] as const) await api.workflows.completeStep(created.id, { step, actorId: handler.id });
    await fileCaseDirectly(api, ids, handler.id, 'report');
    await api.workflows.submit(created.id, { reportVersion: 'a'.repeat(64), actorId: handler.id });
    await api.workflows.decide(created.id, { decision: 'return', actorId: reviewer.id, roles: ['reviewer'], reportVersion: 'a'.repeat(64), returnTo: 'report' });
    await fileCaseDirectly(api, ids, handler.id, 'report');
    await api.workflows.submit(created.id, { reportVersion: 'b'.repeat(64), actorId: handler.id });
    await api.workflows.decide(created.id, { decision: 'approve', actorId: reviewer.id, roles: ['reviewer'], reportVersion: 'b'.repeat(64) });
    const afterReviewer = await api.workflows.caseProgress(created.id);
    assert.equal([afterReviewer?.status, afterReviewer?.pep], ['in_review', true], 'a PEP case waits for the compliance officer');
    await api.workflows.decide(created.id, { decision: 'approve', actorId: compliance.id, roles: ['reviewer', 'compliance_officer'], reportVersion: 'b'.repeat(64) });
    await api.workflows.endRelationship(created.id, { actorId: handler.id });
    // The end of retention: the purge waits for an org admin's approval (recorded in Postgres, then signalled).
    const retention = createRetentionRepository(api.knex);
    const admin = DEMO_USERS.find((u) => u.email === 'admin@demo.test')!;
    await eventually(async () => (await retention.approvePurge(DEMO_ORGS[0].id, created.id, admin.id)) === 'approved', 30_000, 'the purge awaiting approval');
    await api.workflows.retention.approvePurge(created.id);
    const handle = client.workflow.getHandle(kycCaseWorkflowId(created.id));
    await withTimeout(handle.result(), 30_000, 'workflow result');
    writeFileSync(file, historyToJSON(await handle.fetchHistory()));
  } finally {
    await connection.close();
    await worker.close();
    await api.close();
  }
}

test('committed kycCase histories replay without non-determinism', async () => {
  const approved = join(HISTORIES, 'kyc-case-pep-returned-approved-ended.json');
  if (!existsSync(approved)) {
    await recordApprovedCase(approved);
    process.stdout.write(`recorded ${approved}; commit it\n`);
  }
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  const config = testConfig();
  const bundle = prebuiltBundle();
  assert.ok(bundle, 'the runner builds the workflow bundle');
  const histories = files.map((f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, f), 'utf8'))) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverter(config.codecKeys) }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  assert.equal(failures, []);
});

test('the replay check catches a history that the code would not produce', async () => {
  const [file] = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
  const json = JSON.parse(readFileSync(join(HISTORIES, file!), 'utf8')) as { events: { eventType?: string; activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }[] };
  // Rename the first scheduled activity: replaying it must report non-determinism.
  const scheduled = json.events.find((e) => e.activityTaskScheduledEventAttributes);
  assert.ok(scheduled);
  scheduled!.activityTaskScheduledEventAttributes!.activityType = { name: 'someOtherActivity' };
  const bundle = prebuiltBundle()!;
  let error: Error | undefined;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverter(testConfig().codecKeys) }, [{ workflowId: 'tampered', history: historyFromJSON(json) }])) {
    error = result.error;
  }
  assert.ok(error, 'a tampered history must fail replay');
  assert.match(error!.name + error!.message, /Determinism|nondetermin/i);
});

test.run();
