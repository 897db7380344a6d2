// SLA mail for a KYC case: the reminder before the due date goes to the assigned
// handler, the escalation after it to the organisation's active admins. The
// workflow passes ids and the kind only; addresses, names, the client's name and
// the due date are read from Postgres here. Each mail is idempotent on its
// business key (one per case, kind and recipient) through the mail log, so a
// retried activity never mails twice.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import type { Mailer } from '../providers/mail/mailer.ts';
import type { MailLocale } from '../providers/mail/templates.ts';

export interface CaseSlaActivityDeps {
  knex: Knex;
  mailer: Mailer;
  /** PUBLIC_URL: base of the link to the case. */
  publicUrl?: string;
}

export type SlaMailKind = 'reminder' | 'overdue';

const formatDate = (at: Date, locale: MailLocale) =>
  new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' }).format(at);
const localeOf = (value: string | null | undefined): MailLocale => (value === 'en' ? 'en' : 'da');

export function createCaseSlaActivities(deps: CaseSlaActivityDeps) {
  return {
    /** Mails the SLA reminder (assigned handler) or escalation (the organisation's admins); returns how many went out now. */
    async sendCaseSlaMail(input: { orgId: string; caseId: string; kind: SlaMailKind }): Promise<{ sent: number }> {
      const row = await deps.knex('cases').where({ orgId: input.orgId, id: input.caseId })
        .first('id', 'clientName', 'clientCvr', 'assigneeId', 'dueAt', 'status');
      if (!row) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      const users = deps.knex('users').where({ 'users.orgId': input.orgId, 'users.active': true });
      const recipients: { id: string; email: string; name: string; locale: string }[] = input.kind === 'reminder'
        ? (row.assigneeId ? await users.clone().where('users.id', row.assigneeId).select('users.id', 'users.email', 'users.name', 'users.locale') : [])
        : await users.clone().join('userRoles', 'userRoles.userId', 'users.id').where('userRoles.role', 'org_admin').orderBy('users.id').select('users.id', 'users.email', 'users.name', 'users.locale');
      const assignee = row.assigneeId ? await deps.knex('users').where({ id: row.assigneeId, orgId: input.orgId }).first('name') : null;
      const url = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}/cases/${row.id}`;
      let sent = 0;
      for (const to of recipients) {
        const locale = localeOf(to.locale);
        const common = {
          locale, orgId: input.orgId, to: { email: to.email, name: to.name, userId: to.id },
          businessKey: `case-sla-${input.kind}:${row.id}:${to.id}`,
        };
        const client = row.clientName ?? (row.clientCvr ? `CVR ${row.clientCvr}` : (locale === 'da' ? 'en kunde' : 'a client'));
        const dueAt = row.dueAt ? formatDate(new Date(row.dueAt), locale) : '–';
        const outcome = input.kind === 'reminder'
          ? await deps.mailer.send({ ...common, template: 'case_sla_reminder', data: { client, dueAt, url } })
          : await deps.mailer.send({ ...common, template: 'case_sla_overdue', data: { client, dueAt, url, handler: assignee?.name ?? (locale === 'da' ? 'ingen' : 'nobody') } });
        if (outcome === 'failed') throw ApplicationFailure.retryable('the mail server did not take the SLA mail', 'MailFailed');
        if (outcome === 'sent') sent += 1;
      }
      return { sent };
    },
  };
}
