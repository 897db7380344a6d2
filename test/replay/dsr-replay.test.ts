// Committed histories of the dataSubjectRequest workflow replay against the current
// workflow code, so a change that alters its command order fails CI. A missing
// history is recorded from a real run first (then commit it). Until the first tagged
// release there is no running history to protect: a change re-records them (delete
// the files); after it, changes go behind `patched()` (docs/workflow-versioning.md).
// `dsr-erasure-need-info-approved.json`: an erasure with a request for more information;
// `dsr-routed-erasure-with-mails.json` and `dsr-routed-part-erase-unheld.json`: routing
// with its child workflow; `dsr-access-extended-with-notice.json`: an extension and its notice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../temporal/data-converter.ts';
import { prebuiltBundle } from '../../worker/bundle.ts';
import { dsrWorkflowId } from '../../domain/dsr/dsr-workflow.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi } from '../harness/platform.ts';
import { dsrHelpers, DEMO_ORG_ID } from '../harness/dsr.ts';
import { eventually, withTimeout } from '../harness/timeout.ts';
import { randomUUID } from 'node:crypto';
import { routedPartWorkflowId } from '../../domain/dsr/routing.ts';

const HISTORIES = join(import.meta.dirname, 'histories');

interface Scenario { api: RunningApi; h: ReturnType<typeof dsrHelpers>; pia: ApiClient; dennis: ApiClient }

/**
 * Run `scenario` on a fresh database with the real API and worker; it returns the ids of
 * the workflows to record, and their histories (once each has completed) go to `files`.
 */
async function record(files: readonly string[], scenario: (s: Scenario) => Promise<string[]>): Promise<void> {
  await resetDatabase();
  const api: RunningApi = await startApi();
  const worker = await startWorker({ mailSink: api.mailSink });
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const pia = await login(api.baseUrl, 'privacy@clientnote.test');
    const dennis = await login(api.baseUrl, 'dpo@clientnote.test');
    const workflowIds = await scenario({ api, h: dsrHelpers(() => api), pia, dennis });
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    for (const [i, workflowId] of workflowIds.entries()) {
      const handle = client.workflow.getHandle(workflowId);
      await withTimeout(handle.result(), 30_000, `${workflowId} result`);
      writeFileSync(files[i]!, historyToJSON(await handle.fetchHistory()));
    }
  } finally {
    await connection.close();
    await worker.close();
    await api.close();
  }
}

/** An erasure request for a platform user: verified, more information asked and given, planned, approved by a second person, closed. */
const recordErasure = (file: string) => record([file], async ({ api, h, pia, dennis }) => {
  await h.seedPlatformUser('rolf.replay@example.test', 'Rolf Replay');
  const { requestId } = await h.submitAndVerify('rolf.replay@example.test', ['erasure'], { name: 'Rolf Replay' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'need_info' })).status, 200);
  await h.waitForStatus(requestId, 'awaiting_info');
  await api.workflows.dsr.infoProvided(requestId);
  await h.waitForStatus(requestId, 'triage');
  await h.runToClose(requestId, pia, dennis);
  return [dsrWorkflowId(requestId)];
});

/**
 * With every patch of the workflow taken: a request about a person named in a customer's
 * case (acknowledgement, routing to the organisation as a child workflow, its decision,
 * erasure, response) and the child's own history.
 */
const recordRouted = (parentFile: string, childFile: string) => record([parentFile, childFile], async ({ api, h, pia, dennis }) => {
  const admin = await login(api.baseUrl, 'admin@demo.test');
  const caseId = randomUUID();
  await api.knex('cases').insert({ id: caseId, orgId: DEMO_ORG_ID, type: 'onboarding', status: 'ended', clientKind: 'company', clientName: 'Replay ApS', relationshipEndedOn: '2015-01-01' });
  await api.knex('case_parties').insert({ orgId: DEMO_ORG_ID, caseId, registryId: 'client:replay', kind: 'person', name: 'Rikke Routed' });
  const { requestId } = await h.submitAndVerify('rikke.routed@example.test', ['erasure'], { name: 'Rikke Routed' });
  await h.runToClose(requestId, pia, dennis);
  const part = await eventually(async () => (await api.knex('dsr_routed_parts').where({ requestId }).first('id')) as { id: string } | undefined, 20_000, 'routed part');
  assert.is((await admin.request('POST', `/api/v1/dsr/forwarded/${part.id}/decision`, { decision: 'erase_unheld' })).status, 200);
  return [dsrWorkflowId(requestId), routedPartWorkflowId(requestId, DEMO_ORG_ID)];
});

/** An access request extended by staff (the requester is told why: patched('dsr-extension-mail')), then planned, approved, closed. */
const recordExtended = (file: string) => record([file], async ({ api, h, pia, dennis }) => {
  const { requestId } = await h.submitAndVerify('emil.extended@example.test', ['access'], { name: 'Emil Extended' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/extend`, { reason: 'complexity' })).status, 200);
  await eventually(async () => (await api.knex('dsr_events').where({ requestId, kind: 'extension_notice_sent' }).first()) ?? undefined, 20_000, 'extension notice');
  await h.runToClose(requestId, pia, dennis);
  return [dsrWorkflowId(requestId)];
});

test('committed dataSubjectRequest histories replay without non-determinism', async () => {
  const extended = join(HISTORIES, 'dsr-access-extended-with-notice.json');
  if (!existsSync(extended)) {
    await recordExtended(extended);
    process.stdout.write(`recorded ${extended}; commit it\n`);
  }
  const erasure = join(HISTORIES, 'dsr-erasure-need-info-approved.json');
  if (!existsSync(erasure)) {
    await recordErasure(erasure);
    process.stdout.write(`recorded ${erasure}; commit it\n`);
  }
  const routed = join(HISTORIES, 'dsr-routed-erasure-with-mails.json');
  const child = join(HISTORIES, 'dsr-routed-part-erase-unheld.json');
  if (!existsSync(routed) || !existsSync(child)) {
    await recordRouted(routed, child);
    process.stdout.write(`recorded ${routed} and ${child}; commit them\n`);
  }
  const files = readdirSync(HISTORIES).filter((f) => f.startsWith('dsr-') && f.endsWith('.json'));
  assert.ok(files.length > 0);
  const bundle = prebuiltBundle();
  assert.ok(bundle, 'the runner builds the workflow bundle');
  const histories = files.map((f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, f), 'utf8'))) }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverter(testConfig().codecKeys) }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  assert.is(replayed, files.length);
  assert.equal(failures, []);
});

test('a dataSubjectRequest history with an activity the code does not schedule fails replay', async () => {
  const [file] = readdirSync(HISTORIES).filter((f) => f.startsWith('dsr-') && f.endsWith('.json'));
  const json = JSON.parse(readFileSync(join(HISTORIES, file!), 'utf8')) as { events: { activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }[] };
  const scheduled = json.events.filter((e) => e.activityTaskScheduledEventAttributes).at(-1);
  assert.ok(scheduled);
  scheduled!.activityTaskScheduledEventAttributes!.activityType = { name: 'someOtherActivity' };
  let error: Error | undefined;
  for await (const result of Worker.runReplayHistories({ workflowBundle: prebuiltBundle()!, dataConverter: dataConverter(testConfig().codecKeys) }, [{ workflowId: 'tampered', history: historyFromJSON(json) }])) {
    error = result.error;
  }
  assert.ok(error, 'a tampered history must fail replay');
  assert.match(error!.name + error!.message, /Determinism|nondetermin/i);
});

test.run();
