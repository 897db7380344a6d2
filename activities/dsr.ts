// Data-subject request activities: the projection the staff queue reads, deadline
// alarms, discovery through the personal-data registry, execution of the approved
// plan and its verification. Inputs and results are ids, enums and counts only;
// the subject's address is read here from Postgres, never passed through Temporal.
// Each is idempotent: events are unique on a key the workflow derives, discovery
// replaces the manifest, execution skips items already executed.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { copenhagenDate, formatLocalDate } from '../domain/dsr/deadline.ts';
import type { DsrOutcome } from '../domain/dsr/request.ts';
import { rectificationOutcome } from '../domain/dsr/rectification.ts';
import { registryEntry } from '../db/personal-data-registry.ts';
import type { Knex } from '../db/knex.ts';
import { createDsrRepository, type DsrProjection } from '../db/repositories/dsr.ts';
import { createPersonalDataRepository } from '../db/repositories/personal-data.ts';
import { createLegalHoldRepository } from '../db/repositories/legal-holds.ts';
import { createErasureLedgerRepository } from '../db/repositories/erasure-ledger.ts';
import { createUserRepository } from '../db/repositories/users.ts';
import type { Mailer } from '../providers/mail/mailer.ts';

export interface DsrActivityDeps {
  knex: Knex;
  /** CLIENTNOTE_SECRET: keys the erasure ledger's hashes of personal row keys. */
  secret: string;
  /** PUBLIC_URL: base of the status links in the requester's mails. */
  publicUrl: string;
  /** Transactional mail; idempotent on its business key through the mail log. */
  mailer: Mailer;
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
  const ledger = createErasureLedgerRepository(deps.knex, deps.secret);
  const users = createUserRepository(deps.knex);

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

    async recordDsrAlarm(input: { requestId: string; kind: 'deadline_reminder' | 'deadline_overdue'; dueAt: string; key: string }): Promise<{ recorded: boolean; mailed: number }> {
      // Staff see alarms in the queue and on the request page, and every active
      // privacy officer gets a mail (idempotent per officer on the alarm's key).
      if (!(await requests.get(input.requestId))) throw ApplicationFailure.nonRetryable(`request ${input.requestId} does not exist`, 'DsrNotFound');
      const recorded = await requests.recordEvent(input.requestId, { kind: input.kind, key: input.key, details: { dueAt: input.dueAt } });
      const officers = await users.activeContacts({ role: 'privacy_officer' });
      let mailed = 0;
      for (const officer of officers) {
        const outcome = await deps.mailer.send({
          template: input.kind === 'deadline_reminder' ? 'dsr_deadline_reminder' : 'dsr_deadline_overdue', locale: officer.locale === 'en' ? 'en' : 'da',
          to: { email: officer.email, name: officer.name, userId: officer.id }, orgId: null, businessKey: `dsr-alarm:${input.key}:${officer.id}`,
          data: { requestId: input.requestId, dueDate: formatLocalDate(copenhagenDate(new Date(input.dueAt))), url: `${deps.publicUrl}/requests/${input.requestId}` },
        });
        if (outcome === 'sent') mailed += 1;
      }
      return { recorded, mailed };
    },

    /**
     * Withdrawal of consent and objection take effect the moment the request is
     * verified, without a plan (an objection also restricts, Art. 18(1)(d), while
     * staff assess it). `immediateOnly`: nothing else was asked, so the request closes.
     */
    async recordImmediateRights(input: { requestId: string }): Promise<{ recorded: number; immediateOnly: boolean }> {
      const { request } = await subjectOf(input.requestId);
      const kinds: ('restriction' | 'objection' | 'consent_withdrawn')[] = [];
      if (request.rights.includes('withdraw_consent')) kinds.push('consent_withdrawn');
      if (request.rights.includes('objection')) kinds.push('objection', 'restriction');
      const recorded = await requests.addFlags(input.requestId, (await requests.emailKey(input.requestId))!, kinds);
      if (kinds.length) await requests.recordEvent(input.requestId, { kind: 'rights_recorded', key: `rights:${input.requestId}`, details: { kinds } });
      return { recorded, immediateOnly: request.rights.every((r) => r === 'withdraw_consent') };
    },

    /** The acknowledgement once the request is verified: the same text whatever is found (no counts, no organisation). */
    async sendDsrAcknowledgement(input: { requestId: string }): Promise<{ outcome: string }> {
      const { request, requester } = await subjectOf(input.requestId);
      const outcome = await deps.mailer.send({
        template: 'dsr_acknowledgement', locale: requester.locale, to: { email: requester.email, name: requester.name }, orgId: null,
        businessKey: `dsr-ack:${input.requestId}`,
        data: {
          rights: request.rights, receivedOn: formatLocalDate(copenhagenDate(new Date(request.receivedAt))),
          dueDate: formatLocalDate(copenhagenDate(new Date(request.dueAt))), url: `${deps.publicUrl}/privacy`,
        },
      });
      if (outcome === 'failed') throw new Error('the acknowledgement mail could not be sent; retrying');
      await requests.recordEvent(input.requestId, { kind: 'acknowledgement_sent', key: `ack-sent:${input.requestId}` });
      return { outcome };
    },

    /** The extension notice (GDPR Art. 12(3)): the reason and the new deadline, before the first month ends. */
    async sendDsrExtensionNotice(input: { requestId: string; reason: 'complexity' | 'number_of_requests' }): Promise<{ outcome: string }> {
      const { request, requester } = await subjectOf(input.requestId);
      const outcome = await deps.mailer.send({
        template: 'dsr_extension', locale: requester.locale, to: { email: requester.email, name: requester.name }, orgId: null,
        businessKey: `dsr-extension:${input.requestId}`,
        data: {
          rights: request.rights, receivedOn: formatLocalDate(copenhagenDate(new Date(request.receivedAt))),
          dueDate: formatLocalDate(copenhagenDate(new Date(request.dueAt))), reason: input.reason, url: `${deps.publicUrl}/privacy`,
        },
      });
      if (outcome === 'failed') throw new Error('the extension notice could not be sent; retrying');
      await requests.recordEvent(input.requestId, { kind: 'extension_notice_sent', key: `extension-sent:${input.requestId}` });
      return { outcome };
    },

    /**
     * The response: what was done, what was kept and on which basis (held items are
     * never mentioned: tipping-off), how to complain, and a receipt: the SHA-256 of
     * the manifest and its actions, also kept on the request's timeline.
     */
    async sendDsrResponse(input: { requestId: string; outcome: DsrOutcome }): Promise<{ receiptHash: string; outcome: string }> {
      const { request, requester } = await subjectOf(input.requestId);
      if (input.outcome !== 'completed' && input.outcome !== 'partially_completed' && input.outcome !== 'refused' && input.outcome !== 'merged') {
        return { receiptHash: '', outcome: 'not_sent' };
      }
      const manifest = await requests.manifest(input.requestId);
      const receiptHash = createHash('sha256').update([
        `request\t${input.requestId}\t${input.outcome}`,
        ...manifest.map((i) => `${i.id}\t${i.sourceTable}\t${i.rowKey}\t${i.action ?? ''}\t${i.held}\t${i.executedAt ?? ''}`).sort(),
      ].join('\n')).digest('hex');
      const executed = manifest.filter((i) => i.executedAt !== null && !i.held);
      const wantsCopy = request.rights.includes('access') || request.rights.includes('portability');
      const exportExpiresAt = await requests.exportExpiresAt(input.requestId);
      const outcome = await deps.mailer.send({
        template: 'dsr_response', locale: requester.locale, to: { email: requester.email, name: requester.name }, orgId: null,
        businessKey: `dsr-response:${input.requestId}`,
        data: {
          outcome: input.outcome, rights: request.rights, receivedOn: formatLocalDate(copenhagenDate(new Date(request.receivedAt))),
          done: {
            exported: manifest.filter((i) => i.executedAt !== null && (i.action === 'export' || wantsCopy)).length,
            erased: executed.filter((i) => i.action === 'erase' || i.action === 'anonymise').length,
            restricted: executed.filter((i) => i.action === 'restrict').length,
            rectified: executed.filter((i) => i.action === 'rectify').length,
            recorded: request.rights.includes('objection') || request.rights.includes('withdraw_consent') ? 1 : 0,
          },
          // What was kept, and why, answers an erasure; other rights keep everything they did not change.
          keptClasses: request.rights.includes('erasure') ? [...new Set(manifest.filter((i) => i.action === 'retain' && !i.held).map((i) => i.retentionClass))].sort() : [],
          refusalReason: request.refusalReason,
          exportUntil: exportExpiresAt ? formatLocalDate(copenhagenDate(new Date(exportExpiresAt))) : null,
          receiptHash, url: `${deps.publicUrl}/privacy`,
        },
      });
      if (outcome === 'failed') throw new Error('the response mail could not be sent; retrying');
      await requests.recordEvent(input.requestId, { kind: 'response_sent', key: `response-sent:${input.requestId}`, details: { receiptHash } });
      return { receiptHash, outcome };
    },

    async discoverPersonalData(input: { requestId: string }): Promise<{ items: number; held: number }> {
      const { request, requester } = await subjectOf(input.requestId);
      const found = await personalData.discover({ email: requester.email, rights: request.rights, emailKey: (await requests.emailKey(input.requestId)) ?? undefined });
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
      const manifestAll = await requests.manifest(input.requestId);
      const manifest = manifestAll.filter((i) => i.executedAt === null);
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
        // Rectification: a self-declared value is replaced; verified evidence never is (the correction is recorded beside it).
        const rectifyIds = new Set(manifest.filter((i) => i.action === 'rectify' && !i.held).map((i) => i.id));
        for (const correction of (await requests.corrections(input.requestId, trx)).filter((c) => rectifyIds.has(c.itemId) && c.appliedAt === null)) {
          const outcome = rectificationOutcome(correction.sourceTable, correction.column);
          const entry = registryEntry(correction.sourceTable);
          if (!outcome || !entry) continue;
          if (outcome === 'applied') {
            await personalData.rectify(entry, correction.rowKey, correction.column, correction.value, trx);
          }
          await requests.markCorrectionDone(correction.id, outcome, now, trx);
        }
        // Restriction: a flag on the subject, respected by every mailer from now on.
        const restrictIds = manifest.filter((i) => i.action === 'restrict').map((i) => i.id);
        if (restrictIds.length) await requests.addFlags(input.requestId, (await requests.emailKey(input.requestId))!, ['restriction'], trx);
        await personalData.erase(eraseItems, trx);
        // The ledger (keys and keyed hashes only) in the same transaction: no erasure without its replay record.
        const emailKey = (await requests.emailKey(input.requestId))!;
        await ledger.record({
          requestId: input.requestId, subjectKey: emailKey, executedAt: now,
          items: eraseItems.map((i) => ({ sourceTable: i.sourceTable, rowKey: i.rowKey, action: i.action === 'erase' ? 'erase' as const : 'anonymise' as const })),
        }, trx);
        // Suppression: later platform mail to the address is not sent (DSR mail still is), unless the account itself is held.
        if (request.rights.includes('erasure') && !manifestAll.some((i) => i.sourceTable === 'users' && (i.held || i.action === 'retain'))) {
          await ledger.suppress(emailKey, input.requestId, trx);
        }
        await requests.markExecuted(input.requestId, [...new Set([...exportItems, ...eraseItems].map((i) => i.id)), ...rectifyIds, ...restrictIds], now, trx);
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
