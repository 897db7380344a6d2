// SLA mail for a KYC case: the reminder before the due date goes to the assigned
// handler, the escalation after it to the organisation's active admins. The
// workflow passes ids and the kind only; addresses, names, the client's name and
// the due date are read from Postgres here. Each mail is idempotent on its
// business key (one per case, kind and recipient) through the mail log, so a
// retried activity never mails twice.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { createUserRepository } from '../db/repositories/users.ts';
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
  const cases = createCaseRepository(deps.knex);
  const users = createUserRepository(deps.knex);
  return {
    /** Mails the SLA reminder (assigned handler) or escalation (the organisation's admins); returns how many went out now. */
    async sendCaseSlaMail(input: { orgId: string; caseId: string; kind: SlaMailKind }): Promise<{ sent: number }> {
      const found = await cases.get(input.orgId, input.caseId);
      if (!found) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      const row = { id: found.id, clientName: found.client.name, clientCvr: found.client.cvr, assigneeId: found.assigneeId, dueAt: found.dueAt };
      const recipients = input.kind === 'reminder'
        ? (row.assigneeId ? await users.activeContacts({ orgId: input.orgId, id: row.assigneeId }) : [])
        : await users.activeContacts({ orgId: input.orgId, role: 'org_admin' });
      const assigneeName = row.assigneeId ? await users.nameInOrg(input.orgId, row.assigneeId) : null;
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
          : await deps.mailer.send({ ...common, template: 'case_sla_overdue', data: { client, dueAt, url, handler: assigneeName ?? (locale === 'da' ? 'ingen' : 'nobody') } });
        if (outcome === 'failed') throw ApplicationFailure.retryable('the mail server did not take the SLA mail', 'MailFailed');
        if (outcome === 'sent') sent += 1;
      }
      return { sent };
    },
  };
}
