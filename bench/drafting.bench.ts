// Template drafting of a case's report (issue 13: under 50 ms per case): the
// real draftCaseReport activity on a throwaway database, for cases of each demo
// company with their registry data collected, parties verified and the
// relationship recorded. Each case is drafted once (its five sections written
// with their first versions); the figure is the activity's wall time.
//   npm run -s bench:drafting [-- --cases 60]
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_URL } from '../config/schema.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex } from '../db/knex.ts';
import { seedDemo, DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { createCaseActivities } from '../activities/cases.ts';
import { mustBeVerified } from '../domain/kyc/case-file.ts';

const COMPANIES = ['38411063', '41271000', '37191000', '42831042', '35901000', '44181126'];
const { values } = parseArgs({ options: { cases: { type: 'string', default: '60' } } });
const n = Number(values.cases);

const { ownerUrl, appUrl, drop } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
try {
  await migrateUp({ ownerUrl, appUrl });
  const owner = createKnex(ownerUrl, { poolMax: 2 });
  await seedDemo(owner, { passwordHash: await hashPassword('bench-password-not-used') });
  await owner.destroy();
  const knex = createKnex(appUrl, { poolMax: 5 });
  const orgId = DEMO_ORGS[0].id;
  const handler = DEMO_USERS.find((u) => u.email === 'handler@demo.test')!;
  const activities = createCaseActivities({ knex });
  const caseFile = createCaseFileRepository(knex);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const c = await createCaseRepository(knex).create(orgId, {
      type: 'onboarding', clientKind: 'company', clientName: null, clientCvr: COMPANIES[i % COMPANIES.length]!, createdBy: handler.id, assigneeId: handler.id, dueAt: null,
    });
    await activities.collectCaseData({ orgId, caseId: c.id });
    for (const p of (await caseFile.facts(orgId, c.id))!.parties.filter(mustBeVerified)) {
      await caseFile.verify(orgId, c.id, p.id, { method: 'mitid', documentId: null, description: null, by: handler.id, at: new Date() });
    }
    await caseFile.saveRelationship(orgId, c.id, { purpose: 'Bogføring', nature: 'Løbende', expectedActivity: 'Månedlig', sourceOfFunds: null, sourceOfWealth: null, product: 'standard', deliveryChannel: 'in_person' }, handler.id, new Date());
    await activities.assessCaseRisk({ orgId, caseId: c.id });
    ids.push(c.id);
  }
  const times: number[] = [];
  for (const caseId of ids) {
    const started = performance.now();
    const { drafted } = await activities.draftCaseReport({ orgId, caseId });
    times.push(performance.now() - started);
    if (drafted.length !== 5) throw new Error(`case ${caseId}: ${drafted.length} sections drafted`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`template drafting of all five sections, ${n} cases: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (target < 50 ms per case)`);
  await knex.destroy();
} finally {
  await drop();
}
