// The role-by-tenant matrix, built from the router's own route list: every
// route needs an entry here (the test fails for a route without one, and for an
// entry without a route). Checked for every route:
// - a route that needs a login answers 401 without one;
// - a route that needs a permission answers 403 to every demo role lacking it;
// - a route that takes an organisation's id answers 404 (not 403: no existence
//   oracle) to a user of the other demo organisation who holds the permission,
//   and nothing changes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { DEMO_ORGS, DEMO_USERS } from '../db/seeds/demo.ts';
import { can, type Role } from '../domain/identity/roles.ts';
import { login, request, resetDatabase, startApi, type ApiClient, type RunningApi } from './harness/platform.ts';

const t = suite('tenant isolation');
let server: RunningApi;
const [DEMO, NORDISK] = DEMO_ORGS;
const byEmail = (email: string) => DEMO_USERS.find((u) => u.email === email)!;

/** A resource of the Demo organisation, and a way to see whether it changed. */
interface Target { params: Record<string, string>; body?: unknown; snapshot: () => Promise<unknown> }

type Entry =
  | { kind: 'public'; why: string }
  | { kind: 'own'; why: string }
  | { kind: 'staff'; why: string }
  /** `grant`: a role the attacker gets for this check (the demo seed gives the other org no such user). */
  | { kind: 'org-id'; attacker: string; grant?: Role; target: () => Promise<Target> };

let caseId: string | undefined;
async function demoCase(): Promise<string> {
  if (caseId) return caseId;
  const handler = await client('handler@demo.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201, `a Demo case for the matrix: ${JSON.stringify(created.body)}`);
  caseId = created.body.id as string;
  return caseId;
}
/** The Demo organisation's audit chain length: an attempt that changed anything would have written to it. */
const demoAuditCount = async () => (await server.knex('audit_events').where({ orgId: DEMO.id }).count({ n: '*' }))[0];
const caseSnapshot = (id: string) => async () => ({
  row: await server.knex('cases').where({ id }).first(),
  events: (await server.knex('case_events').where({ caseId: id }).count({ n: '*' }))[0],
  caseFile: await Promise.all(['case_parties', 'case_relationships', 'case_investigations', 'case_authority_reports', 'case_party_verifications']
    .map(async (table) => (await server.knex(table).where({ caseId: id }).count({ n: '*' }))[0])),
  audit: await demoAuditCount(),
});
const userSnapshot = (id: string) => async () => ({
  row: await server.knex('users').where({ id }).first(),
  roles: await server.knex('user_roles').where({ userId: id }).orderBy('role').pluck('role'),
  sessions: (await server.knex('sessions').where({ userId: id }).count({ n: '*' }))[0],
  audit: await demoAuditCount(),
});
async function demoToken(): Promise<Target> {
  const admin = await client('admin@demo.test');
  const created = await admin.request('POST', '/api/v1/tokens', { name: 'matrix', scopes: ['cases:read'] });
  assert.is(created.status, 201);
  const id = created.body.id as string;
  return { params: { id }, snapshot: async () => ({ row: await server.knex('api_tokens').where({ id }).first(), audit: await demoAuditCount() }) };
}

const caseTarget = (body: unknown, params: Record<string, string> = {}) => async (): Promise<Target> => {
  const id = await demoCase();
  return { params: { id, ...params }, body, snapshot: caseSnapshot(id) };
};

async function demoHold(): Promise<Target> {
  const officer = await client('compliance@demo.test');
  const placed = await officer.request('POST', '/api/v1/holds', { scope: { kind: 'case', caseId: await demoCase() }, basis: 'investigation', reviewOn: '2099-01-01' });
  assert.is(placed.status, 201, JSON.stringify(placed.body));
  const id = placed.body.id as string;
  return { params: { id }, snapshot: async () => ({ row: await server.knex('legal_holds').where({ id }).first(), audit: await demoAuditCount() }) };
}

/** A data-subject request forwarded to the Demo organisation (its routed part, written directly). */
async function demoForwardedPart(): Promise<Target> {
  const requestId = randomUUID();
  await server.knex('dsr_requests').insert({
    id: requestId, rights: ['erasure'], relationship: 'case_subject', requesterName: 'Mads Matrix', requesterEmail: `${requestId}@example.test`, emailKey: requestId,
    receivedAt: new Date(), dueAt: new Date(Date.now() + 86_400_000), statusTokenHash: Buffer.from(requestId),
  });
  const [part] = await server.knex('dsr_routed_parts').insert({ requestId, orgId: DEMO.id }).returning('id');
  const id = part.id as string;
  return { params: { id }, snapshot: async () => ({ row: await server.knex('dsr_routed_parts').where({ id }).first(), audit: await demoAuditCount() }) };
}

/** A Demo case whose retention has ended and waits for an admin's approval of its purge (set directly). */
async function demoCaseAwaitingPurge(): Promise<Target> {
  const id = await demoCase();
  await server.knex('cases').where({ id }).update({ retentionUntil: '2026-01-01', purgeStatus: 'awaiting_approval' });
  return { params: { id }, snapshot: caseSnapshot(id) };
}

/** A deletion certificate of a Demo case (written directly). */
async function demoCaseCertificate(): Promise<Target> {
  const [row] = await server.knex('retention_certificates').insert({ orgId: DEMO.id, caseId: randomUUID(), class: 'case_data', count: 3, keysHash: 'x'.repeat(64) }).returning('id');
  const id = row.id as string;
  return { params: { id }, snapshot: async () => ({ row: await server.knex('retention_certificates').where({ id }).first(), audit: await demoAuditCount() }) };
}

/** The Demo case's workflow, by its URL-encoded id (`kyc-case%2F<caseId>`). */
async function demoCaseWorkflow(): Promise<Target> {
  const id = await demoCase();
  return { params: { workflowId: encodeURIComponent(`kyc-case/${id}`) }, snapshot: caseSnapshot(id) };
}

const demoHandler = byEmail('handler@demo.test');
const MATRIX: Record<string, Entry> = {
  'GET /health': { kind: 'public', why: 'liveness' },
  'POST /auth/login': { kind: 'public', why: 'login' },
  'GET /auth/session': { kind: 'own', why: 'the caller\'s own session' },
  'POST /auth/logout': { kind: 'own', why: 'the caller\'s own session' },
  'POST /auth/logout-all': { kind: 'own', why: 'the caller\'s own sessions' },
  'PATCH /auth/profile': { kind: 'own', why: 'the caller\'s own profile' },
  'POST /auth/password': { kind: 'own', why: 'the caller\'s own password' },
  'POST /auth/password-reset': { kind: 'public', why: 'same answer for any address' },
  'POST /auth/password-reset/confirm': { kind: 'public', why: 'needs the secret mailed link' },
  'POST /auth/totp/setup': { kind: 'own', why: 'the caller\'s own second factor' },
  'POST /auth/totp/enable': { kind: 'own', why: 'the caller\'s own second factor' },
  'POST /auth/totp/disable': { kind: 'own', why: 'the caller\'s own second factor' },
  'POST /invitations/lookup': { kind: 'public', why: 'needs the secret mailed link' },
  'POST /invitations/accept': { kind: 'public', why: 'needs the secret mailed link' },
  'GET /users': { kind: 'own', why: 'lists the caller\'s organisation only' },
  'GET /users/:id': { kind: 'org-id', attacker: 'admin@nordisk.test', target: async () => ({ params: { id: demoHandler.id }, snapshot: userSnapshot(demoHandler.id) }) },
  'PATCH /users/:id': { kind: 'org-id', attacker: 'admin@nordisk.test', target: async () => ({ params: { id: demoHandler.id }, body: { roles: ['org_admin'], active: false }, snapshot: userSnapshot(demoHandler.id) }) },
  'POST /users/invitations': { kind: 'own', why: 'invites into the caller\'s organisation' },
  'GET /organisation/security': { kind: 'own', why: 'the caller\'s organisation' },
  'PATCH /organisation/security': { kind: 'own', why: 'the caller\'s organisation' },
  'GET /tokens': { kind: 'own', why: 'lists the caller\'s organisation only' },
  'POST /tokens': { kind: 'own', why: 'creates in the caller\'s organisation' },
  'DELETE /tokens/:id': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoToken },
  'GET /audit': { kind: 'own', why: 'the caller\'s organisation\'s chain' },
  'GET /audit.csv': { kind: 'own', why: 'the caller\'s organisation\'s chain' },
  'GET /dev/outbox': { kind: 'staff', why: 'development sink, platform admins' },
  'POST /cases': { kind: 'own', why: 'creates in the caller\'s organisation' },
  'GET /cases': { kind: 'own', why: 'lists the caller\'s organisation only' },
  'GET /cases/:id': { kind: 'org-id', attacker: 'handler@nordisk.test', target: async () => { const id = await demoCase(); return { params: { id }, snapshot: caseSnapshot(id) }; } },
  'POST /cases/:id/steps/:step/complete': { kind: 'org-id', attacker: 'handler@nordisk.test', target: async () => { const id = await demoCase(); return { params: { id, step: 'data_collection' }, snapshot: caseSnapshot(id) }; } },
  'POST /cases/:id/decision': { kind: 'org-id', attacker: 'reviewer@nordisk.test', target: caseTarget({ decision: 'approve', reportVersion: 'a'.repeat(64) }) },
  'GET /registry/companies/:cvr': { kind: 'own', why: 'the public company register; no tenant data' },
  'POST /cases/:id/registry/retry': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({}) },
  'POST /cases/:id/hits/:hitId/decision': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ decision: 'dismissed', reason: 'Different birth date and country' }, { hitId: randomUUID() }) },
  'POST /cases/:id/risk/override': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ riskLevel: 'low', justification: 'The client is a long-standing local business.' }) },
  'PUT /cases/:id/sections/:key': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ text: 'Overwritten by another firm', accepted: false }, { key: 'conclusion' }) },
  'POST /cases/:id/submit': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({}) },
  'POST /cases/:id/relationship-end': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ endedOn: '2026-01-01' }) },
  'POST /cases/:id/parties': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ kind: 'person', name: 'Indsat af et andet firma', roles: ['representative'] }) },
  'PATCH /cases/:id/parties/:partyId': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ name: 'Rettet af et andet firma', reason: 'Another firm tries to correct it.' }, { partyId: randomUUID() }) },
  'DELETE /cases/:id/parties/:partyId': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined, { partyId: randomUUID() }) },
  'PUT /cases/:id/parties/:partyId/identity': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ method: 'mitid' }, { partyId: randomUUID() }) },
  'PATCH /cases/:id/documents/:docId/kind': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ documentKind: 'passport' }, { docId: randomUUID() }) },
  'PUT /cases/:id/business-relationship': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ purpose: 'x', nature: 'x', expectedActivity: 'x', product: 'standard', deliveryChannel: 'remote' }) },
  'PUT /cases/:id/language': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ language: 'en' }) },
  'PUT /cases/:id/conclusion': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ outcome: 'decline' }) },
  'POST /cases/:id/decline': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ reason: 'Declined by another firm' }) },
  'POST /cases/:id/authority-reports': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ kind: 'sanctions_freeze', recipient: 'erhvervsstyrelsen', reportedAt: '2026-01-01', reference: 'X-1' }) },
  'POST /cases/:id/investigations': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ note: 'A suspicion raised by another firm.' }) },
  'GET /cases/:id/investigations': { kind: 'org-id', attacker: 'reviewer@nordisk.test', target: caseTarget(undefined) },
  'GET /cases/:id/investigations/:investigationId': { kind: 'org-id', attacker: 'reviewer@nordisk.test', target: caseTarget(undefined, { investigationId: randomUUID() }) },
  'PUT /cases/:id/hits/:hitId/pep-left-office': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ leftOfficeOn: '2025-01-01' }, { hitId: randomUUID() }) },
  'POST /cases/:id/hits/:hitId/pep-cleared': { kind: 'org-id', attacker: 'reviewer@nordisk.test', target: caseTarget(undefined, { hitId: randomUUID() }), grant: 'compliance_officer' },
  'POST /cases/:id/sections/:key/draft': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined, { key: 'conclusion' }) },
  'GET /cases/:id/sections/:key/versions': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined, { key: 'conclusion' }) },
  'PATCH /cases/:id/notes/:noteId': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ usableForDrafting: true }, { noteId: randomUUID() }) },
  'GET /organisation/case-file-settings': { kind: 'own', why: 'the caller\'s organisation' },
  'PUT /organisation/case-file-settings': { kind: 'own', why: 'the caller\'s organisation' },
  'GET /cases/:id/documents': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined) },
  'POST /cases/:id/documents': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({}) },
  'GET /cases/:id/report.pdf': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined) },
  'GET /cases/:id/documents/:docId/content': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined, { docId: randomUUID() }) },
  'POST /cases/:id/documents/:docId/decision': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ decision: 'accepted' }, { docId: randomUUID() }) },
  'POST /cases/:id/document-requests': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ email: 'client@example.test', description: 'Passport' }) },
  'POST /cases/:id/document-requests/:requestId/cancel': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined, { requestId: randomUUID() }) },
  'GET /case-views': { kind: 'own', why: 'the caller\'s own saved views only' },
  'POST /case-views': { kind: 'own', why: 'saves a view for the caller only' },
  'DELETE /case-views/:id': { kind: 'org-id', attacker: 'handler@nordisk.test', target: async () => {
    const saved = await (await client('handler@demo.test')).request('POST', '/api/v1/case-views', { name: 'Matrix view', filters: { status: 'open' } });
    assert.is(saved.status, 201, JSON.stringify(saved.body));
    const id = saved.body.id as string;
    return { params: { id }, snapshot: async () => ({ row: await server.knex('case_saved_views').where({ id }).first() }) };
  } },
  'GET /case-handlers': { kind: 'own', why: 'the handlers of the caller\'s organisation only' },
  'POST /cases/:id/assign': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget({ assigneeId: byEmail('handler@nordisk.test').id }) },
  'GET /review-queue': { kind: 'own', why: 'the caller\'s organisation\'s cases in review only' },
  'POST /cases/bulk-assign': { kind: 'org-id', attacker: 'handler@nordisk.test', target: async () => { const id = await demoCase(); return { params: {}, body: { caseIds: [id], assigneeId: byEmail('handler@nordisk.test').id }, snapshot: caseSnapshot(id) }; } },
  'GET /cases/:id/notes': { kind: 'org-id', attacker: 'handler@nordisk.test', target: caseTarget(undefined) },
  'POST /cases/:id/notes': { kind: 'org-id', attacker: 'reviewer@nordisk.test', target: caseTarget({ text: 'A note from another firm' }) },
  'GET /uploads/:token': { kind: 'public', why: 'the client\'s upload page; needs the secret mailed link' },
  'POST /uploads/:token': { kind: 'public', why: 'the client\'s upload; needs the secret mailed single-use link' },
  'POST /screening/search': { kind: 'own', why: 'searches the public lists with the caller\'s organisation threshold' },
  'GET /lists': { kind: 'own', why: 'versions of the public lists, no organisation data' },
  'GET /screening/settings': { kind: 'own', why: 'the caller\'s organisation threshold' },
  'GET /screening/monitoring-hits': { kind: 'own', why: 'counts monitoring hits of the caller\'s organisation only' },
  'PUT /screening/settings': { kind: 'own', why: 'the caller\'s organisation threshold' },
  'POST /privacy/requests': { kind: 'public', why: 'data-subject requests from anyone' },
  'POST /privacy/requests/:id/verify': { kind: 'public', why: 'needs the request\'s status token and mailed code' },
  'POST /privacy/requests/:id/resend': { kind: 'public', why: 'needs the request\'s status token' },
  'GET /privacy/requests/:id': { kind: 'public', why: 'needs the request\'s status token' },
  'GET /privacy/requests/:id/export': { kind: 'public', why: 'needs the request\'s status token' },
  'POST /dsr': { kind: 'staff', why: 'privacy staff enter requests received on paper or by phone' },
  'GET /dsr': { kind: 'staff', why: 'privacy staff; requests belong to no customer organisation' },
  'GET /dsr/:id': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/triage': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/plan': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/plan/approve': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/extend': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/flags/:kind/lift': { kind: 'staff', why: 'privacy staff' },
  'POST /dsr/:id/suppression/lift': { kind: 'staff', why: 'privacy staff' },
  'GET /dsr/forwarded': { kind: 'own', why: 'lists the caller\'s organisation\'s forwarded parts only' },
  'GET /dsr/forwarded/:id': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoForwardedPart },
  'GET /dsr/forwarded/:id/export': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoForwardedPart },
  'POST /dsr/forwarded/:id/decision': { kind: 'org-id', attacker: 'admin@nordisk.test', target: async () => ({ ...(await demoForwardedPart()), body: { decision: 'no_match' } }) },
  'GET /holds': { kind: 'own', why: 'lists the caller\'s organisation only (all for platform privacy officers)' },
  'POST /holds': { kind: 'org-id', attacker: 'reviewer@nordisk.test', grant: 'compliance_officer', target: async () => { const id = await demoCase(); return { params: {}, body: { scope: { kind: 'case', caseId: id }, basis: 'investigation', reviewOn: '2099-01-01' }, snapshot: async () => ({ holds: (await server.knex('legal_holds').count({ n: '*' }))[0], audit: await demoAuditCount() }) }; } },
  'POST /holds/:id/release': { kind: 'org-id', attacker: 'reviewer@nordisk.test', grant: 'compliance_officer', target: demoHold },
  'GET /retention/classes': { kind: 'own', why: 'the caller\'s organisation\'s periods (the platform\'s for platform admins)' },
  'PUT /retention/classes/:class': { kind: 'own', why: 'sets the caller\'s organisation\'s period (the platform\'s for platform admins); the class is not tenant data' },
  'GET /retention/cases': { kind: 'own', why: 'lists the caller\'s organisation\'s cases only' },
  'POST /cases/:id/purge-approval': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoCaseAwaitingPurge },
  'GET /retention/sweeps': { kind: 'staff', why: 'the platform\'s sweeps, platform admins only' },
  'GET /retention/forecast': { kind: 'staff', why: 'counts of the platform\'s due rows, platform admins only' },
  'POST /retention/sweeps': { kind: 'staff', why: 'the platform\'s sweeps, platform admins only' },
  'GET /retention/certificates/:id': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoCaseCertificate },
  'POST /temporal-codec/encode': { kind: 'staff', why: 'Temporal UI codec, platform admins' },
  'POST /temporal-codec/decode': { kind: 'staff', why: 'Temporal UI codec, platform admins' },
  'GET /workflows': { kind: 'own', why: 'visibility filtered by the caller\'s OrgId search attribute and checked again (all for platform admins)' },
  'GET /workflows/:workflowId': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoCaseWorkflow },
  'GET /workflows/:workflowId/history.json': { kind: 'org-id', attacker: 'admin@nordisk.test', target: demoCaseWorkflow },
  'POST /workflows/:workflowId/actions': { kind: 'staff', why: 'workflow actions are for Clientnote\'s platform admins only' },
  'GET /schedules': { kind: 'staff', why: 'Temporal Schedules, platform admins' },
  'POST /schedules/:scheduleId/actions': { kind: 'staff', why: 'Temporal Schedules, platform admins' },
  'GET /workflow-health': { kind: 'own', why: 'the caller\'s organisation\'s workflows only (all for platform admins)' },
};

const clients = new Map<string, ApiClient>();
async function client(email: string): Promise<ApiClient> {
  if (!clients.has(email)) clients.set(email, await login(server.baseUrl, email));
  return clients.get(email)!;
}
const keyOf = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;
const fill = (path: string, params: Record<string, string> = {}) =>
  '/api/v1' + path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? PARAM_DEFAULTS[name] ?? randomUUID());
const PARAM_DEFAULTS: Record<string, string> = { step: 'data_collection', key: 'conclusion', cvr: '38411063', kind: 'restriction' };

t.before(async () => {
  await resetDatabase();
  server = await startApi();
});
t.after(async () => {
  await server?.close();
});

t('every route has an entry, and every entry a route', () => {
  const routes = server.routes.map(keyOf);
  const missing = routes.filter((k) => !(k in MATRIX));
  const stale = Object.keys(MATRIX).filter((k) => !routes.includes(k));
  assert.equal(missing, [], `routes without a tenant-isolation entry (add them to test/tenant-isolation.test.ts): ${missing.join(', ')}`);
  assert.equal(stale, [], `entries without a route: ${stale.join(', ')}`);
  for (const route of server.routes) {
    if (/:id\b/.test(route.path) && MATRIX[keyOf(route)]?.kind === 'own') assert.unreachable(`${keyOf(route)} takes an id: it needs an org-id entry`);
  }
});

t('routes that need a login answer 401 without one', async () => {
  for (const route of server.routes.filter((r) => r.access !== 'public')) {
    const res = await request(server.baseUrl, route.method.toUpperCase(), fill(route.path), route.method === 'get' ? undefined : {});
    assert.is(res.status, 401, keyOf(route));
  }
});

t('every demo role lacking a route\'s permission gets 403', async () => {
  for (const route of server.routes) {
    if (typeof route.access !== 'object') continue;
    const permission = route.access.permission;
    for (const user of DEMO_USERS.filter((u) => !can(u.roles as Role[], permission))) {
      const res = await (await client(user.email)).request(route.method.toUpperCase(), fill(route.path), route.method === 'get' ? undefined : {});
      assert.is(res.status, 403, `${keyOf(route)} as ${user.roles.join('+')}`);
    }
  }
});

t('another organisation\'s ids are 404 and nothing changes', async () => {
  for (const route of server.routes) {
    const entry = MATRIX[keyOf(route)];
    if (entry?.kind !== 'org-id') continue;
    const attacker = byEmail(entry.attacker);
    assert.is(attacker.orgId, NORDISK.id);
    const target = await entry.target();
    const before = await target.snapshot();
    if (entry.grant) await server.knex('user_roles').insert({ userId: attacker.id, role: entry.grant }).onConflict(['user_id', 'role']).ignore();
    const as = entry.grant ? await login(server.baseUrl, attacker.email) : await client(attacker.email);
    const res = await as.request(route.method.toUpperCase(), fill(route.path, target.params), target.body ?? (route.method === 'get' ? undefined : {}));
    if (entry.grant) await server.knex('user_roles').where({ userId: attacker.id, role: entry.grant }).delete();
    assert.is(res.status, 404, `${keyOf(route)} as ${attacker.email}: ${JSON.stringify(res.body)}`);
    assert.equal(await target.snapshot(), before, `${keyOf(route)} changed something`);
  }
});

t('the same ids work inside their own organisation (the 404s above are not typos)', async () => {
  const admin = await client('admin@demo.test');
  assert.is(byEmail('admin@demo.test').orgId, DEMO.id);
  assert.is((await admin.request('GET', `/api/v1/users/${demoHandler.id}`)).status, 200);
  assert.is((await (await client('handler@demo.test')).request('GET', `/api/v1/cases/${await demoCase()}`)).status, 200);
  assert.is((await admin.request('GET', `/api/v1/workflows/${encodeURIComponent(`kyc-case/${await demoCase()}`)}`)).status, 200);
});

t('lists show only the caller\'s organisation', async () => {
  const nordisk = await client('admin@nordisk.test');
  const users = await nordisk.request('GET', '/api/v1/users');
  assert.ok(users.body.items.length > 0);
  assert.ok(users.body.items.every((u: { email: string }) => u.email.endsWith('@nordisk.test')));
  const audit = await nordisk.request('GET', '/api/v1/audit?limit=200');
  const demoIds = new Set(DEMO_USERS.filter((u) => u.orgId === DEMO.id).map((u) => u.id));
  assert.ok(audit.body.items.every((e: { actorUserId: string | null }) => !demoIds.has(e.actorUserId ?? '')));
  const tokens = await nordisk.request('GET', '/api/v1/tokens');
  assert.equal(tokens.body.items, []);
  const cases = await (await client('handler@nordisk.test')).request('GET', '/api/v1/cases');
  assert.equal(cases.body.items.filter((c: { id: string }) => c.id === caseId), []);
  const workflows = await nordisk.request('GET', '/api/v1/workflows?limit=200');
  assert.is(workflows.status, 200);
  assert.ok(workflows.body.items.every((w: { orgId: string }) => w.orgId === NORDISK.id));
  assert.equal(workflows.body.items.filter((w: { workflowId: string }) => w.workflowId === `kyc-case/${caseId}`), []);
});

t.run();
