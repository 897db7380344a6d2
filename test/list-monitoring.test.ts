// Ongoing monitoring on the real Temporal server, worker and database: a new
// version of the demo list adds an entry naming the director of an open case
// and changes one unrelated entry. The workflow list-monitoring/<versionId>
// re-screens every active party against those two entities only (in batches of
// two parties), the hit lands on the case as an open monitoring hit with a case
// event, an audit event and the overview count, the case workflow learns of it
// (screening cannot be completed until it is decided), the progress figure is
// in Postgres, and asking again for the same version re-screens nothing. An
// entry removed and listed again unchanged arrives dismissed on another case of
// the same party (a remembered dismissal), with no task.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createWorkflowGateway, type WorkflowGateway } from '../temporal/client/gateway.ts';
import { DEMO_LIST } from '../screening/demo-list/demo-list.ts';
import { importParsedList } from '../screening/store.ts';
import { MONITORED_CASE_STATUSES } from '../domain/lists/monitoring.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import { login, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { eventually, withTimeout } from './harness/timeout.ts';
import { caseDetail, caseWhen, completeDataCollection } from './harness/kyc-case.ts';

const t = suite('list monitoring');
let server: RunningApi;
let worker: RunningWorker;
let gateway: WorkflowGateway;
let handler: ApiClient;

t.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker();
  gateway = await createWorkflowGateway(testConfig(), 'eager');
  handler = await login(server.baseUrl, 'handler@demo.test');
});
t.after(async () => {
  await gateway?.close();
  await worker?.close();
  await server?.close();
});

async function openAtScreening(cvr: string): Promise<string> {
  const res = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr });
  assert.is(res.status, 201, JSON.stringify(res.body));
  await completeDataCollection(handler, res.body.id);
  await caseWhen(handler, res.body.id, (c) => c.step === 'screening' && c.events.some((e: { kind: string }) => e.kind === 'screened'), 'screened');
  return res.body.id as string;
}

const activeParties = async () => Number((await server.knex('case_parties as p').join('cases as c', 'c.id', 'p.caseId')
  .whereIn('c.status', MONITORED_CASE_STATUSES as string[]).count({ n: '*' }))[0]!.n);

const BAKER: ListEntity = {
  id: 'demo:mette-kjaer-andersen', list: 'demo', sourceId: 'mette-kjaer-andersen', schema: 'Person',
  names: [{ full: 'Mette Kjær Andersen', type: 'primary' }], birthDates: [{ kind: 'exact', date: '1984-02-17' }],
  countries: ['DK'], nationalities: ['DK'], identifiers: [], programmes: ['DEMO-SANCTIONS (fictitious demo data)'], listedOn: '2026-11-30', demo: true,
};

let bakery: string;
let baltic: string;
let versionId: string;

t('a new version: its added and changed entities only are compared with every active party, and the hit lands on the case', async () => {
  bakery = await openAtScreening('38411063');
  baltic = await openAtScreening('35901000');
  const before = await caseDetail(handler, bakery);
  assert.equal(before.hits, [], 'the director is on no list yet');

  const entities = DEMO_LIST.entities.map((e) => (e.id === 'demo:irina-valtseva' ? { ...e, programmes: [...e.programmes, 'DEMO-AMENDED'] } : e));
  const report = await importParsedList(server.knex, { ...DEMO_LIST, entities: [...entities, BAKER] }, { source: 'demo' });
  assert.equal([report.added, report.changed, report.removed], [1, 1, 0]);
  versionId = report.versionId;

  const total = await activeParties();
  assert.ok(total >= 5, `the two cases' parties are active (${total})`);
  const started = await gateway.listMonitoring.start(versionId, { batchSize: 2 });
  assert.equal(started, { workflowId: `list-monitoring/${versionId}`, outcome: 'started' });
  const result = await withTimeout(gateway.listMonitoring.result(versionId), 60_000, 'the monitoring run');

  assert.is(result.entities, 2, 'the added and the changed entity, not the whole list');
  assert.is(result.partiesDone, total);
  // Candidate retrieval: of the parties × 2 pairs, only the director shares blocking keys with a changed entity.
  assert.is(result.comparisons, 1);
  assert.is(result.newHits, 1);

  const run = await server.knex('list_monitoring_runs').where({ listVersionId: versionId }).first();
  assert.equal([run.status, run.partiesDone, run.partiesTotal, run.comparisons, run.newHits, run.entities], ['completed', total, total, 1, 1, 2]);

  const c = await caseDetail(handler, bakery);
  const hit = c.hits.find((h: any) => h.entityId === BAKER.id);
  assert.ok(hit, 'the monitoring hit is on the case');
  assert.equal([hit.decision, hit.source, hit.listVersionId, hit.primaryName], ['open', 'monitoring', versionId, 'Mette Kjær Andersen']);
  assert.ok(c.events.some((e: { kind: string }) => e.kind === 'monitoring_hit'), 'a case event on the timeline');
  const audit = await server.knex('audit_events').where({ action: 'case.monitoring_hit', targetId: bakery });
  assert.is(audit.length, 1);
  assert.equal([audit[0].details.listVersionId, audit[0].details.openHits], [versionId, 1]);
  assert.not.ok(JSON.stringify(audit[0].details).includes('Mette'), 'ids and counts in the audit details, no names');

  const baltics = await caseDetail(handler, baltic);
  assert.not.ok(baltics.hits.some((h: any) => h.source === 'monitoring'), 'the unchanged sanctions entry raises nothing new');

  const overview = await handler.request('GET', '/api/v1/screening/monitoring-hits');
  assert.equal(overview.body, { openHits: 1, cases: [{ id: bakery, openHits: 1 }] });
  const nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  assert.equal((await nordisk.request('GET', '/api/v1/screening/monitoring-hits')).body, { openHits: 0, cases: [] });

  const lists = await handler.request('GET', '/api/v1/lists');
  const demo = lists.body.items.find((l: { list: string }) => l.list === 'demo');
  assert.equal([demo.versionId, demo.monitoring.status, demo.monitoring.partiesDone, demo.monitoring.partiesTotal], [versionId, 'completed', null, null], 'an organisation\'s user does not see how many parties all organisations have');
  const staff = await login(server.baseUrl, 'privacy@clientnote.test');
  const all = (await staff.request('GET', '/api/v1/lists')).body.items.find((l: { list: string }) => l.list === 'demo');
  assert.equal([all.monitoring.partiesDone, all.monitoring.partiesTotal], [total, total]);
});

t('the case workflow knows the new hit: screening cannot be completed until it is decided', async () => {
  const hit = (await caseDetail(handler, bakery)).hits.find((h: any) => h.entityId === BAKER.id);
  await eventually(async () => (await server.workflows.caseProgress(bakery))?.hits?.some((h) => h.id === hit.id), 20_000, 'the signal reached the case workflow');
  const refused = await handler.request('POST', `/api/v1/cases/${bakery}/steps/screening/complete`);
  assert.is(refused.status, 409, JSON.stringify(refused.body));
  const decided = await handler.request('POST', `/api/v1/cases/${bakery}/hits/${hit.id}/decision`, { decision: 'dismissed', reason: 'Namesake: another birth date in the register.' });
  assert.is(decided.status, 200, JSON.stringify(decided.body));
  assert.is((await handler.request('POST', `/api/v1/cases/${bakery}/steps/screening/complete`)).status, 200);
  assert.equal((await handler.request('GET', '/api/v1/screening/monitoring-hits')).body.openHits, 0);
});

t('the same version again: nothing is re-screened; a later version that leaves the entry unchanged raises no hit', async () => {
  assert.is((await gateway.listMonitoring.start(versionId)).outcome, 'already_done');
  const events = async () => Number((await server.knex('case_events').where({ kind: 'monitoring_hit' }).count({ n: '*' }))[0]!.n);
  assert.is(await events(), 1);

  const current = (await server.knex('list_entities').where({ list: 'demo' }).whereNull('toVersionId').select('data')).map((r: { data: ListEntity }) => r.data);
  const next = current.map((e: ListEntity) => (e.id === 'demo:karim-al-demouri' ? { ...e, programmes: [...e.programmes, 'DEMO-AMENDED'] } : e));
  const v3 = await importParsedList(server.knex, { ...DEMO_LIST, entities: next }, { source: 'demo' });
  assert.equal([v3.added, v3.changed], [0, 1]);
  await gateway.listMonitoring.start(v3.versionId);
  const result = await withTimeout(gateway.listMonitoring.result(v3.versionId), 60_000, 'the second run');
  assert.equal([result.entities, result.newHits, result.comparisons], [1, 0, 0]);
  assert.is(await events(), 1);
  const hits = (await caseDetail(handler, bakery)).hits.filter((h: any) => h.entityId === BAKER.id);
  assert.equal(hits.map((h: any) => h.decision), ['dismissed'], 'the dismissal stands');
});

t('a remembered dismissal: the entry listed again unchanged arrives dismissed on another case of the same party, with no task', async () => {
  const current = async () => (await server.knex('list_entities').where({ list: 'demo' }).whereNull('toVersionId').select('data')).map((r: { data: ListEntity }) => r.data);
  const without = (await current()).filter((e: ListEntity) => e.id !== BAKER.id);
  const v4 = await importParsedList(server.knex, { ...DEMO_LIST, entities: without }, { source: 'demo' });
  assert.equal([v4.added, v4.changed, v4.removed], [0, 0, 1]);
  await gateway.listMonitoring.start(v4.versionId);
  const removed = await withTimeout(gateway.listMonitoring.result(v4.versionId), 60_000, 'the run of a version that only removed');
  assert.equal([removed.entities, removed.comparisons, removed.newHits], [0, 0, 0], 'a removal raises nothing');

  const again = await openAtScreening('38411063');
  assert.equal((await caseDetail(handler, again)).hits, [], 'not listed while the second case was screened');
  const v5 = await importParsedList(server.knex, { ...DEMO_LIST, entities: [...without, BAKER] }, { source: 'demo' });
  assert.equal([v5.added, v5.changed], [1, 0]);
  await gateway.listMonitoring.start(v5.versionId);
  const result = await withTimeout(gateway.listMonitoring.result(v5.versionId), 60_000, 'the run that lists the entry again');
  assert.is(result.newHits, 0, 'the earlier dismissal (same party, entity, content hash) holds');

  const first = (await caseDetail(handler, bakery)).hits.find((h: any) => h.entityId === BAKER.id);
  const carried = (await caseDetail(handler, again)).hits.find((h: any) => h.entityId === BAKER.id);
  assert.equal([carried.decision, carried.rememberedFrom, carried.source, carried.reason], ['dismissed', first.id, 'monitoring', 'Namesake: another birth date in the register.']);
  assert.not.ok((await caseDetail(handler, again)).events.some((e: { kind: string }) => e.kind === 'monitoring_hit'), 'no task on the second case');
  assert.equal((await handler.request('GET', '/api/v1/screening/monitoring-hits')).body.openHits, 0);
});

t.run();
