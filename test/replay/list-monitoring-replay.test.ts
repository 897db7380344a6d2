// Replays a committed listMonitoring history against the current workflow code,
// so a change to the monitoring workflow that alters command order (without
// `patched()`) fails CI. The history is recorded from a real run when missing:
// a version that names an open case's director, re-screened in batches of two
// parties, with the signal to the case workflow. (replay.test.ts replays every
// file in histories/ as well.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { createWorkflowGateway } from '../../temporal/client/gateway.ts';
import { listMonitoringWorkflowId } from '../../domain/lists/monitoring.ts';
import type { ListEntity } from '../../domain/screening/entity.ts';
import { DEMO_LIST } from '../../screening/demo-list/demo-list.ts';
import { importParsedList } from '../../screening/store.ts';
import { dataConverter } from '../../temporal/data-converter.ts';
import { prebuiltBundle } from '../../worker/bundle.ts';
import { login, resetDatabase, startApi, startWorker, testConfig } from '../harness/platform.ts';
import { caseWhen, completeDataCollection } from '../harness/kyc-case.ts';
import { withTimeout } from '../harness/timeout.ts';

const FILE = join(import.meta.dirname, 'histories', 'list-monitoring-two-batches-one-hit.json');

async function record(): Promise<void> {
  await resetDatabase();
  const api = await startApi();
  const worker = await startWorker();
  const config = testConfig();
  const gateway = await createWorkflowGateway(config, 'eager');
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const handler = await login(api.baseUrl, 'handler@demo.test');
    const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
    assert.is(created.status, 201);
    await completeDataCollection(handler, created.body.id);
    await caseWhen(handler, created.body.id, (c) => c.events.some((e: { kind: string }) => e.kind === 'screened'), 'screened');
    const baker: ListEntity = {
      id: 'demo:mette-kjaer-andersen', list: 'demo', sourceId: 'mette-kjaer-andersen', schema: 'Person', names: [{ full: 'Mette Kjær Andersen', type: 'primary' }],
      birthDates: [{ kind: 'exact', date: '1984-02-17' }], countries: ['DK'], nationalities: ['DK'], identifiers: [], programmes: ['DEMO-SANCTIONS (fictitious demo data)'], demo: true,
    };
    const version = await importParsedList(api.knex, { ...DEMO_LIST, entities: [...DEMO_LIST.entities, baker] }, { source: 'demo' });
    await gateway.listMonitoring.start(version.versionId, { batchSize: 2 });
    const result = await withTimeout(gateway.listMonitoring.result(version.versionId), 60_000, 'the monitoring run');
    assert.is(result.newHits, 1);
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    writeFileSync(FILE, historyToJSON(await client.workflow.getHandle(listMonitoringWorkflowId(version.versionId)).fetchHistory()));
  } finally {
    await connection.close();
    await gateway.close();
    await worker.close();
    await api.close();
  }
}

test('the committed listMonitoring history replays without non-determinism', async () => {
  if (!existsSync(FILE)) {
    await record();
    process.stdout.write(`recorded ${FILE}; commit it\n`);
  }
  const json = readFileSync(FILE, 'utf8');
  assert.ok(json.includes('SignalExternalWorkflowExecutionInitiated') || json.includes('EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED'), 'the history tells the case workflow about its hit');
  const bundle = prebuiltBundle();
  assert.ok(bundle, 'the runner builds the workflow bundle');
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverter(testConfig().codecKeys) }, [{ workflowId: 'list-monitoring', history: historyFromJSON(JSON.parse(json)) }])) {
    if (result.error) failures.push(result.error.message);
  }
  assert.equal(failures, []);
});

test.run();
