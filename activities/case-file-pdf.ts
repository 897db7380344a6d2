// The case file as a PDF, stored encrypted as a case document when a case is
// approved (the case workflow calls this right after monitoring starts).
// Idempotent on the report version: the document's id is derived from the case
// and the version, so a retried activity finds the document it stored and a
// changed case (returned, edited, approved again) gets a new document beside
// the first, never over it.
import { createHash, randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createDocumentRepository } from '../db/repositories/documents.ts';
import { createAuditRepository } from '../db/repositories/audit.ts';
import { createDocumentVault, keyFromSecret } from '../providers/storage/encryption.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';
import { caseFilePdfName, loadCaseFileReport } from '../reports/case-file-report.ts';
import { renderCaseFilePdf } from '../reports/case-file-pdf.ts';

export interface CaseFilePdfDeps { knex: Knex; documentStorage: DocumentStorage; secret?: string }

/** The id of the stored PDF of one report version of a case: a name-based UUID (version 5 layout) from both. */
export function caseFilePdfDocumentId(caseId: string, reportVersion: string): string {
  const h = createHash('sha256').update(`case-file-pdf:${caseId}:${reportVersion}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createCaseFilePdfActivities(deps: CaseFilePdfDeps) {
  const documents = createDocumentRepository(deps.knex);
  const audit = deps.secret ? createAuditRepository(deps.knex, { secret: deps.secret }) : null;

  return {
    async storeCaseFilePdf(input: { orgId: string; caseId: string; reportVersion: string }): Promise<{ documentId: string; stored: boolean }> {
      const id = caseFilePdfDocumentId(input.caseId, input.reportVersion);
      if (await documents.get(input.orgId, input.caseId, id)) return { documentId: id, stored: false };
      if (!deps.secret) throw ApplicationFailure.nonRetryable('the worker was started without CLIENTNOTE_SECRET for document encryption', 'WorkerMisconfigured');
      const report = await loadCaseFileReport(deps.knex, input.orgId, input.caseId);
      if (!report) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      if (report.reportVersion !== input.reportVersion) {
        throw ApplicationFailure.nonRetryable('the report changed after this version was approved; its PDF is not made', 'ReportVersionChanged');
      }
      const pdf = await renderCaseFilePdf(report);
      const vault = createDocumentVault(deps.documentStorage, [keyFromSecret(deps.secret)]);
      // A storage key of its own per attempt: an attempt that loses the race never overwrites the stored file.
      const storageKey = `${input.orgId}/${id}-${randomBytes(4).toString('hex')}`;
      const sealed = await vault.put(id, storageKey, pdf);
      let inserted = false;
      try {
        await deps.knex.transaction(async (trx) => {
          inserted = await documents.insertOnce({
            id, orgId: input.orgId, caseId: input.caseId, partyId: null, name: caseFilePdfName(report), type: 'pdf', sizeBytes: pdf.length,
            sha256: createHash('sha256').update(pdf).digest('hex'), storageKey, keyId: sealed.keyId, wrappedKey: sealed.wrappedKey,
            uploadedBy: null, requestId: null, documentKind: 'other',
          }, trx);
          if (inserted && audit) {
            await audit.record({
              orgId: input.orgId, actorUserId: null, action: 'document.case_file_stored', targetType: 'case_document', targetId: id,
              details: { caseId: input.caseId, reportVersion: input.reportVersion },
            }, trx);
          }
        });
      } finally {
        if (!inserted) await deps.documentStorage.delete(storageKey);
      }
      return { documentId: id, stored: inserted };
    },
  };
}
