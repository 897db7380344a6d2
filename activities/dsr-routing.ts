// Routing activities: which customer organisations' case data names the subject
// (ids out, nothing else), the forwarded part with its task and mail to the
// organisation's admins, and the organisation's decision (an erasure of the matched
// parties that no AML hold covers, written to the erasure ledger). The requester's
// name is read here from Postgres, never passed through Temporal.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import type { Mailer } from '../providers/mail/mailer.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';
import { createDsrRepository } from '../db/repositories/dsr.ts';
import { createDsrRoutingRepository } from '../db/repositories/dsr-routing.ts';
import { createErasureLedgerRepository } from '../db/repositories/erasure-ledger.ts';
import { createUserRepository } from '../db/repositories/users.ts';
import { copenhagenDate, formatLocalDate } from '../domain/dsr/deadline.ts';
import type { DecideRoutedPartArgs, RoutedPartInput } from '../domain/dsr/routing.ts';

export interface DsrRoutingActivityDeps {
  knex: Knex; mailer: Mailer; publicUrl: string; secret: string;
  /** DOCUMENT_STORAGE: the files of erased parties' documents are removed from it. */
  documentStorage: DocumentStorage;
}

const today = (now = new Date()) => formatLocalDate(copenhagenDate(now));

export function createDsrRoutingActivities(deps: DsrRoutingActivityDeps) {
  const requests = createDsrRepository(deps.knex);
  const routing = createDsrRoutingRepository(deps.knex);
  const ledger = createErasureLedgerRepository(deps.knex, deps.secret);
  const users = createUserRepository(deps.knex);

  async function requesterOf(requestId: string) {
    const requester = await requests.requester(requestId);
    if (!requester) throw ApplicationFailure.nonRetryable(`request ${requestId} does not exist`, 'DsrNotFound');
    return requester;
  }

  return {
    async findControllerOrganisations(input: { requestId: string }): Promise<{ orgIds: string[] }> {
      const requester = await requesterOf(input.requestId);
      return { orgIds: await routing.controllerOrganisations(requester) };
    },

    /** The organisation's part (idempotent) and a mail to each of its active admins, naming no requester. */
    async forwardToOrganisation(input: RoutedPartInput): Promise<{ partId: string; mailed: number }> {
      const requester = await requesterOf(input.requestId);
      const { partId } = await routing.forward(input.requestId, input.orgId, requester, today());
      const admins = await users.activeContacts({ role: 'org_admin', orgId: input.orgId });
      let mailed = 0;
      for (const admin of admins) {
        const outcome = await deps.mailer.send({
          template: 'dsr_forwarded', locale: admin.locale === 'en' ? 'en' : 'da', to: { email: admin.email, name: admin.name, userId: admin.id }, orgId: input.orgId,
          businessKey: `dsr-forwarded:${partId}:${admin.id}`, data: { url: `${deps.publicUrl}/requests/forwarded/${partId}` },
        });
        if (outcome === 'sent') mailed += 1;
      }
      await requests.recordEvent(input.requestId, { kind: 'routed_to_controller', key: `routed:${partId}`, details: { partId } });
      return { partId, mailed };
    },

    async recordRoutedDecision(input: RoutedPartInput & DecideRoutedPartArgs): Promise<{ erased: number; held: number; documentsRemoved: number }> {
      const part = await routing.partFor(input.requestId, input.orgId);
      if (!part) throw ApplicationFailure.nonRetryable('no such routed part', 'DsrNotFound');
      const now = new Date();
      const subjectKey = (await requests.emailKey(input.requestId))!;
      const result = await routing.decide(input.orgId, part.id, input.decision, input.actorId, today(now), now, async (trx, partyIds) => {
        await ledger.record({ requestId: input.requestId, subjectKey, executedAt: now, items: partyIds.map((rowKey) => ({ sourceTable: 'case_parties', rowKey, action: 'anonymise' as const })) }, trx);
      });
      if (!result) throw ApplicationFailure.nonRetryable('no such routed part', 'DsrNotFound');
      // The rows held the documents' wrapped keys, so the files are unreadable since the commit; now they go as well.
      for (const key of result.storageKeys) await deps.documentStorage.delete(key);
      return { erased: result.erased.length, held: result.held, documentsRemoved: result.storageKeys.length };
    },
  };
}
