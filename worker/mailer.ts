// Mail for the worker process: the same SMTP_URL as the web/API process, or the
// development sink that the web/API process runs on DEV_MAIL_SINK_PORT (the
// worker never starts a sink of its own, so the Outbox page shows every mail).
// The mail log makes each send idempotent on its business key.
import type { Config } from '../config/schema.ts';
import type { Knex } from '../db/knex.ts';
import { createMailLogRepository } from '../db/repositories/mail-log.ts';
import { mailSuppression } from '../db/repositories/erasure-ledger.ts';
import { createMailer, type Mailer } from '../providers/mail/mailer.ts';

export function workerMailer(config: Config, knex: Knex, options: { smtpUrl?: string } = {}): Mailer {
  const smtpUrl = options.smtpUrl ?? config.mail.smtpUrl;
  if (!smtpUrl && config.env === 'production') throw new Error('SMTP_URL is required in production');
  return createMailer({
    smtpUrl: smtpUrl ?? `smtp://127.0.0.1:${config.mail.devSinkPort}?ignoreTLS=true`,
    from: config.mail.from,
    log: createMailLogRepository(knex),
    // Erased addresses get no platform mail (data-subject request mail excepted).
    ...mailSuppression(knex, config.secret),
  });
}
