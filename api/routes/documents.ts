// Case documents: upload (streamed, size limit while reading, type by magic
// bytes, sanitised name, encrypted before it reaches storage), list, authorised
// download, a decision per document; document requests to the client, whose
// workflow mails the link, reminds and expires it; and the client's public,
// no-login upload page behind the single-use link. Another organisation's case
// or document is 404. The audit trail gets ids and enums, never names or text.
// Order of writes: the encrypted file first, then the row; a failed row removes
// the file again, a failed file leaves no row.
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound, unavailable } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { cutOff, readUpload } from '../multipart.ts';
import { documentContent } from '../document-content.ts';
import { inspectZipParts } from '../document-inspection.ts';
import { createCaseRepository } from '../../db/repositories/cases.ts';
import { createCaseDataRepository } from '../../db/repositories/case-data.ts';
import { createOrganisationRepository } from '../../db/repositories/organisations.ts';
import { createDocumentRepository, publicDocument, uploadToken, uploadTokenHash, type DocumentRequestRecord } from '../../db/repositories/documents.ts';
import {
  attachmentDisposition, checkDocument, decideDocument, DocumentRuleError, DOCUMENT_DECISIONS, DOCUMENT_TYPES, MEDIA_TYPES, sanitiseDocumentName, zipEntries,
  type DocumentProblem, type DocumentType,
} from '../../domain/documents/document.ts';
import { DOCUMENT_REQUEST_STATUSES, validDurations } from '../../domain/documents/document-request.ts';
import { emailSchema } from '../../domain/identity/email.ts';
import { createConfiguredVault } from '../../providers/storage/index.ts';

const documentSchema = z.object({
  id: z.uuid(), caseId: z.uuid(), partyId: z.uuid().nullable(), name: z.string(), type: z.enum(DOCUMENT_TYPES), mediaType: z.string(),
  sizeBytes: z.number().int(), sha256: z.string(), uploadedBy: z.uuid().nullable(), requestId: z.uuid().nullable(),
  decision: z.enum(DOCUMENT_DECISIONS), decisionReason: z.string().nullable(), decidedBy: z.uuid().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(),
  documentKind: z.string().nullable().describe('what the document is evidence of: passport, driving_licence, national_id_card, registry_extract, proof_of_address, source_of_funds, other'),
});
const requestSchema = z.object({
  id: z.uuid(), caseId: z.uuid(), partyId: z.uuid().nullable(), recipientEmail: z.string(), description: z.string(), locale: z.enum(['da', 'en']),
  status: z.enum(DOCUMENT_REQUEST_STATUSES), expiresAt: z.string(), createdBy: z.uuid().nullable(), createdAt: z.string(), fulfilledAt: z.string().nullable(), remindersSent: z.number().int(),
});
const uploadForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'the document: PDF, PNG, JPEG or DOCX (checked by content)' }),
  partyId: z.uuid().optional().meta({ description: 'the party of the case the document is about' }),
});
const caseParams = z.object({ id: z.uuid('not a valid case id') });
const docParams = z.object({ id: z.uuid('not a valid case id'), docId: z.uuid('not a valid document id') });
const tokenParams = z.object({ token: z.string().min(1).max(200) });
const text = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters are not allowed');

const view = <T extends { type: keyof typeof MEDIA_TYPES }>(d: T) => ({ ...d, mediaType: MEDIA_TYPES[d.type] });
const requestView = (r: DocumentRequestRecord) => ({
  id: r.id, caseId: r.caseId, partyId: r.partyId, recipientEmail: r.recipientEmail, description: r.description, locale: r.locale,
  status: r.status, expiresAt: r.expiresAt, createdBy: r.createdBy, createdAt: r.createdAt, fulfilledAt: r.fulfilledAt, remindersSent: r.remindersSent,
});

export function documentRoutes(deps: ApiDeps) {
  const cases = createCaseRepository(deps.knex);
  const caseData = createCaseDataRepository(deps.knex);
  const documents = createDocumentRepository(deps.knex);
  const organisations = createOrganisationRepository(deps.knex);
  const vault = createConfiguredVault(deps.config, deps.documentStorage);
  const now = deps.now ?? (() => new Date());
  const maxBytes = deps.config.documents.maxBytes;

  const caseOf = async (orgId: string, caseId: string) => {
    const found = await cases.get(orgId, caseId);
    if (!found) throw notFound('The case');
    return found;
  };
  const partyOf = async (orgId: string, caseId: string, partyId: string | undefined): Promise<string | null> => {
    if (!partyId) return null;
    const parsed = z.uuid().safeParse(partyId);
    const parties = parsed.success ? await caseData.parties(orgId, caseId) : [];
    if (!parties.some((p) => p.id === partyId)) throw new ApiError(400, 'validation_failed', 'No such party on this case', [{ path: 'partyId', message: 'not a party of this case' }]);
    return partyId;
  };

  /**
   * The type of an upload by its content, and what that type must not hide (domain's
   * checkDocument on the declared structure, then every DOCX part actually unpacked
   * within its declared size). Refusals are 415 with what was wrong.
   */
  async function checkUpload(data: Buffer): Promise<DocumentType> {
    const check = checkDocument(data);
    const result = check.ok && check.type === 'docx' ? await inspectZipParts(data, zipEntries(data) ?? []) : check;
    if (check.ok && result.ok) return check.type;
    const refusal = result.ok ? null : result;
    if (!refusal || refusal.problem === 'not_allowed') {
      throw new ApiError(415, 'unsupported_media_type', 'Only PDF, PNG, JPEG and DOCX documents are accepted. The file\'s content was checked, not its name, and it is none of these.', [{ path: 'file', message: 'not a PDF, PNG, JPEG or DOCX document' }]);
    }
    const what = check.type ? check.type.toUpperCase() : 'document';
    const why: Record<Exclude<DocumentProblem, 'not_allowed'>, string> = {
      zip_bomb: `The ${what} file is refused: it would unpack to far more than its size (${refusal.detail}), as a zip bomb does.`,
      executable: `The ${what} file is refused: it carries ${refusal.detail}. Documents may not contain programs or macros.`,
      polyglot: `The ${what} file is refused: it has ${refusal.detail}, so it could be opened as something other than a ${what}.`,
      malformed: `The ${what} file is refused: its structure is damaged or unsafe (${refusal.detail}). Save it again from the program that made it.`,
    };
    throw new ApiError(415, 'unsupported_media_type', why[refusal.problem], [{ path: 'file', message: refusal.problem }]);
  }

  /** Checks made before the body is read: when one fails, the body is not read either. */
  async function beforeBody<T>(ctx: Context, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      cutOff(ctx);
      throw error;
    }
  }

  /** Read, check and store one upload; returns the new document's id. Nothing is left behind on failure. */
  async function store(ctx: Context, target: { orgId: string; caseId: string; uploadedBy: string | null; request?: DocumentRequestRecord }) {
    const upload = await readUpload(ctx, { maxBytes });
    const type = await checkUpload(upload.data);
    const partyId = target.request ? target.request.partyId : await partyOf(target.orgId, target.caseId, upload.fields.partyId);
    const id = randomUUID();
    // The storage key is ours alone: organisation and a random id, never the file name.
    const storageKey = `${target.orgId}/${id}`;
    let sealed;
    try {
      sealed = await vault.put(id, storageKey, upload.data);
    } catch (error) {
      ctx.state.logger?.error({ err: error, documentId: id }, 'document storage failed');
      throw unavailable('The document store is not available right now; nothing was saved. Try again shortly.');
    }
    let outcome: 'inserted' | 'request_not_pending';
    try {
      outcome = await documents.insert({
        id, orgId: target.orgId, caseId: target.caseId, partyId, name: sanitiseDocumentName(upload.filename, type), type,
        sizeBytes: upload.data.length, sha256: createHash('sha256').update(upload.data).digest('hex'),
        storageKey, keyId: sealed.keyId, wrappedKey: sealed.wrappedKey, uploadedBy: target.uploadedBy, requestId: target.request?.id ?? null,
      }, target.request ? { claimRequest: { id: target.request.id, now: now() } } : {});
    } catch (error) {
      await vault.delete(storageKey).catch((e: unknown) => ctx.state.logger?.error({ err: e, documentId: id }, 'could not remove an orphaned document file'));
      // The case (or party) went away while the file was being stored.
      if ((error as { code?: string }).code === '23503') throw notFound('The case');
      throw error;
    }
    if (outcome === 'request_not_pending') {
      await vault.delete(storageKey).catch((e: unknown) => ctx.state.logger?.error({ err: e, documentId: id }, 'could not remove an orphaned document file'));
      throw new ApiError(410, 'gone', 'This upload link has already been used or has expired');
    }
    return { id, type, sizeBytes: upload.data.length };
  }

  /** A presented upload token: unknown is 404; used or expired is 410 with a message the client understands. */
  async function openRequest(token: string): Promise<DocumentRequestRecord> {
    const found = await documents.requestByToken(token);
    if (!found) throw notFound('The upload link');
    if (found.status === 'fulfilled') throw new ApiError(410, 'gone', 'This upload link has already been used. Each link works for one upload; ask the sender for a new one if you need to send more.');
    if (found.status === 'cancelled') throw new ApiError(410, 'gone', 'This upload link has been withdrawn by the sender.');
    if (found.status === 'expired' || new Date(found.expiresAt) <= now()) throw new ApiError(410, 'gone', 'This upload link has expired. Ask the sender for a new one.');
    return found;
  }

  return [
    defineRoute({
      method: 'get', path: '/cases/:id/documents', token: 'cases:read', summary: 'Documents of a case and the document requests sent to the client', tag: 'documents', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: caseParams,
      responses: { 200: { description: 'The documents and requests', schema: z.object({ items: z.array(documentSchema), requests: z.array(requestSchema) }) }, 404: { description: 'No such case in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        await caseOf(orgId, params.id);
        const [items, requests] = await Promise.all([documents.list(orgId, params.id), documents.requests(orgId, params.id)]);
        ctx.body = { items: items.map(view), requests: requests.map(requestView) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/documents', token: 'cases:write', summary: 'Upload a document to a case (multipart/form-data, field "file"; PDF, PNG, JPEG or DOCX by content; size limit DOCUMENT_MAX_BYTES)', tag: 'documents', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams,
      multipart: uploadForm,
      responses: {
        201: { description: 'The stored document', schema: documentSchema }, 404: { description: 'No such case in your organisation' },
        413: { description: 'Larger than the limit (payload_too_large); nothing stored' }, 415: { description: 'Not a PDF, PNG, JPEG or DOCX by its content, or one that hides something (a zip bomb, a program or macro, HTML in a PDF); nothing stored' },
      },
      handler: async (ctx, { params, auth, orgId }) => {
        await beforeBody(ctx, () => caseOf(orgId, params.id));
        const stored = await store(ctx, { orgId, caseId: params.id, uploadedBy: auth.user.id });
        await deps.audit.record(ctx, { action: 'document.uploaded', targetType: 'case_document', targetId: stored.id, details: { caseId: params.id, type: stored.type, sizeBytes: stored.sizeBytes } });
        const doc = await documents.get(orgId, params.id, stored.id);
        ctx.status = 201;
        ctx.set('location', `/api/v1/cases/${params.id}/documents/${stored.id}/content`);
        ctx.body = view(publicDocument(doc!));
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id/documents/:docId/content', token: 'cases:read', summary: 'Download a document (decrypted; always as an attachment)', tag: 'documents', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: docParams,
      responses: { 200: { description: 'The original bytes' }, 404: { description: 'No such document in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        const doc = await documents.get(orgId, params.id, params.docId);
        if (!doc) throw notFound('The document');
        const bytes = await documentContent(ctx, vault, doc);
        await deps.audit.record(ctx, { action: 'document.downloaded', targetType: 'case_document', targetId: doc.id, details: { caseId: params.id } });
        ctx.set('content-type', MEDIA_TYPES[doc.type]);
        ctx.set('content-disposition', attachmentDisposition(doc.name));
        ctx.set('x-content-type-options', 'nosniff');
        ctx.set('cache-control', 'private, no-store');
        ctx.set('content-security-policy', "default-src 'none'; sandbox");
        ctx.body = bytes;
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/document-requests/:requestId/cancel',
      summary: 'Withdraw a pending document request (a wrong address, or no longer needed): the link stops working at once and no more reminders go out', tag: 'documents', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), requestId: z.uuid('not a valid request id') }),
      responses: {
        200: { description: 'The withdrawn request', schema: requestSchema },
        404: { description: 'No such request on a case of your organisation' },
        409: { description: 'The request is no longer pending (fulfilled, expired or already withdrawn)' },
      },
      handler: async (ctx, { params, orgId }) => {
        const cancelled = await documents.cancelRequest(orgId, params.id, params.requestId);
        if (cancelled === null) throw notFound('The document request');
        if (cancelled === 'not_pending') throw new ApiError(409, 'conflict', 'This document request is no longer pending: it was fulfilled, has expired or was already withdrawn.');
        // The link is dead from the update above; the signal only ends the reminders' timers (they check the status before mailing anyway).
        await deps.workflows.documentRequests.cancelled(cancelled.id).catch((error: unknown) => ctx.state.logger?.warn({ err: error, requestId: cancelled.id }, 'could not signal the document request workflow'));
        await deps.audit.record(ctx, { action: 'document_request.cancelled', targetType: 'document_request', targetId: cancelled.id, details: { caseId: params.id } });
        ctx.body = requestView(cancelled);
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/documents/:docId/decision', token: 'cases:write', summary: 'Accept a document, or reject it with a reason', tag: 'documents', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: docParams,
      body: z.object({ decision: z.enum(['accepted', 'rejected']), reason: text(2000).optional() }),
      responses: { 200: { description: 'The document with its decision', schema: documentSchema }, 404: { description: 'No such document in your organisation' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        if (!(await documents.get(orgId, params.id, params.docId))) throw notFound('The document');
        let decided;
        try {
          decided = decideDocument(body.decision, body.reason);
        } catch (error) {
          if (error instanceof DocumentRuleError) throw new ApiError(400, 'validation_failed', error.message, [{ path: error.field, message: error.message }]);
          throw error;
        }
        const doc = await documents.decide(orgId, params.id, params.docId, { ...decided, by: auth.user.id, at: now() });
        if (!doc) throw notFound('The document');
        await deps.audit.record(ctx, { action: 'document.decided', targetType: 'case_document', targetId: doc.id, details: { caseId: params.id, decision: decided.decision } });
        ctx.body = view(doc);
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/document-requests', token: 'cases:write', summary: 'Ask the client for a document: mails a single-use, expiring upload link (reminders and expiry from the organisation\'s settings)', tag: 'documents', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: caseParams,
      body: z.object({
        email: emailSchema,
        description: text(2000).refine((s) => s.trim().length > 0, 'Say what the client should send'),
        locale: z.enum(['da', 'en']).default('da'),
        partyId: z.uuid().optional(),
      }),
      responses: { 201: { description: 'The request; the workflow mails the link', schema: requestSchema }, 404: { description: 'No such case in your organisation' }, 503: { description: 'Temporal is unavailable; nothing was created' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        await caseOf(orgId, params.id);
        const partyId = await partyOf(orgId, params.id, body.partyId);
        const durations = await documents.requestDurations(orgId);
        if (!validDurations(durations)) throw new ApiError(409, 'conflict', 'The organisation\'s document-request durations are not in order (first reminder < second reminder < expiry)');
        const id = randomUUID();
        const created = await documents.createRequest({
          id, orgId, caseId: params.id, partyId, recipientEmail: body.email, description: body.description.trim(), locale: body.locale,
          tokenHash: uploadTokenHash(uploadToken(deps.config.secret, id)), expiresAt: new Date(now().getTime() + durations.expirySeconds * 1000), createdBy: auth.user.id,
        });
        try {
          await deps.workflows.documentRequests.start({ requestId: id, orgId, caseId: params.id, durations });
        } catch (error) {
          await documents.removeRequest(orgId, id);
          ctx.state.logger?.error({ err: error, requestId: id }, 'could not start the document request workflow');
          throw unavailable('The workflow service is unavailable; the request was not sent. Try again shortly.');
        }
        await deps.audit.record(ctx, { action: 'document_request.created', targetType: 'document_request', targetId: id, details: { caseId: params.id } });
        ctx.status = 201;
        ctx.body = requestView(created);
      },
    }),
    defineRoute({
      method: 'get', path: '/uploads/:token', summary: 'The client\'s upload page: what is asked for, by whom, until when (no login; the link is the key)', tag: 'documents', access: 'public',
      params: tokenParams,
      responses: {
        200: { description: 'The open request', schema: z.object({ organisation: z.string(), description: z.string(), expiresAt: z.string(), maxBytes: z.number().int(), types: z.array(z.enum(DOCUMENT_TYPES)), locale: z.enum(['da', 'en']) }) },
        404: { description: 'No such link' }, 410: { description: 'The link was used or has expired' },
      },
      handler: async (ctx, { params }) => {
        const found = await openRequest(params.token);
        const organisation = await organisations.name(found.orgId);
        ctx.set('cache-control', 'no-store');
        ctx.body = { organisation: organisation ?? '', description: found.description, expiresAt: found.expiresAt, maxBytes, types: [...DOCUMENT_TYPES], locale: found.locale };
      },
    }),
    defineRoute({
      method: 'post', path: '/uploads/:token', summary: 'The client uploads the requested document (no login; multipart/form-data, field "file"; the link then stops working)', tag: 'documents', access: 'public',
      params: tokenParams,
      multipart: uploadForm.omit({ partyId: true }),
      responses: {
        201: { description: 'Received', schema: z.object({ received: z.literal(true), name: z.string(), sizeBytes: z.number().int() }) },
        404: { description: 'No such link' }, 410: { description: 'The link was used or has expired' }, 413: { description: 'Larger than the limit' }, 415: { description: 'Not an accepted document type' },
      },
      handler: async (ctx, { params }) => {
        const found = await beforeBody(ctx, () => openRequest(params.token));
        const stored = await store(ctx, { orgId: found.orgId, caseId: found.caseId, uploadedBy: null, request: found });
        await deps.audit.record(ctx, { action: 'document.uploaded_by_client', orgId: found.orgId, actorUserId: null, targetType: 'case_document', targetId: stored.id, details: { caseId: found.caseId, requestId: found.id, type: stored.type, sizeBytes: stored.sizeBytes } });
        // The workflow stops its reminders; if the signal is lost, its reminder activity sees the request fulfilled and sends nothing.
        await deps.workflows.documentRequests.uploaded(found.id).catch((error: unknown) => ctx.state.logger?.warn({ err: error, requestId: found.id }, 'could not signal the document request workflow'));
        const doc = await documents.get(found.orgId, found.caseId, stored.id);
        ctx.status = 201;
        ctx.body = { received: true, name: doc!.name, sizeBytes: stored.sizeBytes };
      },
    }),
  ];
}
