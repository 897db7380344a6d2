// Retention's activities (docs/retention.md): the daily sweep's steps — open the
// sweep, remove one class's due rows in batches, check nothing due is left,
// write the certificates — and the end of a case's § 30 clock — the notice to
// the organisation's admins, the escalation when no approval comes, and the
// purge. Inputs and results are ids, class names and counts only.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from '../db/knex.ts';
import { createAuditRepository } from '../db/repositories/audit.ts';
import { createRetentionRepository } from '../db/repositories/retention.ts';
import { createUserRepository } from '../db/repositories/users.ts';
import { purgeCase, removeListedFiles } from '../db/retention/case-purge.ts';
import { sweepClass } from '../db/retention/sweep.ts';
import { dueAfter, sweeperFor } from '../db/retention/sweepers.ts';
import { isSettableRetentionClass } from '../domain/retention/classes.ts';
import type { CasePurgeStatus } from '../domain/retention/workflow.ts';
import type { Mailer } from '../providers/mail/mailer.ts';
import type { MailLocale } from '../providers/mail/templates.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';

export interface RetentionActivityDeps {
  knex: Knex;
  mailer: Mailer;
  documentStorage: DocumentStorage;
  /** CLIENTNOTE_SECRET: signs the audit chain's head (the purge is audited). */
  secret?: string;
  /** PUBLIC_URL: base of the links in the notices. */
  publicUrl?: string;
  /** Called after each committed batch (tests use it to act between batches). */
  afterCommit?: (activity: string, key: string) => Promise<void>;
}

/** Rows removed per batch (one transaction each). */
export const SWEEP_BATCH_SIZE = 5_000;

const formatDay = (at: Date, locale: MailLocale) =>
  new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(at);
const localeOf = (value: string | null | undefined): MailLocale => (value === 'en' ? 'en' : 'da');

function sweeperOrFail(cls: string) {
  const sweeper = isSettableRetentionClass(cls) ? sweeperFor(cls) : undefined;
  if (!sweeper) throw ApplicationFailure.nonRetryable(`no sweeper for retention class ${cls}`, 'UnknownRetentionClass');
  return sweeper;
}

export function createRetentionActivities(deps: RetentionActivityDeps) {
  const retention = createRetentionRepository(deps.knex);
  const users = createUserRepository(deps.knex);
  const audit = deps.secret ? createAuditRepository(deps.knex, { secret: deps.secret }) : undefined;

  async function sweepOrFail(sweepId: string) {
    const sweep = await retention.sweep(sweepId);
    if (!sweep) throw ApplicationFailure.nonRetryable(`sweep ${sweepId} does not exist`, 'SweepNotFound');
    return sweep;
  }

  /** Mail every active admin (and, when escalating, compliance officer) of the organisation about the case, once per key. */
  async function mailCaseAdmins(input: { orgId: string; caseId: string; kind: 'notice' | 'escalation'; round: number }) {
    const row = await retention.casePurgeNoticeFacts(input.orgId, input.caseId);
    if (!row) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
    const admins = await users.activeContacts({ orgId: input.orgId, role: 'org_admin' });
    const officers = input.kind === 'escalation' ? await users.activeContacts({ orgId: input.orgId, role: 'compliance_officer' }) : [];
    const recipients = [...new Map([...admins, ...officers].map((u) => [u.id, u])).values()];
    const url = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}/retention`;
    const purgeOn = row.retentionUntil ? new Date(row.retentionUntil) : new Date();
    let sent = 0;
    for (const to of recipients) {
      const locale = localeOf(to.locale);
      const client = row.clientName ?? (row.clientCvr ? `CVR ${row.clientCvr}` : (locale === 'da' ? 'en kunde' : 'a client'));
      const common = { locale, orgId: input.orgId, to: { email: to.email, name: to.name, userId: to.id }, businessKey: `case-purge-${input.kind}:${input.caseId}:${input.round}:${to.id}` };
      const outcome = input.kind === 'notice'
        ? await deps.mailer.send({ ...common, template: 'case_purge_notice', data: { client, purgeOn: formatDay(purgeOn, locale), url } })
        : await deps.mailer.send({ ...common, template: 'case_purge_escalation', data: { client, dueSince: formatDay(purgeOn, locale), url } });
      if (outcome === 'failed') throw ApplicationFailure.retryable('the mail server did not take the retention mail', 'MailFailed');
      if (outcome === 'sent') sent += 1;
    }
    return { sent };
  }

  return {
    /** Open the sweep (idempotent on the workflow id); `skipped` when another sweep runs. */
    async beginRetentionSweep(input: { sweepId?: string; dryRun: boolean; startedBy: string | null }) {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (!workflowId) throw ApplicationFailure.nonRetryable('a sweep runs inside its workflow', 'NoWorkflow');
      return retention.beginSweep({ id: input.sweepId, workflowId, dryRun: input.dryRun, startedBy: input.startedBy, asOf: new Date() });
    },

    /**
     * Remove the class's due rows in batches, each one transaction with its batch record;
     * heartbeats after each. A retry after a crash goes on with what is still due: a
     * committed batch is never counted twice. A dry run records what would go, removing nothing.
     */
    async sweepRetentionClass(input: { sweepId: string; class: string; batchSize?: number }): Promise<{ rows: number; batches: number }> {
      const sweeper = sweeperOrFail(input.class);
      const sweep = await sweepOrFail(input.sweepId);
      return sweepClass(deps.knex, retention, {
        sweepId: input.sweepId, sweeper, asOf: new Date(sweep.asOf), dryRun: sweep.dryRun, batchSize: input.batchSize ?? SWEEP_BATCH_SIZE,
        onBatch: async (batchNo) => {
          Context.current().heartbeat({ batches: batchNo });
          if (!sweep.dryRun) await deps.afterCommit?.('sweepRetentionClass', `${input.sweepId}:${sweeper.class}:${batchNo}`);
        },
      });
    },

    /** After the purge, the same due question again must find nothing (held rows are not due). */
    async verifyRetentionClass(input: { sweepId: string; class: string }): Promise<{ remaining: number }> {
      const sweeper = sweeperOrFail(input.class);
      const sweep = await sweepOrFail(input.sweepId);
      if (sweep.dryRun) return { remaining: 0 };
      const page = await dueAfter(deps.knex, sweeper, await retention.cutoffs(sweeper.class, new Date(sweep.asOf)), null, 1_000);
      return { remaining: page.keys.length };
    },

    async finishRetentionSweep(input: { sweepId: string; classes: string[] }): Promise<void> {
      await retention.finishSweep(input.sweepId, input.classes);
    },

    async failRetentionSweep(input: { sweepId: string; failure: string }): Promise<void> {
      await retention.failSweep(input.sweepId, input.failure);
    },

    /** The case's purge status, shown on the retention page. */
    async setCasePurgeStatus(input: { orgId: string; caseId: string; status: CasePurgeStatus }): Promise<void> {
      await retention.setCasePurgeStatus(input.orgId, input.caseId, input.status);
    },

    /** 30 days before the end of the clock: the organisation's admins are told what will go and when. */
    async announceCasePurge(input: { orgId: string; caseId: string }): Promise<{ sent: number }> {
      await retention.setCasePurgeStatus(input.orgId, input.caseId, 'announced');
      return mailCaseAdmins({ ...input, kind: 'notice', round: 0 });
    },

    /** No approval within the escalation period: the admins and compliance officers are told again. */
    async escalateCasePurge(input: { orgId: string; caseId: string; round: number }): Promise<{ sent: number }> {
      return mailCaseAdmins({ ...input, kind: 'escalation' });
    },

    /** Whether an admin has approved the purge (recorded in Postgres by the API before it signals the workflow). */
    async casePurgeApproved(input: { orgId: string; caseId: string }): Promise<{ approved: boolean }> {
      return { approved: await retention.casePurgeApproved(input.orgId, input.caseId) };
    },

    /**
     * The purge: rows and tombstone in one transaction with the hold check, then the files.
     * A storage failure fails the activity (retried); the keys stay listed until removed.
     */
    async purgeCaseData(input: { orgId: string; caseId: string }): Promise<{ outcome: 'purged' | 'held' | 'not_approved'; certificateId: string | null }> {
      const result = await purgeCase(deps.knex, retention, { ...input, now: new Date() }, audit);
      if (result.outcome === 'held' || result.outcome === 'not_approved') return { outcome: result.outcome, certificateId: null };
      await removeListedFiles(retention, deps.documentStorage, input.caseId, () => Context.current().heartbeat());
      return { outcome: 'purged', certificateId: result.certificateId };
    },
  };
}
