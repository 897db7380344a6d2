// The mail log: who (recipient user id), which template and version, the
// business key that makes sending idempotent, status and times. No body, no address.
import type { Knex } from 'knex';

export interface MailLogEntry { id: string; businessKey: string; status: 'pending' | 'sent' | 'failed'; template: string }

export function createMailLogRepository(knex: Knex) {
  return {
    /** Claim a business key: the existing entry when there is one, else a new pending one. */
    async claim(input: { businessKey: string; orgId: string | null; recipientUserId: string | null; template: string; templateVersion: number; locale: string }): Promise<{ entry: MailLogEntry; fresh: boolean }> {
      const inserted = await knex('mail_log').insert(input).onConflict('businessKey').ignore().returning(['id', 'businessKey', 'status', 'template']);
      if (inserted.length) return { entry: inserted[0] as MailLogEntry, fresh: true };
      const existing = await knex('mail_log').where({ businessKey: input.businessKey }).first(['id', 'businessKey', 'status', 'template']);
      return { entry: existing as MailLogEntry, fresh: false };
    },
    async markSent(id: string, at: Date): Promise<void> {
      await knex('mail_log').where({ id }).update({ status: 'sent', sentAt: at, errorCode: null });
    },
    async markFailed(id: string, errorCode: string): Promise<void> {
      await knex('mail_log').where({ id }).update({ status: 'failed', errorCode: errorCode.slice(0, 64) });
    },
    async byKey(businessKey: string): Promise<MailLogEntry | null> {
      return ((await knex('mail_log').where({ businessKey }).first(['id', 'businessKey', 'status', 'template'])) as MailLogEntry | undefined) ?? null;
    },
  };
}

export type MailLogRepository = ReturnType<typeof createMailLogRepository>;
