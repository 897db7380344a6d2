// KYC cases: create (after a registry lookup; starts the case workflow), list
// with filters, read everything the case page shows, and the human steps —
// step completion, hit decisions, risk override, report sections, submission,
// review decisions, relationship end — which go to the workflow as Updates
// (ids and enums only). Free text (reasons, section text, justifications,
// comments) is written here to Postgres after the workflow accepted the step.
import { CASE_PURGE_STATUSES } from '../../domain/retention/workflow.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound, unavailable } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createCaseRepository, type CaseRecord } from '../../db/repositories/cases.ts';
import { createCaseDataRepository } from '../../db/repositories/case-data.ts';
import { createDocumentRepository } from '../../db/repositories/documents.ts';
import { MEDIA_TYPES } from '../../domain/documents/document.ts';
import {
  CASE_DECISIONS, caseStatusSchema, caseStepSchema, caseTypeSchema, createCaseSchema, sectionKeySchema, type CaseProgress,
} from '../../domain/kyc/case.ts';
import { cvrSchema } from '../../domain/kyc/cvr.ts';
import { DUE_DILIGENCE_LEVELS, dueDiligenceFor, riskLevelSchema } from '../../domain/kyc/risk.ts';
import { kycCaseWorkflowId } from '../../domain/kyc/case-workflow.ts';
import { reportVersionOf } from '../../domain/kyc/report.ts';
import { caseFileFacts, createCaseFileRepository } from '../../db/repositories/case-file.ts';
import { BLOCKING_CODES, blockingReasons, holdsPlaceholder, maskCpr, mustBeVerified, pepApplies, sanctionedParties, type CaseGate } from '../../domain/kyc/case-file.ts';
import { CPR_SEALING, openText } from '../sealed-text.ts';
import { sha256Hex } from '../../db/sha256.ts';
import { createRegistry, lookupWithRetry } from '../../providers/registry/index.ts';
import { RegistryUnavailableError, type CompanyFacts } from '../../providers/registry/registry.ts';

const band = z.object({ low: z.number(), high: z.number() }).nullable();
const caseSummary = z.object({
  id: z.uuid(),
  type: caseTypeSchema,
  status: caseStatusSchema,
  step: caseStepSchema.nullable(),
  riskLevel: riskLevelSchema.nullable(),
  dueDiligence: z.enum(DUE_DILIGENCE_LEVELS).nullable(),
  client: z.object({ kind: z.enum(['company', 'person']), name: z.string().nullable(), cvr: z.string().nullable() }),
  assigneeId: z.uuid().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
});
const partySchema = z.object({
  id: z.uuid(), kind: z.enum(['person', 'company']), name: z.string(), country: z.string().nullable(), cvr: z.string().nullable(),
  birthDate: z.string().nullable(), roles: z.array(z.string()), isSubject: z.boolean(),
  ubo: z.object({ certainty: z.enum(['certain', 'possible', 'fallback']), share: band, voting: band, reasons: z.array(z.string()) }).nullable(),
  source: z.enum(['registry', 'manual']), nationality: z.string().nullable(), address: z.string().nullable(),
  cpr: z.string().nullable().describe('masked: DDMMYY-XXXX'),
  mustBeVerified: z.boolean(),
  verification: z.object({
    status: z.enum(['verified', 'missing', 'not_required']), method: z.enum(['id_document', 'mitid', 'other']).nullable(), documentId: z.string().nullable(),
    description: z.string().nullable(), verifiedBy: z.string().nullable(), verifiedAt: z.string().nullable(),
  }),
  correction: z.object({ by: z.string().nullable(), reason: z.string().nullable(), at: z.string() }).nullable(),
  registryValues: z.object({ name: z.string(), birthDate: z.string().nullable(), country: z.string().nullable() }).nullable(),
});
const caseDetail = caseSummary.extend({
  workflowId: z.string(),
  registryStatus: z.string().nullable(),
  clientFacts: z.record(z.string(), z.unknown()).nullable(),
  parties: z.array(partySchema),
  owners: z.array(z.object({ ownerPartyId: z.uuid(), ownedPartyId: z.uuid(), share: band, voting: band, validFrom: z.string().nullable() })),
  uboFallbackReason: z.string().nullable(),
  ownershipWarnings: z.array(z.record(z.string(), z.unknown())),
  hits: z.array(z.object({
    id: z.uuid(), partyId: z.uuid(), entityId: z.string(), list: z.string(), listedName: z.string(), primaryName: z.string(), score: z.number(),
    explanation: z.unknown(), entity: z.unknown(), decision: z.enum(['open', 'confirmed', 'dismissed']), reason: z.string().nullable(),
    decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), rememberedFrom: z.string().nullable().optional(),
    pepLeftOfficeOn: z.string().nullable().optional().describe('§ 18, stk. 6: the day a confirmed PEP left office'),
    pepCleared: z.object({ by: z.string().nullable(), at: z.string() }).nullable().optional().describe('a compliance officer recorded that the risk is no longer increased'),
    source: z.enum(['screening', 'monitoring']).optional().describe('monitoring: raised by ongoing monitoring from a new list version'), listVersionId: z.string().nullable().optional(),
  })),
  risk: z.object({ assessment: z.unknown().nullable(), override: z.unknown().nullable() }),
  documents: z.array(z.unknown()),
  sections: z.array(z.object({
    key: sectionKeySchema, text: z.string(), accepted: z.boolean(), source: z.string(), updatedBy: z.string().nullable(), updatedAt: z.string(),
    draft: z.object({
      version: z.number().int(), source: z.enum(['template', 'ai']), text: z.string(), provider: z.string().nullable(), model: z.string().nullable(),
      fallbackReason: z.string().nullable(), citations: z.array(z.object({ sentence: z.number().int(), evidence: z.array(z.string()), kinds: z.array(z.string()).optional() })).nullable(), createdAt: z.string(),
    }).nullable().describe('the latest draft (template or AI): what the reviewer compares the accepted text with'),
  })),
  approvals: z.array(z.object({ userId: z.string().nullable(), capacity: z.string(), decision: z.string(), reportVersion: z.string().nullable(), returnTo: z.string().nullable(), comment: z.string().nullable(), createdAt: z.string() })),
  reportVersion: z.string(),
  submittedReportVersion: z.string().nullable(),
  reviewDueAt: z.string().nullable(),
  relationshipEndedOn: z.string().nullable(),
  retentionUntil: z.string().nullable(),
  purgeStatus: z.enum(CASE_PURGE_STATUSES).nullable().describe('where the case stands at the end of its retention clock (docs/retention.md)'),
  events: z.array(z.object({ kind: z.string(), createdAt: z.string() })),
  language: z.enum(['da', 'en']),
  pep: z.boolean().describe('hvidvaskloven § 18 applies: a compliance officer approves besides the reviewer'),
  sanctionsStop: z.boolean().describe('a confirmed sanctions match on the client, an owner or a person acting for it: the case cannot be approved'),
  conclusion: z.enum(['establish', 'decline']).nullable(),
  declineReason: z.string().nullable(),
  businessRelationship: z.object({
    purpose: z.string().nullable(), nature: z.string().nullable(), expectedActivity: z.string().nullable(), sourceOfFunds: z.string().nullable(),
    sourceOfWealth: z.string().nullable(), product: z.enum(['standard', 'high_risk']).nullable(), deliveryChannel: z.enum(['in_person', 'remote']).nullable(), updatedAt: z.string(),
  }).nullable(),
  blockingReasons: z.array(z.object({ code: z.enum(BLOCKING_CODES), partyId: z.string().optional(), section: z.string().optional() }))
    .describe('what stops the next gate: data collection, submission (report step) or approval (review)'),
  authorityReports: z.array(z.object({ id: z.uuid(), kind: z.string(), recipient: z.string(), reportedAt: z.string(), reference: z.string(), createdBy: z.string().nullable(), createdAt: z.string() })),
});
const progressSchema = z.object({ status: caseStatusSchema, step: caseStepSchema.nullable() });
const idParams = z.object({ id: z.uuid('not a valid case id') });
/** Free text: bounded, no control characters except line breaks and tabs. */
const text = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters are not allowed');

const summary = (c: CaseRecord, now: Date): z.infer<typeof caseSummary> => ({
  id: c.id, type: c.type, status: c.status, step: c.step, riskLevel: c.riskLevel, dueDiligence: c.dueDiligence, client: c.client,
  assigneeId: c.assigneeId, dueAt: c.dueAt, overdue: !!c.dueAt && (c.status === 'open' || c.status === 'in_review') && new Date(c.dueAt) < now, createdAt: c.createdAt,
});
const progressView = (p: CaseProgress) => ({ status: p.status, step: p.step });

export function caseRoutes(deps: ApiDeps) {
  const cases = createCaseRepository(deps.knex);
  const data = createCaseDataRepository(deps.knex);
  const documents = createDocumentRepository(deps.knex);
  const caseFile = createCaseFileRepository(deps.knex);
  const registry = createRegistry(deps.config);
  const now = deps.now ?? (() => new Date());


  async function lookup(cvr: string): Promise<CompanyFacts> {
    try {
      const company = await lookupWithRetry(registry, cvr);
      if (!company) throw new ApiError(400, 'validation_failed', 'The register knows no company with this CVR number', [{ path: 'cvr', message: 'No company with this CVR number in the register' }]);
      return company;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) {
        throw unavailable('The company register (CVR) is not answering right now. Try again in a few minutes, or open the case with the client entered by hand.');
      }
      throw error;
    }
  }

  async function sendToWorkflow(orgId: string, caseId: string, send: () => Promise<CaseProgress>): Promise<CaseProgress> {
    if (!(await cases.get(orgId, caseId))) throw notFound('The case');
    return send();
  }

  return [
    defineRoute({
      method: 'get', path: '/registry/companies/:cvr', token: 'cases:write', summary: 'Look a company up in the company register (preview before opening a case)', tag: 'cases', access: { permission: 'cases.create' }, tenant: 'none',
      params: z.object({ cvr: cvrSchema }),
      responses: { 200: { description: 'The company with its participants', schema: z.object({ cvr: z.string(), name: z.string(), legalForm: z.string().nullable(), address: z.string().nullable(), industry: z.unknown(), participants: z.array(z.unknown()) }) }, 400: { description: 'Invalid or unknown CVR number' }, 503: { description: 'The register is not answering' } },
      handler: async (ctx, { params }) => {
        const c = await lookup(params.cvr);
        ctx.body = {
          cvr: c.cvr, name: c.name, legalForm: c.legalForm, status: c.status, address: c.address, industry: c.industry, foundedOn: c.foundedOn, source: c.source,
          participants: c.participants.map((p) => ({ kind: p.kind, name: p.name, country: p.country, cvr: p.cvr, roles: p.roles, ownership: p.ownership })),
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases', token: 'cases:write', summary: 'Open a KYC case (looks the CVR number up, then starts its workflow)', tag: 'cases', access: { permission: 'cases.create' }, tenant: { organisation: 'The case' },
      body: createCaseSchema,
      responses: { 201: { description: 'The new case', schema: caseSummary }, 400: { description: 'Invalid or unknown CVR number' }, 503: { description: 'The register or Temporal is unavailable; nothing was created' } },
      handler: async (ctx, { body, auth, orgId }) => {
        const [settings, fileSettings] = await Promise.all([data.settings(orgId), data.caseFileSettings(orgId)]);
        const client = 'cvr' in body
          ? { kind: 'company' as const, name: (await lookup(body.cvr)).name, cvr: body.cvr as string | null, facts: null }
          : { kind: body.client.kind, name: body.client.name, cvr: body.client.cvr ?? null, facts: { country: body.client.country ?? null, birthDate: body.client.birthDate ?? null } };
        const created = await cases.create(orgId, {
          type: body.type, clientKind: client.kind, clientName: client.name, clientCvr: client.cvr,
          createdBy: auth.user.id, assigneeId: auth.user.id,
          dueAt: new Date(now().getTime() + settings.slaSeconds * 1000),
        });
        await data.patchCase(orgId, created.id, { language: fileSettings.defaultLanguage, ...(client.facts ? { clientFacts: JSON.stringify(client.facts) } : {}) });
        try {
          await deps.workflows.startCase({ caseId: created.id, orgId, durations: settings.durations, caseType: body.type });
        } catch (error) {
          // No case without its workflow: take the row back and say so.
          await cases.remove(orgId, created.id);
          ctx.state.logger?.error({ err: error, caseId: created.id }, 'could not start the case workflow');
          throw unavailable('The workflow service is unavailable; the case was not created. Try again shortly.');
        }
        await deps.audit.record(ctx, { action: 'case.created', targetType: 'case', targetId: created.id, details: { type: body.type } });
        ctx.status = 201;
        ctx.set('location', `/api/v1/cases/${created.id}`);
        ctx.body = summary(created, now());
      },
    }),
    defineRoute({
      method: 'get', path: '/cases', token: 'cases:read', summary: 'List cases of my organisation, newest first, with filters', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      query: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(200).optional(),
        assignee: z.union([z.literal('me'), z.uuid()]).optional(),
        status: caseStatusSchema.optional(),
        riskLevel: riskLevelSchema.optional(),
        overdue: z.enum(['true', 'false']).optional(),
      }),
      responses: { 200: { description: 'A page of cases', schema: z.object({ items: z.array(caseSummary), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query, auth, orgId }) => {
        const at = now();
        const page = await cases.list(orgId, {
          limit: query.limit, cursor: query.cursor,
          filters: {
            ...(query.assignee ? { assigneeId: query.assignee === 'me' ? auth.user.id : query.assignee } : {}),
            ...(query.status ? { status: query.status } : {}),
            ...(query.riskLevel ? { riskLevel: query.riskLevel } : {}),
            ...(query.overdue ? { overdue: query.overdue === 'true', now: at } : {}),
          },
        });
        ctx.body = { items: page.items.map((c) => summary(c, at)), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id', token: 'cases:read', summary: 'One case: parties, owners, hits, risk, sections, approvals, report version, events', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: idParams,
      responses: { 200: { description: 'The case', schema: caseDetail }, 404: { description: 'No such case in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const found = await cases.get(orgId, params.id);
        if (!found) throw notFound('The case');
        const [row, parties, owners, hits, sections, approvals, events, docs, fileSettings, verifications, relationship, freezes, versions] = await Promise.all([
          data.caseFacts(orgId, found.id), data.parties(orgId, found.id), data.ownerships(orgId, found.id), data.hits(orgId, found.id),
          data.sections(orgId, found.id), data.approvals(orgId, found.id), cases.events(orgId, found.id), documents.list(orgId, found.id),
          data.caseFileSettings(orgId), caseFile.verifications(orgId, found.id), caseFile.relationship(orgId, found.id), caseFile.freezeReports(orgId, found.id),
          data.sectionVersions(orgId, found.id),
        ]);
        const draftOf = (key: string) => {
          const v = versions.filter((x) => x.key === key && x.source !== 'handler').at(-1);
          return v ? { version: v.version, source: v.source as 'template' | 'ai', text: v.text, provider: v.provider, model: v.model, fallbackReason: v.fallbackReason, citations: v.citations, createdAt: v.createdAt } : null;
        };
        const facts = caseFileFacts({ row: row!, parties, hits, sections, settings: fileSettings, verifications, relationship });
        const verified = new Map(verifications.map((v) => [v.partyId, v]));
        const gate: CaseGate | null = found.status === 'in_review' ? 'approval' : found.status !== 'open' ? null : found.step === 'data_collection' ? 'data_collection' : 'submission';
        const day = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
        ctx.body = {
          ...summary(found, now()),
          workflowId: kycCaseWorkflowId(found.id),
          registryStatus: row!.registryStatus ?? null,
          clientFacts: row!.clientFacts ?? null,
          parties: parties.map((p) => {
            const v = verified.get(p.id);
            // Read from this party record itself: the same read the facts above come from.
            const required = mustBeVerified({ ...p, verification: null });
            return {
              id: p.id, kind: p.kind, name: p.name, country: p.country, cvr: p.cvr, birthDate: p.birthDate, roles: p.roles, isSubject: p.isSubject, ubo: p.ubo,
              source: p.source ?? 'registry', nationality: p.nationality ?? null, address: p.address ?? null,
              cpr: p.cprSealed ? maskCpr(openText(deps.config.secret, CPR_SEALING, p.cprSealed)) : null,
              mustBeVerified: required,
              verification: {
                status: v ? 'verified' : required ? 'missing' : 'not_required', method: v?.method ?? null, documentId: v?.documentId ?? null,
                description: v?.description ?? null, verifiedBy: v?.verifiedBy ?? null, verifiedAt: v?.verifiedAt ?? null,
              },
              correction: p.correction ?? null, registryValues: p.registryValues ?? null,
            };
          }),
          owners,
          uboFallbackReason: row!.uboFallbackReason ?? null,
          ownershipWarnings: row!.ownershipWarnings ?? [],
          hits,
          risk: { assessment: row!.riskAssessment ?? null, override: row!.riskOverride ?? null },
          documents: docs.map((d) => ({ ...d, mediaType: MEDIA_TYPES[d.type] })),
          sections: sections.map((x) => ({ ...x, draft: draftOf(x.key) })), approvals,
          reportVersion: reportVersionOf(found.id, sections, sha256Hex),
          submittedReportVersion: row!.reportVersion ?? null,
          reviewDueAt: row!.reviewDueAt ? new Date(row!.reviewDueAt).toISOString() : null,
          relationshipEndedOn: day(row!.relationshipEndedOn ?? null),
          retentionUntil: day(row!.retentionUntil ?? null),
          purgeStatus: row!.purgeStatus ?? null,
          events,
          language: row!.language ?? 'da',
          pep: pepApplies(facts),
          sanctionsStop: sanctionedParties(facts).length > 0,
          conclusion: row!.conclusion ?? null,
          declineReason: row!.declineReason ?? null,
          businessRelationship: relationship ? {
            purpose: relationship.purpose, nature: relationship.nature, expectedActivity: relationship.expectedActivity, sourceOfFunds: relationship.sourceOfFunds,
            sourceOfWealth: relationship.sourceOfWealth, product: relationship.product, deliveryChannel: relationship.deliveryChannel, updatedAt: relationship.updatedAt,
          } : null,
          blockingReasons: gate ? blockingReasons(facts, gate) : [],
          authorityReports: freezes.map((r) => ({ id: r.id, kind: r.kind, recipient: r.recipient, reportedAt: r.reportedAt, reference: r.reference, createdBy: r.createdBy, createdAt: r.createdAt })),
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/steps/:step/complete', token: 'cases:write', summary: 'Complete the current step (handler)', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), step: caseStepSchema }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case' }, 409: { description: 'The case is not at that step, or the step is not done' } },
      handler: async (ctx, { params, auth, orgId }) => {
        ctx.body = progressView(await sendToWorkflow(orgId, params.id, () =>
          deps.workflows.completeStep(params.id, { step: params.step, actorId: auth.user.id })));
        await deps.audit.record(ctx, { action: 'case.step_completed', targetType: 'case', targetId: params.id, details: { step: params.step } });
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/registry/retry', token: 'cases:write', summary: 'Look the company up again after the register failed', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: idParams,
      responses: { 200: { description: 'The new progress', schema: progressSchema.extend({ registryStatus: z.string() }) }, 409: { description: 'Nothing to retry' } },
      handler: async (ctx, { params, auth, orgId }) => {
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.retryRegistry(params.id, { actorId: auth.user.id }));
        ctx.body = { ...progressView(p), registryStatus: p.registry };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/hits/:hitId/decision', token: 'cases:write', summary: 'Confirm a screening hit, or dismiss it as a false positive with a reason', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), hitId: z.uuid('not a valid hit id') }),
      body: z.object({ decision: z.enum(['confirmed', 'dismissed']), reason: text(2000).optional() })
        .refine((b) => b.decision !== 'dismissed' || (b.reason ?? '').trim().length >= 3, { path: ['reason'], message: 'A dismissal needs a reason' }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case or hit' }, 409: { description: 'The case is not at screening' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        if (!(await data.hit(orgId, params.id, params.hitId))) throw notFound('The hit');
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.decideHit(params.id, { hitId: params.hitId, decision: body.decision, actorId: auth.user.id }));
        await data.setHitReason(orgId, params.id, params.hitId, body.reason?.trim() || null);
        await deps.audit.record(ctx, { action: 'case.hit_decided', targetType: 'case', targetId: params.id, details: { hitId: params.hitId, decision: body.decision } });
        ctx.body = progressView(p);
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/risk/override', token: 'cases:write', summary: 'Override the assessed risk level with a written justification', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: idParams,
      body: z.object({ riskLevel: riskLevelSchema, justification: text(4000).refine((s) => s.trim().length >= 10, 'Write at least a sentence of justification') }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 409: { description: 'The case is not at the risk step' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        const found = await cases.get(orgId, params.id);
        const pep = found ? (await data.hits(orgId, params.id)).some((h) => h.decision === 'confirmed' && (h.entity as { category?: string } | null)?.category === 'pep') : false;
        const dueDiligence = dueDiligenceFor(body.riskLevel, pep);
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.overrideRisk(params.id, { riskLevel: body.riskLevel, dueDiligence, actorId: auth.user.id }));
        await data.overrideRisk(orgId, params.id, { riskLevel: body.riskLevel, dueDiligence, justification: body.justification.trim(), by: auth.user.id, at: now() });
        await deps.audit.record(ctx, { action: 'case.risk_overridden', targetType: 'case', targetId: params.id, details: { riskLevel: body.riskLevel } });
        ctx.body = progressView(p);
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/sections/:key', token: 'cases:write', summary: 'Write or accept a report section', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), key: sectionKeySchema }),
      body: z.object({ text: text(20_000), accepted: z.boolean() })
        .refine((b) => !b.accepted || b.text.trim().length > 0, { path: ['text'], message: 'An accepted section cannot be empty' })
        .refine((b) => !b.accepted || !holdsPlaceholder(b.text), { path: ['text'], message: 'The section still holds a placeholder in square brackets: write the text before accepting it' }),
      responses: { 200: { description: 'The section and the report version', schema: z.object({ key: sectionKeySchema, accepted: z.boolean(), reportVersion: z.string() }) }, 409: { description: 'The case is not at the report step' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        // Straight into Postgres (no workflow round trip): the editor is recorded for four-eyes, and the submission gate reads the sections.
        const claimed = await caseFile.claimEdit(orgId, params.id, auth.user.id, 'section', { kind: body.accepted ? 'section_accepted' : 'section_edited', key: `${params.id}:section:${randomUUID()}` });
        if (claimed === 'not_found') throw notFound('The case');
        if (claimed !== 'ok') throw new ApiError(409, 'conflict', claimed.refused);
        await data.writeSection(orgId, params.id, params.key, { text: body.text, accepted: body.accepted, by: auth.user.id, at: now() });
        await deps.audit.record(ctx, { action: 'case.section_updated', targetType: 'case', targetId: params.id, details: { key: params.key, accepted: body.accepted } });
        ctx.body = { key: params.key, accepted: body.accepted, reportVersion: reportVersionOf(params.id, await data.sections(orgId, params.id), sha256Hex) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/submit', token: 'cases:write', summary: 'Submit the report for review (every section accepted)', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: idParams,
      responses: { 200: { description: 'The new progress and the submitted report version', schema: progressSchema.extend({ reportVersion: z.string() }) }, 409: { description: 'Not at the report step, or sections not accepted' } },
      handler: async (ctx, { params, auth, orgId }) => {
        const reportVersion = reportVersionOf(params.id, await data.sections(orgId, params.id), sha256Hex);
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.submit(params.id, { reportVersion, actorId: auth.user.id }));
        await deps.audit.record(ctx, { action: 'case.submitted', targetType: 'case', targetId: params.id, details: { reportVersion } });
        ctx.body = { ...progressView(p), reportVersion };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/decision', summary: 'Approve, reject or return a case in review (four-eyes; names the report version)', tag: 'cases', access: { permission: 'cases.decide' }, tenant: { organisation: 'The case' },
      params: idParams,
      body: z.object({
        decision: z.enum(CASE_DECISIONS),
        comment: text(4000).optional(),
        returnTo: caseStepSchema.exclude(['review']).optional(),
        reportVersion: z.string().regex(/^[0-9a-f]{64}$/, 'the report version (hash) you reviewed'),
      }).refine((b) => b.decision === 'approve' || (b.comment ?? '').trim().length >= 5, { path: ['comment'], message: 'A rejection or a return needs a reason' }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case' }, 409: { description: 'Not in review, you prepared it, or another decision won (conflict); another report version (stale_version)' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.decide(params.id, {
          decision: body.decision, actorId: auth.user.id, roles: [...auth.user.roles], reportVersion: body.reportVersion,
          ...(body.returnTo ? { returnTo: body.returnTo } : {}),
        }));
        if (body.comment?.trim()) await data.commentLatestDecision(orgId, params.id, auth.user.id, body.comment.trim());
        // A reviewer's rejection declines an onboarding (§ 14, stk. 1): its reason is the decline's reason.
        if (body.decision === 'reject' && p.status === 'declined') await data.patchCase(orgId, params.id, { declineReason: body.comment!.trim() });
        await deps.audit.record(ctx, { action: 'case.decided', targetType: 'case', targetId: params.id, details: { decision: body.decision, reportVersion: body.reportVersion, ...(body.returnTo ? { returnTo: body.returnTo } : {}) } });
        ctx.body = progressView(p);
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/relationship-end', token: 'cases:write', summary: 'Record the end of the client relationship (starts the retention clock)', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: idParams,
      body: z.object({ endedOn: z.iso.date() }),
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 409: { description: 'The relationship is not active' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        if (body.endedOn > now().toISOString().slice(0, 10)) throw new ApiError(400, 'validation_failed', 'The end date cannot be in the future', [{ path: 'endedOn', message: 'not in the future' }]);
        const found = await cases.get(orgId, params.id);
        if (!found) throw notFound('The case');
        const openReview = found.type !== 'onboarding' && (found.status === 'open' || found.status === 'in_review');
        if (found.status !== 'monitoring' && found.status !== 'approved' && !openReview) {
          throw new ApiError(409, 'conflict', 'only an approved client relationship, or the one an open review case reviews, can end');
        }
        await data.patchCase(orgId, params.id, { relationshipEndedOn: body.endedOn });
        const p = await sendToWorkflow(orgId, params.id, () => deps.workflows.endRelationship(params.id, { actorId: auth.user.id }));
        await deps.audit.record(ctx, { action: 'case.relationship_ended', targetType: 'case', targetId: params.id });
        // § 14, stk. 5: a review that ends the relationship ends it on the case that monitors it as well.
        const previousId = openReview ? (await data.caseFacts(orgId, params.id))?.previousCaseId as string | null : null;
        const previous = previousId ? await cases.get(orgId, previousId) : null;
        if (previous && (previous.status === 'monitoring' || previous.status === 'approved')) {
          await data.patchCase(orgId, previous.id, { relationshipEndedOn: body.endedOn });
          await deps.workflows.endRelationship(previous.id, { actorId: auth.user.id });
          await deps.audit.record(ctx, { action: 'case.relationship_ended', targetType: 'case', targetId: previous.id });
        }
        ctx.body = progressView(p);
      },
    }),
  ];
}
