// Data-subject request activities: the projection the staff queue reads, deadline
// alarms, discovery through the personal-data registry, execution of the approved
// plan and its verification. Inputs and results are ids, enums and counts only;
// the subject's address is read here from Postgres, never passed through Temporal.
// Each is idempotent: events are unique on a key the workflow derives, discovery
// replaces the manifest, execution skips items already executed.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createDsrRepository, type DsrProjection } from '../db/repositories/dsr.ts';
import { createPersonalDataRepository } from '../db/repositories/personal-data.ts';
import { createLegalHoldRepository } from '../db/repositories/legal-holds.ts';

export interface DsrActivityDeps {
  knex: Knex;
}

/** How long an access export stays downloadable. */
export const EXPORT_LIFETIME_MS = 7 * 86_400_000;

export interface RecordDsrProgressInput {
  requestId: string;
  projection: DsrProjection;
  event: string;
  actorId?: string | null;
  key: string;
}

export function createDsrActivities(deps: DsrActivityDeps) {
  const requests = createDsrRepository(deps.knex);
  const personalData = createPersonalDataRepository(deps.knex);
  const holds = createLegalHoldRepository(deps.knex);

  async function subjectOf(requestId: string) {
    const [request, requester] = await Promise.all([requests.get(requestId), requests.requester(requestId)]);
    if (!request || !requester) throw ApplicationFailure.nonRetryable(`request ${requestId} does not exist`, 'DsrNotFound');
    return { request, requester };
  }

  return {
    async recordDsrProgress(input: RecordDsrProgressInput): Promise<{ recorded: boolean }> {
      const result = await requests.recordProgress(input.requestId, input.projection, { kind: input.event, key: input.key, actorId: input.actorId ?? null });
      if (result === 'not_found') throw ApplicationFailure.nonRetryable(`request ${input.requestId} does not exist`, 'DsrNotFound');
      return { recorded: result === 'recorded' };
    },

    async recordDsrAlarm(input: { requestId: string; kind: 'deadline_reminder' | 'deadline_overdue'; dueAt: string; key: string }): Promise<{ recorded: boolean }> {
      // Staff see alarms in the queue and on the request page; the e-mail to the
      // privacy team goes through the platform mailer once it is wired (issue 3).
      if (!(await requests.get(input.requestId))) throw ApplicationFailure.nonRetryable(`request ${input.requestId} does not exist`, 'DsrNotFound');
      const recorded = await requests.recordEvent(input.requestId, { kind: input.kind, key: input.key, details: { dueAt: input.dueAt } });
      return { recorded };
    },

    async discoverPersonalData(input: { requestId: string }): Promise<{ items: number; held: number }> {
      const { request, requester } = await subjectOf(input.requestId);
      const found = await personalData.discover({ email: requester.email, rights: request.rights });
      // The request being answered is kept as its own record, whatever was asked.
      const items = found.map((row) => (row.sourceTable === 'dsr_requests' && row.rowKey === input.requestId) || row.sourceTable === 'dsr_events'
        ? { ...row, action: 'retain' as const }
        : row);
      await requests.replaceManifest(input.requestId, items);
      return { items: items.length, held: items.filter((i) => i.held).length };
    },

    /**
     * Legal holds win over erasure: when an active hold covers the subject (their
     * address or one of their accounts), every found row is kept and restricted.
     * Returns counts only; the requester is never told about holds.
     */
    async checkLegalHolds(input: { requestId: string }): Promise<{ held: number }> {
      const emailKey = await requests.emailKey(input.requestId);
      if (emailKey === null) throw ApplicationFailure.nonRetryable(`request ${input.requestId} does not exist`, 'DsrNotFound');
      const manifest = await requests.manifest(input.requestId);
      const userIds = manifest.filter((i) => i.sourceTable === 'users').map((i) => i.rowKey);
      const active = await holds.activeFor([{ kind: 'email', keys: [emailKey] }, { kind: 'user', keys: userIds }]);
      if (active.length === 0) return { held: 0 };
      const covered = manifest.filter((i) => !i.sourceTable.startsWith('dsr_'));
      await requests.markHeld(input.requestId, covered.map((i) => i.id));
      return { held: covered.length };
    },

    async executeDsrPlan(input: { requestId: string }): Promise<{ exported: number; erased: number; retained: number }> {
      const { request } = await subjectOf(input.requestId);
      const manifest = (await requests.manifest(input.requestId)).filter((i) => i.executedAt === null);
      // Access or portability asked together with erasure: everything found is exported first, in the same transaction.
      const wantsCopy = request.rights.includes('access') || request.rights.includes('portability');
      const exportItems = manifest.filter((i) => i.action === 'export' || wantsCopy);
      const eraseItems = manifest.filter((i) => (i.action === 'erase' || i.action === 'anonymise') && !i.held);
      const now = new Date();
      await deps.knex.transaction(async (trx) => {
        if (exportItems.length) {
          const tables = await personalData.exportRows(exportItems, trx);
          await requests.saveExport(input.requestId, { generatedAt: now.toISOString(), requestId: input.requestId, tables }, new Date(now.getTime() + EXPORT_LIFETIME_MS), trx);
        }
        await personalData.erase(eraseItems, trx);
        await requests.markExecuted(input.requestId, [...new Set([...exportItems, ...eraseItems].map((i) => i.id))], now, trx);
      });
      return { exported: exportItems.length, erased: eraseItems.length, retained: manifest.filter((i) => i.action === 'retain' || i.held).length };
    },

    async verifyDsrExecution(input: { requestId: string }): Promise<{ remaining: number }> {
      const { requester } = await subjectOf(input.requestId);
      const meant = (await requests.manifest(input.requestId)).filter((i) => (i.action === 'erase' || i.action === 'anonymise') && !i.held);
      return { remaining: await personalData.remaining(meant, requester) };
    },
  };
}
