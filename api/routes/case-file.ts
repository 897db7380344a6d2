// The customer-due-diligence file of a case (docs/case-file.md): parties added
// and corrected by hand, identity verification per person, the business
// relationship, the case's language and conclusion, declining a client,
// reports to the authorities, investigations (§§ 25–26) and the organisation's
// case-file settings. Each change first goes to the case workflow as an Update
// (state and four-eyes, ids only); the texts are written here afterwards.
// Another organisation's case is 404; investigations are 404 for everyone but
// compliance officers and the person who raised them.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Context } from 'koa';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { CPR_SEALING, sealText } from '../sealed-text.ts';
import { createCaseRepository, type CaseRecord } from '../../db/repositories/cases.ts';
import { createCaseDataRepository, type PartyFields } from '../../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../../db/repositories/case-file.ts';
import {
  authorityReportSchema, businessRelationshipSchema, caseFileSettingsSchema, conclusionSchema, cprBirthDate, declineSchema, DOCUMENT_KINDS,
  identityVerificationSchema, investigationSchema, languageSchema, type CaseFilePart, newPartySchema, normaliseCpr, partyCorrectionSchema, pepClearableFrom, plausibleBirthDate,
} from '../../domain/kyc/case-file.ts';
import { sectionKeySchema } from '../../domain/kyc/case.ts';
import type { AuthState } from '../auth/sessions.ts';

const caseParams = z.object({ id: z.uuid('not a valid case id') });
const partyParams = z.object({ id: z.uuid('not a valid case id'), partyId: z.uuid('not a valid party id') });
const progressSchema = z.object({ status: z.string(), step: z.string().nullable() });
const partyView = z.object({ id: z.uuid(), kind: z.enum(['person', 'company']), name: z.string(), source: z.enum(['registry', 'manual']) });
const investigationView = z.object({
  id: z.uuid(), note: z.string(), raisedBy: z.uuid().nullable(), createdAt: z.string(),
  reports: z.array(z.object({ id: z.uuid(), recipient: z.string(), reportedAt: z.string(), reference: z.string(), createdAt: z.string() })),
});
const reportView = z.object({ id: z.uuid(), kind: z.string(), recipient: z.string(), reportedAt: z.string(), reference: z.string(), createdAt: z.string() });

const sectionVersionView = z.object({
  key: z.string(), version: z.number().int(), text: z.string(), source: z.enum(['template', 'ai', 'handler']), provider: z.string().nullable(), model: z.string().nullable(),
  promptVersion: z.string().nullable(), inputHash: z.string().nullable().describe('sha256 of what was sent to the provider (the text itself is not kept)'),
  citations: z.array(z.object({ sentence: z.number().int(), evidence: z.array(z.string()), kinds: z.array(z.string()).optional() })).nullable(),
  fallbackReason: z.string().nullable().describe('why an AI draft fell back to the template'), createdBy: z.string().nullable(), createdAt: z.string(),
});
const fieldError = (path: string, message: string) => new ApiError(400, 'validation_failed', 'The request is not valid', [{ path, message }]);

export function caseFileRoutes(deps: ApiDeps) {
  const cases = createCaseRepository(deps.knex);
  const data = createCaseDataRepository(deps.knex);
  const caseFile = createCaseFileRepository(deps.knex);
  const now = deps.now ?? (() => new Date());

  const caseOf = async (orgId: string, caseId: string): Promise<CaseRecord> => {
    const found = await cases.get(orgId, caseId);
    if (!found) throw notFound('The case');
    return found;
  };
  /**
   * The case (as its projection stands) allows the change, and the user is recorded as an editor (four-eyes);
   * then the route writes it. No workflow round trip: the gates read Postgres when the case moves on.
   */
  const edit = async (orgId: string, caseId: string, auth: AuthState, part: CaseFilePart, event?: string): Promise<void> => {
    // The timeline's entry (kind only; what changed is in the case file, who in the audit trail).
    const claimed = await caseFile.claimEdit(orgId, caseId, auth.user.id, part, event ? { kind: event, key: `${caseId}:${event}:${randomUUID()}` } : undefined);
    if (claimed === 'not_found') throw notFound('The case');
    if (claimed !== 'ok') throw new ApiError(409, 'conflict', claimed.refused);
  };
  const progressView = (p: { status: string; step: string | null }) => ({ status: p.status, step: p.step });

  /** Checks the person fields a handler writes, and seals a CPR number (only where the organisation enables them). */
  async function partyFields(orgId: string, body: Partial<z.output<typeof newPartySchema>>): Promise<PartyFields> {
    if (body.birthDate && !plausibleBirthDate(body.birthDate, now())) throw fieldError('birthDate', 'a birth date is between 1900-01-01 and today');
    const fields: PartyFields = {};
    for (const key of ['kind', 'name', 'birthDate', 'nationality', 'country', 'address', 'cvr', 'roles'] as const) {
      if (body[key] !== undefined) (fields as Record<string, unknown>)[key] = typeof body[key] === 'string' ? (body[key] as string).trim() : body[key];
    }
    if (body.cpr !== undefined && body.cpr !== null) {
      if (!(await data.caseFileSettings(orgId)).cprEnabled) throw fieldError('cpr', 'your organisation does not record CPR numbers');
      const born = cprBirthDate(body.cpr)!;
      if (body.birthDate && body.birthDate !== born) throw fieldError('cpr', 'the CPR number\'s date part does not match the birth date');
      fields.cprSealed = sealText(deps.config.secret, CPR_SEALING, normaliseCpr(body.cpr));
      fields.birthDate ??= born;
    } else if (body.cpr === null) fields.cprSealed = null;
    return fields;
  }

  const audit = (ctx: Context, action: string, caseId: string, details: Record<string, string | number | boolean | null> = {}) =>
    deps.audit.record(ctx, { action, targetType: 'case', targetId: caseId, details });

  return [
    defineRoute({
      method: 'post', path: '/cases/:id/parties', token: 'cases:write', summary: 'Add a person or company to the case (at data collection)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams, body: newPartySchema,
      responses: { 201: { description: 'The new party', schema: partyView }, 400: { description: 'Invalid fields (birth date, CPR number)' }, 404: { description: 'No such case' }, 409: { description: 'Not at data collection' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const fields = await partyFields(orgId, body);
        await edit(orgId, params.id, auth, 'parties', 'party_added');
        const party = await data.addParty(orgId, params.id, { ...fields, kind: body.kind, name: body.name.trim(), roles: body.roles });
        await audit(ctx, 'case.party_added', params.id, { partyId: party.id });
        ctx.status = 201;
        ctx.body = { id: party.id, kind: party.kind, name: party.name, source: 'manual' };
      },
    }),
    defineRoute({
      method: 'patch', path: '/cases/:id/parties/:partyId', token: 'cases:write', summary: 'Correct a party (a registry party keeps the registry\'s values; the reason is required)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: partyParams, body: partyCorrectionSchema,
      responses: { 200: { description: 'The corrected party', schema: partyView }, 400: { description: 'Invalid fields, or no reason for a registry correction' }, 404: { description: 'No such case or party' }, 409: { description: 'Not at data collection' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const current = (await data.parties(orgId, params.id)).find((p) => p.id === params.partyId);
        if (!current) throw notFound('The party');
        const reason = body.reason?.trim() || null;
        if (current.source !== 'manual' && (!reason || reason.length < 5)) throw fieldError('reason', 'say why the registry\'s data is corrected');
        const fields = await partyFields(orgId, body);
        if (current.source !== 'manual') fields.roles &&= [...new Set([...current.roles.filter((r) => !['beneficial_owner', 'director', 'board_member', 'signatory', 'representative', 'client'].includes(r)), ...fields.roles])];
        await edit(orgId, params.id, auth, 'parties', 'party_corrected');
        const party = await data.correctParty(orgId, params.id, params.partyId, fields, { userId: auth.user.id, reason, at: now() });
        if (!party) throw notFound('The party');
        await audit(ctx, 'case.party_corrected', params.id, { partyId: party.id });
        ctx.body = { id: party.id, kind: party.kind, name: party.name, source: party.source ?? 'registry' };
      },
    }),
    defineRoute({
      method: 'delete', path: '/cases/:id/parties/:partyId', token: 'cases:write', summary: 'Remove a party added by hand (not while it has an undecided hit)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: partyParams,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such case or party' }, 409: { description: 'A registry party, an open hit, or not at data collection' } },
      handler: async (ctx, { params, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const current = (await data.parties(orgId, params.id)).find((p) => p.id === params.partyId);
        if (!current) throw notFound('The party');
        if (current.source !== 'manual') throw new ApiError(409, 'conflict', 'a party from the registry is corrected, not removed');
        await edit(orgId, params.id, auth, 'parties', 'party_removed');
        const result = await data.removeManualParty(orgId, params.id, params.partyId);
        if (result === 'not_found') throw notFound('The party');
        if (result === 'open_hit') throw new ApiError(409, 'conflict', 'the party has an undecided screening hit: decide it first');
        if (result === 'not_manual') throw new ApiError(409, 'conflict', 'a party from the registry is corrected, not removed');
        await audit(ctx, 'case.party_removed', params.id, { partyId: params.partyId });
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/parties/:partyId/identity', token: 'cases:write', summary: 'Record how a person\'s identity was verified (method and the document it rests on)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: partyParams, body: identityVerificationSchema,
      responses: { 200: { description: 'Recorded', schema: z.object({ partyId: z.uuid(), method: z.string(), verifiedAt: z.string() }) }, 400: { description: 'A document of another case, or no evidence' }, 404: { description: 'No such case or party' }, 409: { description: 'The case is not open' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const party = (await data.parties(orgId, params.id)).find((p) => p.id === params.partyId);
        if (!party) throw notFound('The party');
        if (party.kind !== 'person') throw fieldError('method', 'a company is identified through the registry; verify the persons');
        if (body.documentId && !(await caseFile.documentOfCase(orgId, params.id, body.documentId))) throw fieldError('documentId', 'not a document of this case');
        await edit(orgId, params.id, auth, 'identity', 'identity_verified');
        const at = now();
        await caseFile.verify(orgId, params.id, params.partyId, { method: body.method, documentId: body.documentId ?? null, description: body.description?.trim() || null, by: auth.user.id, at });
        await audit(ctx, 'case.identity_verified', params.id, { partyId: params.partyId, method: body.method });
        ctx.body = { partyId: params.partyId, method: body.method, verifiedAt: at.toISOString() };
      },
    }),
    defineRoute({
      method: 'patch', path: '/cases/:id/documents/:docId/kind', token: 'cases:write', summary: 'Say what a document is evidence of (passport, registry extract, …)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), docId: z.uuid('not a valid document id') }),
      body: z.object({ documentKind: z.enum(DOCUMENT_KINDS).nullable() }).strict(),
      responses: { 200: { description: 'Recorded', schema: z.object({ id: z.uuid(), documentKind: z.string().nullable() }) }, 404: { description: 'No such case or document' } },
      handler: async (ctx, { params, body, orgId }) => {
        await caseOf(orgId, params.id);
        if (!(await caseFile.setDocumentKind(orgId, params.id, params.docId, body.documentKind))) throw notFound('The document');
        await audit(ctx, 'case.document_kind_set', params.id, { documentId: params.docId, documentKind: body.documentKind });
        ctx.body = { id: params.docId, documentKind: body.documentKind };
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/business-relationship', token: 'cases:write', summary: 'Purpose and intended nature of the relationship, expected activity, product, channel, and sources of funds and wealth', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams, body: businessRelationshipSchema,
      responses: { 200: { description: 'Recorded', schema: z.object({ updatedAt: z.string() }) }, 404: { description: 'No such case' }, 409: { description: 'The case is not open' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        await edit(orgId, params.id, auth, 'relationship', 'relationship_recorded');
        const at = now();
        const t = (s: string | null | undefined) => s?.trim() || null;
        await caseFile.saveRelationship(orgId, params.id, {
          purpose: t(body.purpose), nature: t(body.nature), expectedActivity: t(body.expectedActivity), sourceOfFunds: t(body.sourceOfFunds), sourceOfWealth: t(body.sourceOfWealth),
          product: body.product, deliveryChannel: body.deliveryChannel,
        }, auth.user.id, at);
        await audit(ctx, 'case.relationship_recorded', params.id);
        ctx.body = { updatedAt: at.toISOString() };
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/language', token: 'cases:write', summary: 'The language the report is drafted in (before drafting)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams, body: languageSchema,
      responses: { 200: { description: 'Recorded', schema: z.object({ language: z.string() }) }, 409: { description: 'The report is already drafted' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        await edit(orgId, params.id, auth, 'language');
        await data.patchCase(orgId, params.id, { language: body.language });
        await audit(ctx, 'case.language_set', params.id, { language: body.language });
        ctx.body = { language: body.language };
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/conclusion', token: 'cases:write', summary: 'The report\'s explicit conclusion: establish or decline the relationship', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams, body: conclusionSchema,
      responses: { 200: { description: 'Recorded', schema: z.object({ outcome: z.string() }) }, 409: { description: 'Not at the report step' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        await edit(orgId, params.id, auth, 'conclusion', 'conclusion_set');
        await data.patchCase(orgId, params.id, { conclusion: body.outcome });
        await audit(ctx, 'case.conclusion_set', params.id, { outcome: body.outcome });
        ctx.body = { outcome: body.outcome };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/decline', token: 'cases:write', summary: 'Decline the client (onboarding; § 14, stk. 1): the case ends declined and its retention clock starts', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams, body: declineSchema,
      responses: { 200: { description: 'The new progress', schema: progressSchema }, 404: { description: 'No such case' }, 409: { description: 'A review case (end the relationship instead), or already decided' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        const found = await caseOf(orgId, params.id);
        // The reason first: the workflow's outcome starts retention, and a declined case without its reason would be half-written.
        if (found.type !== 'onboarding') throw new ApiError(409, 'conflict', 'a review of an existing relationship is not declined: end the relationship instead');
        await data.patchCase(orgId, params.id, { declineReason: body.reason.trim() });
        try {
          const p = await deps.workflows.decline(params.id, { actorId: auth.user.id });
          await audit(ctx, 'case.declined', params.id);
          ctx.body = progressView(p);
        } catch (error) {
          await data.patchCase(orgId, params.id, { declineReason: null });
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/authority-reports', summary: 'Record an asset freeze notified to the authorities, or a report of suspicion (under its investigation)', tag: 'case file', access: { permission: 'cases.investigate' }, tenant: { organisation: 'The case' },
      params: caseParams, body: authorityReportSchema,
      responses: { 201: { description: 'Recorded', schema: reportView }, 400: { description: 'Invalid date or reference' }, 404: { description: 'No such case or investigation' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        if (body.reportedAt > now().toISOString().slice(0, 10)) throw fieldError('reportedAt', 'the date cannot be in the future');
        if (body.investigationId) {
          const visible = await caseFile.investigationsVisibleTo(orgId, params.id, { userId: auth.user.id, complianceOfficer: auth.user.roles.includes('compliance_officer') });
          if (!visible.some((i) => i.id === body.investigationId)) throw notFound('The investigation');
        }
        const report = await caseFile.addAuthorityReport(orgId, params.id, {
          kind: body.kind, recipient: body.recipient, reportedAt: body.reportedAt, reference: body.reference.trim(),
          investigationId: body.kind === 'suspicious_activity' ? body.investigationId! : null, createdBy: auth.user.id,
        });
        // A report of suspicion leaves only its id on the audit trail (§ 38: nothing that tells of it elsewhere).
        await audit(ctx, body.kind === 'sanctions_freeze' ? 'case.freeze_recorded' : 'case.investigation_reported', params.id, { reportId: report.id });
        ctx.status = 201;
        ctx.body = { id: report.id, kind: report.kind, recipient: report.recipient, reportedAt: report.reportedAt, reference: report.reference, createdAt: report.createdAt };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/investigations', summary: 'Open an investigation of a suspicion (§ 25); places a legal hold on the case', tag: 'case file', access: { permission: 'cases.investigate' }, tenant: { organisation: 'The case' },
      params: caseParams, body: investigationSchema,
      responses: { 201: { description: 'Opened', schema: z.object({ id: z.uuid() }) }, 404: { description: 'No such case' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const review = new Date(now().getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
        const opened = await caseFile.openInvestigation(orgId, params.id, { note: body.note.trim(), raisedBy: auth.user.id, holdReviewOn: review });
        await deps.audit.record(ctx, { action: 'case.investigation_opened', targetType: 'investigation', targetId: opened.id });
        ctx.status = 201;
        ctx.body = { id: opened.id };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id/investigations', summary: 'The investigations of a case the caller may read (compliance officers: all; others: their own)', tag: 'case file', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: caseParams,
      responses: { 200: { description: 'Investigations', schema: z.object({ items: z.array(investigationView) }) }, 404: { description: 'No such case, or none the caller may read' } },
      handler: async (ctx, { params, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const visible = await caseFile.investigationsVisibleTo(orgId, params.id, { userId: auth.user.id, complianceOfficer: auth.user.roles.includes('compliance_officer') });
        // Nobody learns that an investigation exists without the right to read it (§ 38).
        if (!visible.length && !auth.user.roles.includes('compliance_officer')) throw notFound('The investigation');
        ctx.body = { items: await Promise.all(visible.map(async (i) => ({ ...i, reports: await caseFile.reportsOfInvestigation(orgId, i.id) }))) };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id/investigations/:investigationId', summary: 'One investigation (compliance officers and the raiser; everyone else 404)', tag: 'case file', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), investigationId: z.uuid('not a valid id') }),
      responses: { 200: { description: 'The investigation', schema: investigationView }, 404: { description: 'Not found, or not yours to read' } },
      handler: async (ctx, { params, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const visible = await caseFile.investigationsVisibleTo(orgId, params.id, { userId: auth.user.id, complianceOfficer: auth.user.roles.includes('compliance_officer') });
        const found = visible.find((i) => i.id === params.investigationId);
        if (!found) throw notFound('The investigation');
        ctx.body = { ...found, reports: await caseFile.reportsOfInvestigation(orgId, found.id) };
      },
    }),
    defineRoute({
      method: 'put', path: '/cases/:id/hits/:hitId/pep-left-office', summary: 'Record the day a confirmed PEP left office (§ 18, stk. 6: the measures continue at least 12 months)', tag: 'case file', access: { permission: 'cases.investigate' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), hitId: z.uuid('not a valid hit id') }),
      body: z.object({ leftOfficeOn: z.iso.date() }).strict(),
      responses: { 200: { description: 'Recorded', schema: z.object({ leftOfficeOn: z.string(), clearableFrom: z.string() }) }, 400: { description: 'A date in the future' }, 404: { description: 'No such case or hit' }, 409: { description: 'Not a confirmed PEP hit' } },
      handler: async (ctx, { params, body, orgId }) => {
        await caseOf(orgId, params.id);
        const hit = await data.hit(orgId, params.id, params.hitId);
        if (!hit) throw notFound('The hit');
        if (hit.decision !== 'confirmed' || (hit.entity as { category?: string } | null)?.category !== 'pep') throw new ApiError(409, 'conflict', 'only a confirmed PEP hit has an office to leave');
        if (body.leftOfficeOn > now().toISOString().slice(0, 10)) throw fieldError('leftOfficeOn', 'the date cannot be in the future');
        await data.setPepLeftOffice(orgId, params.id, params.hitId, body.leftOfficeOn);
        await audit(ctx, 'case.pep_left_office', params.id, { hitId: params.hitId });
        ctx.body = { leftOfficeOn: body.leftOfficeOn, clearableFrom: pepClearableFrom(body.leftOfficeOn) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/hits/:hitId/pep-cleared', summary: 'A compliance officer records that a former PEP no longer poses an increased risk (§ 18, stk. 6; at least 12 months after leaving office)', tag: 'case file', access: { permission: 'cases.decide' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), hitId: z.uuid('not a valid hit id') }),
      responses: { 200: { description: 'Recorded', schema: z.object({ clearedAt: z.string() }) }, 403: { description: 'Not a compliance officer' }, 404: { description: 'No such case or hit' }, 409: { description: 'Still in office, or less than 12 months since' } },
      handler: async (ctx, { params, auth, orgId }) => {
        if (!auth.user.roles.includes('compliance_officer')) throw new ApiError(403, 'forbidden', 'Only a compliance officer records that a former PEP\'s risk is no longer increased');
        await caseOf(orgId, params.id);
        const hit = await data.hit(orgId, params.id, params.hitId);
        if (!hit) throw notFound('The hit');
        if (!hit.pepLeftOfficeOn) throw new ApiError(409, 'conflict', 'record the day the person left office first');
        const today = now().toISOString().slice(0, 10);
        const from = pepClearableFrom(hit.pepLeftOfficeOn);
        if (today < from) throw new ApiError(409, 'conflict', `the measures continue at least 12 months after leaving office: not before ${from}`);
        const at = now();
        await data.clearPep(orgId, params.id, params.hitId, auth.user.id, at);
        await audit(ctx, 'case.pep_cleared', params.id, { hitId: params.hitId });
        ctx.body = { clearedAt: at.toISOString() };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/sections/:key/draft', token: 'cases:write', summary: 'Ask the AI provider for a new draft of a section not yet accepted (arrives as a new version)', tag: 'case file', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), key: sectionKeySchema }),
      responses: { 202: { description: 'Drafting started', schema: z.object({ key: z.string() }) }, 404: { description: 'No such case' }, 409: { description: 'Not at the report step, the section is accepted, or AI drafting is off' } },
      handler: async (ctx, { params, auth, orgId }) => {
        await caseOf(orgId, params.id);
        if ((await data.sections(orgId, params.id)).find((x) => x.key === params.key)?.accepted) {
          throw new ApiError(409, 'conflict', 'the section is accepted: change it by hand, or un-accept it first');
        }
        await deps.workflows.redraftSection(params.id, { key: params.key, actorId: auth.user.id });
        await audit(ctx, 'case.section_redraft_requested', params.id, { key: params.key });
        ctx.status = 202;
        ctx.body = { key: params.key };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id/sections/:key/versions', token: 'cases:read', summary: 'Every version of a report section: drafts (template or AI, with provider, model, prompt version, citations) and the handler\'s edits', tag: 'case file', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), key: sectionKeySchema }),
      responses: { 200: { description: 'The versions, oldest first', schema: z.object({ items: z.array(sectionVersionView) }) }, 404: { description: 'No such case' } },
      handler: async (ctx, { params, orgId }) => {
        await caseOf(orgId, params.id);
        ctx.body = { items: (await data.sectionVersions(orgId, params.id)).filter((v) => v.key === params.key) };
      },
    }),
    defineRoute({
      method: 'get', path: '/organisation/case-file-settings', summary: 'The organisation\'s case-file settings: default language, PEP policy for management, CPR numbers', tag: 'case file', access: { permission: 'cases.read' }, tenant: { organisation: 'The organisation' },
      responses: { 200: { description: 'The settings', schema: caseFileSettingsSchema } },
      handler: async (ctx, { orgId }) => {
        ctx.body = await data.caseFileSettings(orgId);
      },
    }),
    defineRoute({
      method: 'put', path: '/organisation/case-file-settings', summary: 'Change the case-file settings (org admin)', tag: 'case file', access: { permission: 'organisation.settings' }, tenant: { organisation: 'The organisation' },
      body: caseFileSettingsSchema.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      responses: { 200: { description: 'The settings', schema: caseFileSettingsSchema } },
      handler: async (ctx, { body, orgId }) => {
        await data.saveCaseFileSettings(orgId, body);
        await deps.audit.record(ctx, { action: 'org.case_file_settings_changed', targetType: 'organisation', targetId: orgId, details: { ...body } });
        ctx.body = await data.caseFileSettings(orgId);
      },
    }),
  ];
}
