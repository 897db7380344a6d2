// Document-request activities: mail the upload link (first mail and reminders)
// and expire the request. Inputs are ids and enums; the client's address, the
// request text and the link are read or derived here, never carried in Temporal
// payloads. Each mail is idempotent on its business key through the mail log; a
// request no longer pending (the client uploaded) gets no further mail.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createOrganisationRepository } from '../db/repositories/organisations.ts';
import { createDocumentRepository, uploadToken } from '../db/repositories/documents.ts';
import { createAuditRepository } from '../db/repositories/audit.ts';
import type { DocumentRequestMail, DocumentRequestStatus } from '../domain/documents/document-request.ts';
import type { Mailer } from '../providers/mail/mailer.ts';

export interface DocumentActivityDeps {
  knex: Knex;
  mailer: Mailer;
  /** CLIENTNOTE_SECRET: the upload token is derived from it and the request id. */
  secret?: string;
  /** PUBLIC_URL: base of the upload link. */
  publicUrl?: string;
}

const formatDate = (iso: string, locale: 'da' | 'en') =>
  new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));

export function createDocumentActivities(deps: DocumentActivityDeps) {
  const documents = createDocumentRepository(deps.knex);
  const organisations = createOrganisationRepository(deps.knex);
  const audit = deps.secret ? createAuditRepository(deps.knex, { secret: deps.secret }) : null;

  return {
    async sendDocumentRequestMail(input: { orgId: string; requestId: string; kind: DocumentRequestMail }): Promise<{ status: DocumentRequestStatus; mailed: boolean }> {
      const request = await documents.request(input.orgId, input.requestId);
      if (!request) throw ApplicationFailure.nonRetryable(`document request ${input.requestId} does not exist`, 'DocumentRequestNotFound');
      if (request.status !== 'pending') return { status: request.status, mailed: false };
      if (!deps.secret || !deps.publicUrl) throw ApplicationFailure.nonRetryable('the worker was started without CLIENTNOTE_SECRET/PUBLIC_URL for upload links', 'WorkerMisconfigured');
      const orgName = await organisations.name(input.orgId);
      const url = `${deps.publicUrl}/upload/${uploadToken(deps.secret, request.id)}`;
      const data = { orgName: orgName ?? 'Clientnote', description: request.description, url, expiresOn: formatDate(request.expiresAt, request.locale) };
      const outcome = input.kind === 'request'
        ? await deps.mailer.send({ template: 'document_request', locale: request.locale, to: { email: request.recipientEmail }, orgId: input.orgId, businessKey: `document-request:${request.id}:${input.kind}`, data })
        : await deps.mailer.send({ template: 'document_request_reminder', locale: request.locale, to: { email: request.recipientEmail }, orgId: input.orgId, businessKey: `document-request:${request.id}:${input.kind}`, data });
      if (outcome === 'failed') throw ApplicationFailure.retryable('the mail server did not take the document request mail', 'MailFailed');
      if (outcome === 'sent' && input.kind !== 'request') await documents.countReminder(input.orgId, request.id);
      return { status: request.status, mailed: outcome === 'sent' };
    },

    async expireDocumentRequest(input: { orgId: string; requestId: string }): Promise<{ status: DocumentRequestStatus }> {
      // The expiry and its audit event together: a retried activity neither expires twice nor loses the event.
      await deps.knex.transaction(async (trx) => {
        const expired = await documents.expire(input.orgId, input.requestId, trx);
        if (!expired) return;
        if (!audit) throw ApplicationFailure.nonRetryable('the worker was started without CLIENTNOTE_SECRET for the audit chain', 'WorkerMisconfigured');
        await audit.record({
          orgId: input.orgId, actorUserId: null, action: 'document_request.expired', targetType: 'document_request', targetId: input.requestId, details: { caseId: expired.caseId },
        }, trx);
      });
      const request = await documents.request(input.orgId, input.requestId);
      if (!request) throw ApplicationFailure.nonRetryable(`document request ${input.requestId} does not exist`, 'DocumentRequestNotFound');
      return { status: request.status };
    },
  };
}
