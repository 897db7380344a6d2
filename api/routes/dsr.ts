// Staff handling of data-subject requests against Clientnote (privacy officers,
// platform admins): the queue with deadlines, one request with its manifest and
// timeline, and the decisions, which go to the workflow as Updates whose
// validators enforce state and four-eyes. Free-text notes stay in Postgres.
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createDsrRepository, type DsrRecord } from '../../db/repositories/dsr.ts';
import { registryEntry } from '../../db/personal-data-registry.ts';
import { createDsrRoutingRepository } from '../../db/repositories/dsr-routing.ts';
import {
  dsrOutcomeSchema, dsrRelationshipSchema, dsrRightSchema, dsrStatusSchema, extensionReasonSchema, planActionSchema,
  publicRequestSchema, refusalReasonSchema, triageDecisionSchema, type DsrState,
} from '../../domain/dsr/request.ts';
import { daysLeft, responseDeadline } from '../../domain/dsr/deadline.ts';
import { DEFAULT_DSR_TIMING, dsrWorkflowId } from '../../domain/dsr/dsr-workflow.ts';
import { sha256Hex, tokenHash } from '../../db/sha256.ts';
import { allowedActions, planChangeProblems, planHashOf, uncorrectedItem, type ErasureKind } from '../../domain/dsr/plan.ts';
import { correctedValueSchema, PROVENANCES } from '../../domain/dsr/rectification.ts';
import { dsrEmailKey } from '../dsr-email-key.ts';
import { unavailable } from '../errors.ts';
import { flagKindSchema, liftBodySchema, liftReasonFits, liftReasonSchema, LIFT_REASONS_BY_TARGET } from '../../domain/dsr/lifting.ts';
import { createErasureLedgerRepository, mailSuppression } from '../../db/repositories/erasure-ledger.ts';
import { createProcessingRestrictions } from '../../db/repositories/processing-restrictions.ts';

const MAX_NOTE = 2000;
const idParams = z.object({ id: z.uuid('not a valid request id') });
const note = z.string().trim().max(MAX_NOTE, `at most ${MAX_NOTE} characters`).optional();

const summary = z.object({
  id: z.uuid(), rights: z.array(dsrRightSchema), relationship: dsrRelationshipSchema, status: dsrStatusSchema, outcome: dsrOutcomeSchema.nullable(),
  receivedAt: z.string(), dueAt: z.string(), daysLeft: z.number().int(), overdue: z.boolean(), extended: z.boolean(), verifiedAt: z.string().nullable(),
});
const manifestItem = z.object({
  id: z.uuid(), sourceTable: z.string(), rowKey: z.string(), retentionClass: z.string(), personalColumns: z.array(z.string()), held: z.boolean(),
  action: planActionSchema.nullable(), executedAt: z.string().nullable(), allowedActions: z.array(planActionSchema), retentionBasis: z.string().nullable(),
});
const flagView = z.object({
  kind: flagKindSchema, createdAt: z.string(), liftedAt: z.string().nullable(),
  lift: z.object({ by: z.uuid().nullable(), reason: liftReasonSchema, note: z.string().nullable() }).nullable(),
});
/** After a lift: whether the person's address is still restricted or kept from mail by another flag, request or suppression. */
const subjectAfterLift = z.object({ restricted: z.boolean(), mailStopped: z.boolean() });
const detail = summary.extend({
  workflowId: z.string(),
  requester: z.object({ name: z.string(), email: z.string(), locale: z.enum(['da', 'en']) }),
  description: z.string(),
  firstDueAt: z.string(),
  triageDecision: triageDecisionSchema.nullable(), refusalReason: refusalReasonSchema.nullable(), mergedInto: z.uuid().nullable(),
  extensionReason: z.string().nullable(),
  plan: z.object({ planHash: z.string().nullable(), proposedBy: z.uuid().nullable(), approvedBy: z.uuid().nullable() }),
  manifest: z.array(manifestItem),
  events: z.array(z.object({ kind: z.string(), actorId: z.uuid().nullable(), createdAt: z.string() })),
  /** The response's receipt: SHA-256 of the manifest and its actions, as mailed to the requester. */
  receipt: z.object({ hash: z.string(), sentAt: z.string() }).nullable(),
  /** What the erasure ledger holds for this request (keys and keyed hashes only), whether the address is suppressed, and the latest lift of that suppression. */
  erasureRecord: z.object({
    entries: z.number().int(), tables: z.record(z.string(), z.number().int()), suppressed: z.boolean(),
    suppressionLift: z.object({ at: z.string(), by: z.uuid().nullable(), reason: liftReasonSchema, note: z.string().nullable() }).nullable(),
  }),
  /** Parts forwarded to controller organisations (case data), with their decisions. */
  parts: z.array(z.object({ id: z.uuid(), orgId: z.uuid(), status: z.string(), decision: z.string().nullable(), decidedAt: z.string().nullable(), parties: z.number().int() })),
  /** Rectifications: the corrected value with its provenance, and whether it replaced the value or was recorded beside verified evidence. */
  corrections: z.array(z.object({ itemId: z.uuid(), column: z.string(), value: z.string(), provenance: z.string(), outcome: z.string().nullable(), appliedAt: z.string().nullable() })),
  /** Restriction, objection and withdrawal of consent recorded for the subject (effective from createdAt until liftedAt). */
  flags: z.array(flagView),
  /** The reason codes that may lift each flag kind and the suppression. */
  liftReasons: z.record(z.string(), z.array(liftReasonSchema)),
});
const stateBody = z.object({ status: dsrStatusSchema, outcome: dsrOutcomeSchema.nullable(), dueAt: z.string(), extended: z.boolean() });

/** The registry's erasure rule for a table (null: not in the registry). */
const erasureOf = (table: string): ErasureKind => registryEntry(table)?.erasure.kind ?? null;

export function dsrRoutes(deps: ApiDeps) {
  const requests = createDsrRepository(deps.knex);
  const routing = createDsrRoutingRepository(deps.knex);
  const restrictions = createProcessingRestrictions(deps.knex, deps.config.secret);
  const mail = mailSuppression(deps.knex, deps.config.secret);
  const ledger = createErasureLedgerRepository(deps.knex, deps.config.secret);
  const now = deps.now ?? (() => new Date());

  const summaryOf = (r: DsrRecord): z.infer<typeof summary> => ({
    id: r.id, rights: r.rights, relationship: r.relationship, status: r.status, outcome: r.outcome, receivedAt: r.receivedAt, dueAt: r.dueAt,
    daysLeft: daysLeft(new Date(r.dueAt), now()), overdue: r.status !== 'closed' && new Date(r.dueAt).getTime() < now().getTime(),
    extended: r.extended, verifiedAt: r.verifiedAt,
  });
  const stateView = (s: DsrState) => ({ status: s.status, outcome: s.outcome, dueAt: s.dueAt, extended: s.extended });

  const receiptOf = (events: { kind: string; details: Record<string, unknown>; createdAt: string }[]) => {
    const sent = events.find((e) => e.kind === 'response_sent' && typeof e.details.receiptHash === 'string');
    return sent ? { hash: sent.details.receiptHash as string, sentAt: sent.createdAt } : null;
  };
  async function erasureRecordOf(id: string) {
    const tables = await ledger.entriesPerTable(id);
    const suppressed = await ledger.suppressedBy(id);
    return { entries: Object.values(tables).reduce((a, b) => a + b, 0), tables, suppressed, suppressionLift: await requests.suppressionLift(id) };
  }

  /** What still applies to the requester's address once something was lifted (other requests may have flagged it too). */
  async function subjectAfter(id: string) {
    const { email } = (await requests.requester(id))!;
    return { restricted: await restrictions.isRestricted(email), mailStopped: await mail.isSuppressed(email) };
  }

  async function existing(id: string): Promise<DsrRecord> {
    const found = await requests.get(id);
    if (!found) throw notFound('The request');
    return found;
  }

  async function decide(send: () => Promise<DsrState>) {
    return stateView(await send());
  }

  const manage = { permission: 'dsr.manage' } as const;

  return [
    defineRoute({
      method: 'post', path: '/dsr', summary: 'Enter a request received by letter, phone or in person, with its real (possibly earlier) receipt time', tag: 'dsr', access: manage, tenant: 'none',
      body: publicRequestSchema.safeExtend({
        receivedAt: z.iso.datetime({ offset: true }),
        /** How staff established the requester's identity; no code is mailed. */
        identityVerifiedBy: z.enum(['existing_account', 'identity_document', 'in_person']),
        evidence: z.string().trim().max(MAX_NOTE, `at most ${MAX_NOTE} characters`).optional(),
      }),
      responses: { 201: { description: 'Entered; give the requester the status link', schema: z.object({ requestId: z.uuid(), statusToken: z.string() }) }, 400: { description: 'Future receipt, or a backdated one without evidence' } },
      handler: async (ctx, { body, auth }) => {
        const receivedAt = new Date(body.receivedAt);
        const at = now();
        if (receivedAt.getTime() > at.getTime() + 60_000) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'receivedAt', message: 'the receipt time cannot be in the future' }]);
        }
        // Backdating moves the deadline: it must be documented.
        if (at.getTime() - receivedAt.getTime() > 86_400_000 && !body.evidence) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'evidence', message: 'a receipt more than a day ago needs evidence (letter, e-mail, call note)' }]);
        }
        const id = randomUUID();
        const token = randomBytes(32).toString('base64url');
        const due = responseDeadline(receivedAt);
        await requests.create({
          id, rights: body.rights, relationship: body.relationship, locale: body.locale, name: body.name, email: body.email,
          emailKey: dsrEmailKey(deps.config.secret, body.email), description: body.description, receivedAt, dueAt: due.dueAt, statusTokenHash: tokenHash(token),
        });
        try {
          await deps.workflows.dsr.start({ requestId: id, receivedAt: receivedAt.toISOString(), dueAt: due.dueAt.toISOString(), timing: DEFAULT_DSR_TIMING });
        } catch (error) {
          await requests.remove(id);
          ctx.state.logger?.error({ err: error, requestId: id }, 'could not start the data-subject request workflow');
          throw unavailable('The workflow service is unavailable; the request was not stored. Try again shortly.');
        }
        await requests.markVerified(id, at);
        await requests.recordEvent(id, {
          kind: 'entered_by_staff', key: `entered:${id}`, actorId: auth.user.id,
          details: { identityVerifiedBy: body.identityVerifiedBy, backdated: at.getTime() - receivedAt.getTime() > 86_400_000 }, note: body.evidence ?? null,
        });
        await deps.workflows.dsr.codeVerified(id);
        ctx.status = 201;
        ctx.body = { requestId: id, statusToken: token };
      },
    }),
    defineRoute({
      method: 'get', path: '/dsr', summary: 'Queue of data-subject requests, soonest deadline first', tag: 'dsr', access: manage, tenant: 'none',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional(),
        status: dsrStatusSchema.optional(), open: z.enum(['true', 'false']).optional(),
      }),
      responses: { 200: { description: 'A page of requests', schema: z.object({ items: z.array(summary), nextCursor: z.string().nullable() }) } },
      handler: async (ctx, { query }) => {
        const page = await requests.list({ limit: query.limit, cursor: query.cursor, status: query.status, open: query.open === undefined ? undefined : query.open === 'true' });
        ctx.body = { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get', path: '/dsr/:id', summary: 'One request: status, deadlines, manifest, plan, timeline', tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      responses: { 200: { description: 'The request', schema: detail }, 404: { description: 'No such request' } },
      handler: async (ctx, { params }) => {
        const r = await existing(params.id);
        const [requester, manifest, events, description] = await Promise.all([
          requests.requester(r.id), requests.manifest(r.id), requests.events(r.id),
          requests.description(r.id),
        ]);
        ctx.set('cache-control', 'no-store');
        ctx.body = {
          ...summaryOf(r), workflowId: dsrWorkflowId(r.id), requester: requester!, description,
          firstDueAt: responseDeadline(new Date(r.receivedAt)).dueAt.toISOString(),
          triageDecision: r.triageDecision, refusalReason: r.refusalReason, mergedInto: r.mergedInto, extensionReason: r.extensionReason,
          plan: { planHash: r.planHash, proposedBy: r.planProposedBy, approvedBy: r.planApprovedBy },
          manifest: manifest.map((item) => {
            const entry = registryEntry(item.sourceTable);
            return { ...item, allowedActions: allowedActions(item, erasureOf(item.sourceTable)), retentionBasis: entry?.erasure.kind === 'retain' ? entry.erasure.basis : null };
          }),
          events: events.map((e) => ({ kind: e.kind, actorId: e.actorId, createdAt: e.createdAt })),
          receipt: receiptOf(events),
          erasureRecord: await erasureRecordOf(r.id),
          parts: await routing.partsOfRequest(r.id),
          flags: await requests.flags(r.id),
          liftReasons: LIFT_REASONS_BY_TARGET,
          corrections: (await requests.corrections(r.id)).map(({ id: _id, sourceTable: _t, rowKey: _k, ...c }) => c),
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/triage', summary: 'Triage: proceed, ask for more information, merge a duplicate, or refuse with a reason', tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      body: z.discriminatedUnion('decision', [
        z.object({ decision: z.literal('proceed'), note }).strict(),
        z.object({ decision: z.literal('need_info'), note }).strict(),
        z.object({ decision: z.literal('merge'), mergeInto: z.uuid('not a valid request id'), note }).strict(),
        z.object({ decision: z.literal('refuse'), reason: refusalReasonSchema, note }).strict(),
      ]),
      responses: { 200: { description: 'The new state', schema: stateBody }, 404: { description: 'No such request' }, 409: { description: 'Not in triage' } },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        if (body.decision === 'merge') {
          if (body.mergeInto === r.id) throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'mergeInto', message: 'a request cannot duplicate itself' }]);
          await existing(body.mergeInto);
        }
        const actorId = auth.user.id;
        const result = await decide(() => deps.workflows.dsr.triage(r.id, {
          decision: body.decision, actorId,
          ...(body.decision === 'refuse' ? { refusalReason: body.reason } : {}),
          ...(body.decision === 'merge' ? { mergeInto: body.mergeInto } : {}),
        }));
        if (body.decision === 'refuse' || body.decision === 'merge') {
          await requests.patchDetails(r.id, body.decision === 'refuse' ? { refusalReason: body.reason } : { mergedInto: body.mergeInto });
        }
        if (body.note) await requests.recordEvent(r.id, { kind: `note:triage:${body.decision}`, key: `note:${randomUUID()}`, actorId, note: body.note });
        ctx.body = result;
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/plan', summary: 'Propose the plan: one action per manifest item (a second person approves)', tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      body: z.object({
        items: z.array(z.object({ itemId: z.uuid(), action: planActionSchema })).max(100_000).optional(),
        /** Rectification: the corrected value for an item planned `rectify`, with where it came from. */
        corrections: z.array(z.object({
          itemId: z.uuid(), column: z.string().max(64), value: correctedValueSchema, provenance: z.enum(PROVENANCES).default('requester_statement'),
        }).strict()).max(100).optional(),
      }).strict(),
      responses: {
        200: { description: 'The plan was proposed', schema: stateBody.extend({ planHash: z.string() }) },
        400: { description: 'An action not allowed for an item' }, 404: { description: 'No such request' }, 409: { description: 'Not in plan review' },
      },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        if (r.status !== 'plan_review') throw new ApiError(409, 'conflict', `the request is not in plan review (it is ${r.status})`);
        const manifest = await requests.manifest(r.id);
        const byId = new Map(manifest.map((i) => [i.id, i]));
        const fields = planChangeProblems(manifest, body, erasureOf);
        if (fields.length) throw new ApiError(400, 'validation_failed', 'The request is not valid', fields);
        // Checked before anything is written: every item planned rectify has its corrected value.
        const uncorrected = uncorrectedItem(manifest, body, body.corrections ?? await requests.corrections(r.id));
        if (uncorrected) throw new ApiError(400, 'validation_failed', 'A rectification needs the corrected value', [{ path: 'corrections', message: `item ${uncorrected.id} is planned rectify without a corrected value` }]);
        if (body.items?.length) await requests.setPlanActions(r.id, body.items);
        if (body.corrections) {
          await requests.replaceCorrections(r.id, body.corrections.map((c) => ({ ...c, sourceTable: byId.get(c.itemId)!.sourceTable, rowKey: byId.get(c.itemId)!.rowKey })), auth.user.id);
        }
        const planned = await requests.manifest(r.id);
        const unplanned = planned.findIndex((i) => i.action === null);
        if (unplanned >= 0) throw new ApiError(400, 'validation_failed', 'Every item needs an action', [{ path: 'items', message: `item ${planned[unplanned]!.id} has no action` }]);
        const corrections = await requests.corrections(r.id);
        const planHash = planHashOf(planned, corrections, sha256Hex);
        const state = await decide(() => deps.workflows.dsr.proposePlan(r.id, { planHash, actorId: auth.user.id }));
        ctx.body = { ...state, planHash };
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/plan/approve', summary: 'Approve the proposed plan (not by whoever proposed it)', tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      body: z.object({ planHash: z.string().regex(/^[0-9a-f]{64}$/, 'not a plan hash') }).strict(),
      responses: { 200: { description: 'Approved; execution starts', schema: stateBody }, 404: { description: 'No such request' }, 409: { description: 'No plan, a changed plan (stale_version), or you proposed it' } },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        const current = planHashOf(await requests.manifest(r.id), await requests.corrections(r.id), sha256Hex);
        if (current !== body.planHash) throw new ApiError(409, 'stale_version', 'The plan has changed since you read it. Reload and check it again.');
        ctx.body = await decide(() => deps.workflows.dsr.approvePlan(r.id, { planHash: body.planHash, actorId: auth.user.id }));
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/extend', summary: 'Extend the deadline once by two months, with reasons, before the first month ends', tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      body: z.object({ reason: extensionReasonSchema, note }).strict(),
      responses: { 200: { description: 'The new deadline', schema: stateBody }, 404: { description: 'No such request' }, 409: { description: 'Already extended, closed, or the first month has ended' } },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        const actorId = auth.user.id;
        const state = await decide(() => deps.workflows.dsr.extend(r.id, { reason: body.reason, actorId }));
        await requests.patchDetails(r.id, { extensionReason: body.reason });
        if (body.note) await requests.recordEvent(r.id, { kind: 'note:extension', key: `note:${randomUUID()}`, actorId, note: body.note });
        ctx.body = state;
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/flags/:kind/lift',
      summary: 'Lift a restriction, objection or withdrawal of consent this request set, with a reason code; from then on mail and case assignment reach the person again (unless another request still restricts them)',
      tag: 'dsr', access: manage, tenant: 'none',
      params: z.object({ id: z.uuid('not a valid request id'), kind: flagKindSchema }),
      body: liftBodySchema,
      responses: {
        200: { description: 'Lifted', schema: z.object({ flag: flagView, subject: subjectAfterLift }) },
        400: { description: 'An unknown kind or reason, a reason that does not fit this kind of flag, or a note that is too long' },
        404: { description: 'No such request, or it set no flag of this kind' },
        409: { description: 'The flag is already lifted' },
      },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        if (!liftReasonFits(params.kind, body.reason)) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'reason', message: `${body.reason} does not lift a ${params.kind} flag (use one of ${LIFT_REASONS_BY_TARGET[params.kind].join(', ')})` }]);
        }
        const actorId = auth.user.id;
        // The lift, its event (with the note) and its audit event (ids and codes only) commit together.
        const outcome = await deps.knex.transaction(async (trx) => {
          const lifted = await requests.liftFlag(r.id, params.kind, { by: actorId, reason: body.reason, note: body.note || null, at: now() }, trx);
          if (lifted === 'lifted') {
            await deps.audit.record(ctx, { action: 'dsr.flag_lifted', targetType: 'dsr_request', targetId: r.id, details: { kind: params.kind, reason: body.reason } }, trx);
          }
          return lifted;
        });
        if (outcome === 'not_found') throw notFound(`A ${params.kind} flag of this request`);
        if (outcome === 'already_lifted') throw new ApiError(409, 'conflict', `This request's ${params.kind} flag is already lifted`);
        const flag = (await requests.flags(r.id)).find((f) => f.kind === params.kind)!;
        ctx.body = { flag, subject: await subjectAfter(r.id) };
      },
    }),
    defineRoute({
      method: 'post', path: '/dsr/:id/suppression/lift',
      summary: 'Take the address this request\'s erasure suppressed off the suppression list, when the person asks to be contacted (e.g. invited) again; platform mail reaches the address again',
      tag: 'dsr', access: manage, tenant: 'none',
      params: idParams,
      body: liftBodySchema,
      responses: {
        200: { description: 'Lifted', schema: z.object({ suppressionLift: z.object({ at: z.string(), by: z.uuid().nullable(), reason: liftReasonSchema, note: z.string().nullable() }), subject: subjectAfterLift }) },
        400: { description: 'An unknown reason, a reason other than requester_asked, or a note that is too long' },
        404: { description: 'No such request, or its erasure suppressed no address' },
        409: { description: 'This request\'s suppression is already lifted' },
      },
      handler: async (ctx, { params, body, auth }) => {
        const r = await existing(params.id);
        if (!liftReasonFits('suppression', body.reason)) {
          throw new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'reason', message: `only the person can undo an erasure's suppression: use ${LIFT_REASONS_BY_TARGET.suppression.join(', ')}` }]);
        }
        const actorId = auth.user.id;
        const outcome = await deps.knex.transaction(async (trx) => {
          const lifted = await requests.liftSuppression(r.id, { by: actorId, reason: body.reason, note: body.note || null, at: now(), key: `suppression-lifted:${r.id}:${randomUUID()}` }, trx);
          if (lifted === 'lifted') {
            await deps.audit.record(ctx, { action: 'dsr.suppression_lifted', targetType: 'dsr_request', targetId: r.id, details: { reason: body.reason } }, trx);
          }
          return lifted;
        });
        if (outcome === 'not_found') throw notFound('A suppression by this request');
        if (outcome === 'already_lifted') throw new ApiError(409, 'conflict', 'This request\'s suppression is already lifted');
        ctx.body = { suppressionLift: (await requests.suppressionLift(r.id))!, subject: await subjectAfter(r.id) };
      },
    }),
  ];
}
