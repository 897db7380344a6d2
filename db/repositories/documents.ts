// Case documents and document requests, per organisation. Upload tokens are
// derived (HMAC of CLIENTNOTE_SECRET and the request id), so the worker can put
// the same link into reminders; the database keeps only the token's SHA-256.
import { tokenHash } from '../sha256.ts';
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { DocumentDecision, DocumentType } from '../../domain/documents/document.ts';
import {
  DEFAULT_DOCUMENT_REQUEST_DURATIONS, type DocumentRequestDurations, type DocumentRequestStatus,
} from '../../domain/documents/document-request.ts';

export interface DocumentRecord {
  id: string;
  caseId: string;
  partyId: string | null;
  name: string;
  type: DocumentType;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  requestId: string | null;
  decision: DocumentDecision;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  /** What the document is evidence of (domain/kyc/case-file.ts DOCUMENT_KINDS), when the handler said so. */
  documentKind: string | null;
}
export interface StoredDocument extends DocumentRecord { storageKey: string; keyId: string; wrappedKey: string }

export interface NewDocument {
  id: string; orgId: string; caseId: string; partyId: string | null; name: string; type: DocumentType; sizeBytes: number; sha256: string;
  storageKey: string; keyId: string; wrappedKey: string; uploadedBy: string | null; requestId: string | null;
  documentKind?: string | null;
}

export interface DocumentRequestRecord {
  id: string; orgId: string; caseId: string; partyId: string | null; recipientEmail: string; description: string; locale: 'da' | 'en';
  status: DocumentRequestStatus; expiresAt: string; createdBy: string | null; createdAt: string; fulfilledAt: string | null; remindersSent: number;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Upload links are stored as the hex of their tokenHash (a text column). */
export const uploadTokenHash = (token: string): string => tokenHash(token).toString('hex');

export const uploadToken = (secret: string, requestId: string): string =>
  createHmac('sha256', secret).update(`document-request-upload:${requestId}`).digest('base64url');

function toDocument(r: Record<string, any>): StoredDocument {
  return {
    id: r.id, caseId: r.caseId, partyId: r.partyId ?? null, name: r.name, type: r.type, sizeBytes: Number(r.sizeBytes), sha256: r.sha256,
    uploadedBy: r.uploadedBy ?? null, requestId: r.requestId ?? null, decision: r.decision, decisionReason: r.decisionReason ?? null,
    decidedBy: r.decidedBy ?? null, decidedAt: iso(r.decidedAt ?? null), createdAt: iso(r.createdAt)!, documentKind: r.documentKind ?? null,
    storageKey: r.storageKey, keyId: r.keyId, wrappedKey: r.wrappedKey,
  };
}
export const publicDocument = ({ storageKey: _s, keyId: _k, wrappedKey: _w, ...rest }: StoredDocument): DocumentRecord => rest;

function toRequest(r: Record<string, any>): DocumentRequestRecord {
  return {
    id: r.id, orgId: r.orgId, caseId: r.caseId, partyId: r.partyId ?? null, recipientEmail: r.recipientEmail, description: r.description, locale: r.locale,
    status: r.status, expiresAt: iso(r.expiresAt)!, createdBy: r.createdBy ?? null, createdAt: iso(r.createdAt)!, fulfilledAt: iso(r.fulfilledAt ?? null),
    remindersSent: r.remindersSent,
  };
}

export function createDocumentRepository(knex: Knex) {
  return {
    async list(orgId: string, caseId: string): Promise<DocumentRecord[]> {
      const rows = await knex('case_documents').where({ orgId, caseId }).orderBy([{ column: 'createdAt', order: 'asc' }, { column: 'id', order: 'asc' }]);
      return rows.map((r) => publicDocument(toDocument(r)));
    },
    async get(orgId: string, caseId: string, id: string): Promise<StoredDocument | null> {
      const row = await knex('case_documents').where({ orgId, caseId, id }).first();
      return row ? toDocument(row) : null;
    },
    /** Inserts the row; with `claimRequestId` the request is marked fulfilled in the same transaction, or nothing is written. */
    async insert(doc: NewDocument, options: { claimRequest?: { id: string; now: Date } } = {}): Promise<'inserted' | 'request_not_pending'> {
      return knex.transaction(async (trx) => {
        if (options.claimRequest) {
          const claimed = await trx('document_requests')
            .where({ id: options.claimRequest.id, orgId: doc.orgId, status: 'pending' })
            .andWhere('expiresAt', '>', options.claimRequest.now)
            .update({ status: 'fulfilled', fulfilledAt: options.claimRequest.now }).returning('id');
          if (claimed.length === 0) return 'request_not_pending';
        }
        await trx('case_documents').insert(doc);
        return 'inserted';
      });
    },
    /** Inserts the row unless a document with its id exists (a document the platform made, whose id is derived); whether this call inserted it. */
    async insertOnce(doc: NewDocument, db: Knex = knex): Promise<boolean> {
      const rows = await db('case_documents').insert(doc).onConflict('id').ignore().returning('id');
      return rows.length > 0;
    },
    async decide(orgId: string, caseId: string, id: string, d: { decision: Exclude<DocumentDecision, 'open'>; reason: string | null; by: string; at: Date }): Promise<DocumentRecord | null> {
      const rows = await knex('case_documents').where({ orgId, caseId, id })
        .update({ decision: d.decision, decisionReason: d.reason, decidedBy: d.by, decidedAt: d.at }).returning('*');
      return rows[0] ? publicDocument(toDocument(rows[0])) : null;
    },

    async requestDurations(orgId: string): Promise<DocumentRequestDurations> {
      const row = await knex('org_case_settings').where({ orgId }).first();
      if (!row) return DEFAULT_DOCUMENT_REQUEST_DURATIONS;
      return {
        firstReminderSeconds: row.documentReminderFirstSeconds,
        secondReminderSeconds: row.documentReminderSecondSeconds,
        expirySeconds: row.documentRequestExpirySeconds,
      };
    },
    async createRequest(r: { id: string; orgId: string; caseId: string; partyId: string | null; recipientEmail: string; description: string; locale: 'da' | 'en'; tokenHash: string; expiresAt: Date; createdBy: string }): Promise<DocumentRequestRecord> {
      const [row] = await knex('document_requests').insert(r).returning('*');
      return toRequest(row);
    },
    async removeRequest(orgId: string, id: string): Promise<void> {
      await knex('document_requests').where({ orgId, id }).delete();
    },
    async requests(orgId: string, caseId: string): Promise<DocumentRequestRecord[]> {
      const rows = await knex('document_requests').where({ orgId, caseId }).orderBy('createdAt', 'asc');
      return rows.map(toRequest);
    },
    async request(orgId: string, id: string): Promise<DocumentRequestRecord | null> {
      const row = await knex('document_requests').where({ orgId, id }).first();
      return row ? toRequest(row) : null;
    },
    /** The request behind a presented token (any organisation: the token is the authority). */
    async requestByToken(token: string): Promise<DocumentRequestRecord | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const row = await knex('document_requests').where({ tokenHash: uploadTokenHash(token) }).first();
      return row ? toRequest(row) : null;
    },
    async countReminder(orgId: string, id: string): Promise<void> {
      await knex('document_requests').where({ orgId, id }).increment('remindersSent', 1);
    },
    /** Pending → cancelled (the sender withdraws the link); null when there is no such request in the case, else whether this call cancelled it. */
    async cancelRequest(orgId: string, caseId: string, id: string): Promise<DocumentRequestRecord | 'not_pending' | null> {
      const rows = await knex('document_requests').where({ orgId, caseId, id, status: 'pending' }).update({ status: 'cancelled' }).returning('*');
      if (rows.length) return toRequest(rows[0]);
      return (await knex('document_requests').where({ orgId, caseId, id }).first('id')) ? 'not_pending' : null;
    },
    /** Pending → expired; the case, when this call expired it (null when it was no longer pending). */
    async expire(orgId: string, id: string, db: Knex = knex): Promise<{ caseId: string } | null> {
      const rows = await db('document_requests').where({ orgId, id, status: 'pending' }).update({ status: 'expired' }).returning('caseId');
      return rows[0] ? { caseId: rows[0].caseId as string } : null;
    },
  };
}
