// Screening for signed-in users: search the current list versions (one query or
// a batch), the lists' versions and age for the UI, and the organisation's match
// threshold (org_admin may change it; the default comes from the evaluation).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import type { ApiDeps } from '../deps.ts';
import { DEFAULT_MATCH_THRESHOLD, type ScreeningQuery } from '../../domain/screening/score.ts';
import { parseQueryBirthDate } from '../../domain/screening/entity.ts';
import { countryCode } from '../../domain/screening/countries.ts';
import { createIndexService, type IndexService } from '../../screening/index-service.ts';
import type { SearchHit } from '../../screening/index.ts';
import { listStatus } from '../../screening/store.ts';
import { createOrganisationRepository } from '../../db/repositories/organisations.ts';
import { createListMonitoringRepository, type ListMonitoringRepository } from '../../db/repositories/list-monitoring.ts';
import { createCaseDataRepository } from '../../db/repositories/case-data.ts';

/** Longer names are refused: no real name is this long, and the scorer's work grows with length. */
export const MAX_QUERY_NAME_LENGTH = 1000;
export const MAX_BATCH_QUERIES = 100;

const querySchema = z.object({
  schema: z.enum(['Person', 'Company']),
  name: z.string().max(MAX_QUERY_NAME_LENGTH, `At most ${MAX_QUERY_NAME_LENGTH} characters`).refine((n) => n.trim().length > 0, 'Give a name'),
  birthDate: z.string().max(10).refine((d) => parseQueryBirthDate(d) !== null, 'Use YYYY, YYYY-MM or YYYY-MM-DD').optional(),
  country: z.string().max(60).refine((c) => countryCode(c) !== null, 'Use an ISO 3166 alpha-2 code such as DK').optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
const searchBody = z.union([z.object({ queries: z.array(querySchema).min(1).max(MAX_BATCH_QUERIES) }).strict(), querySchema.strict()]);

const hitView = z.object({
  entityId: z.string(), list: z.string(), name: z.string(), primaryName: z.string(), score: z.number(), match: z.boolean(),
  explanation: z.record(z.string(), z.unknown()), demo: z.boolean().optional(),
});
const monitoringView = z.object({
  status: z.enum(['running', 'completed']), entities: z.number(),
  partiesTotal: z.number().nullable().describe('Active parties of every organisation the run re-screens: for platform staff only (null for an organisation\'s users, since it counts other organisations\' clients too)'),
  partiesDone: z.number().nullable().describe('How many of them are done: platform staff only, as partiesTotal'),
  startedAt: z.string(), finishedAt: z.string().nullable(),
}).describe('Ongoing monitoring of this version: active parties re-screened against its added and changed entities (null: not started)');
const listView = z.object({
  list: z.string(), version: z.number(), versionId: z.string(), format: z.string(), source: z.string(), publishedAt: z.string().nullable(), importedAt: z.string(),
  entityCount: z.number(), added: z.number(), changed: z.number(), removed: z.number(), ageDays: z.number(), stale: z.boolean(),
  monitoring: monitoringView.nullable(),
});
const monitoringHitsView = z.object({
  openHits: z.number().describe('Open hits that ongoing monitoring raised on cases of my organisation'),
  cases: z.array(z.object({ id: z.string(), openHits: z.number() })).describe('The cases with such hits, most recent first (at most 20)'),
});

/** The monitoring run of each given version (the projection the workflow writes). */
async function monitoringRuns(runs: ListMonitoringRepository, versionIds: string[]): Promise<Map<string, z.infer<typeof monitoringView>>> {
  return new Map((await runs.runsOf(versionIds)).map((r) => [r.listVersionId, {
    status: r.status, entities: r.entities, partiesTotal: r.partiesTotal, partiesDone: r.partiesDone,
    startedAt: new Date(r.startedAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
  }]));
}

function toQuery(q: z.infer<typeof querySchema>): ScreeningQuery {
  return {
    schema: q.schema,
    name: q.name,
    ...(q.birthDate ? { birthDate: parseQueryBirthDate(q.birthDate)! } : {}),
    ...(q.country ? { country: countryCode(q.country)! } : {}),
  };
}

// Every request checks (one indexed query) whether a new list version landed, so a search
// never answers from a superseded version once an import has committed.
export function screeningRoutes(deps: ApiDeps, index: IndexService = createIndexService(deps.knex, { checkEveryMs: 0 })) {
  const organisations = createOrganisationRepository(deps.knex);
  const runsRepo = createListMonitoringRepository(deps.knex);
  const caseData = createCaseDataRepository(deps.knex);
  const search = async (q: z.infer<typeof querySchema>, threshold: number): Promise<SearchHit[]> => index.search(toQuery(q), { threshold, limit: q.limit ?? 10 });
  return [
    defineRoute({
      method: 'post', path: '/screening/search', token: 'screening:search', summary: 'Search the current sanctions and PEP lists: one query, or {"queries": [...]}', tag: 'screening', access: 'authenticated', tenant: 'any',
      body: searchBody,
      responses: {
        200: {
          description: 'Hits at or above the organisation threshold, best first; for a batch one result per query, in order',
          schema: z.union([z.object({ hits: z.array(hitView), threshold: z.number() }), z.object({ results: z.array(z.object({ hits: z.array(hitView) })), threshold: z.number() })]),
        },
        400: { description: 'Validation failed' },
      },
      handler: async (ctx, { body, orgId }) => {
        const threshold = await organisations.screeningThreshold(orgId);
        if ('queries' in body) {
          const results = [];
          for (const q of body.queries) results.push({ hits: await search(q, threshold) });
          ctx.body = { results, threshold };
          return;
        }
        ctx.body = { hits: await search(body, threshold), threshold };
      },
    }),
    defineRoute({
      method: 'get', path: '/lists', token: 'lists:read', summary: 'Screening lists: the current version of each and its age', tag: 'screening', access: 'authenticated', tenant: 'any',
      responses: { 200: { description: 'One item per list', schema: z.object({ items: z.array(listView), nextCursor: z.null(), maxAgeDays: z.number() }) } },
      handler: async (ctx, { orgId }) => {
        const maxAgeDays = deps.config.sanctionsMaxAgeDays;
        const lists = await listStatus(deps.knex, deps.now?.());
        const runs = await monitoringRuns(runsRepo, lists.map((l) => l.versionId));
        // The runs count every organisation's parties: an organisation's users see the run's state, not those counts.
        if (orgId) for (const [id, run] of runs) runs.set(id, { ...run, partiesTotal: null, partiesDone: null });
        const items = lists.map((l) => ({ list: l.list, version: l.version, versionId: l.versionId, format: l.format, source: l.source, publishedAt: l.publishedAt, importedAt: l.importedAt, entityCount: l.entityCount, added: l.added, changed: l.changed, removed: l.removed, ageDays: l.ageDays, stale: l.ageDays > maxAgeDays, monitoring: runs.get(l.versionId) ?? null }));
        ctx.body = { items, nextCursor: null, maxAgeDays };
      },
    }),
    defineRoute({
      method: 'get', path: '/screening/monitoring-hits', token: 'cases:read', summary: 'Open hits that ongoing monitoring raised on my organisation’s cases (a task each)', tag: 'screening', access: { permission: 'cases.read' }, tenant: { organisation: 'The organisation' },
      responses: { 200: { description: 'The count, and the cases carrying them', schema: monitoringHitsView }, 404: { description: 'No organisation' } },
      handler: async (ctx, { orgId }) => {
        const byCase = await caseData.openMonitoringHitsByCase(orgId);
        ctx.body = { openHits: byCase.reduce((a, r) => a + r.openHits, 0), cases: byCase.slice(0, 20).map((r) => ({ id: r.caseId, openHits: r.openHits })) };
      },
    }),
    defineRoute({
      method: 'get', path: '/screening/settings', token: 'screening:search', summary: "My organisation's screening match threshold", tag: 'screening', access: 'authenticated', tenant: 'any',
      responses: { 200: { description: 'The threshold in use and the default', schema: z.object({ threshold: z.number(), defaultThreshold: z.number() }) } },
      handler: async (ctx, { orgId }) => {
        ctx.body = { threshold: await organisations.screeningThreshold(orgId), defaultThreshold: DEFAULT_MATCH_THRESHOLD };
      },
    }),
    defineRoute({
      method: 'put', path: '/screening/settings', summary: "Set my organisation's screening match threshold (null: the default)", tag: 'screening', access: { permission: 'users.manage' }, tenant: { organisation: 'The organisation' },
      body: z.object({ threshold: z.number().gt(0.5, 'Above 0.5').max(1).nullable() }).strict(),
      responses: { 200: { description: 'The threshold now in use', schema: z.object({ threshold: z.number(), defaultThreshold: z.number() }) }, 404: { description: 'No organisation' } },
      handler: async (ctx, { body, orgId }) => {
        await organisations.setScreeningThreshold(orgId, body.threshold);
        await deps.audit.record(ctx, { action: 'screening.threshold_changed', targetType: 'organisation', targetId: orgId, details: { threshold: body.threshold } });
        ctx.body = { threshold: await organisations.screeningThreshold(orgId), defaultThreshold: DEFAULT_MATCH_THRESHOLD };
      },
    }),
  ];
}
