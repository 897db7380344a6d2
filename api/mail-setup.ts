// Mail for the web/API process: SMTP_URL when set; otherwise (never in
// production) the development sink on 127.0.0.1:DEV_MAIL_SINK_PORT (tests pass
// port 0 for a free one), started here and readable on the Outbox page. The sink
// forgets the mail of addresses that an erasure put on the suppression list.
import type { Knex } from '../db/knex.ts';
import type { Config } from '../config/schema.ts';
import { createMailer, type Mailer } from '../providers/mail/mailer.ts';
import { startDevMailSink, type DevMailSink } from '../providers/mail/dev-sink.ts';
import { createMailLogRepository } from '../db/repositories/mail-log.ts';
import { erasedAddresses, mailSuppression } from '../db/repositories/erasure-ledger.ts';

export interface MailSetup { mailer: Mailer; devMailSink?: DevMailSink; close(): Promise<void> }

export async function startMail(config: Config, knex: Knex, options: { now?: () => Date; sinkPort?: number } = {}): Promise<MailSetup> {
  const log = createMailLogRepository(knex);
  const now = options.now ? { now: options.now } : {};
  if (config.mail.smtpUrl) {
    const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, log, ...now, ...mailSuppression(knex, config.secret) });
    return { mailer, async close() { mailer.close(); } };
  }
  if (config.env === 'production') throw new Error('SMTP_URL is required in production');
  const devMailSink = await startDevMailSink({ port: options.sinkPort ?? config.mail.devSinkPort, ...now, erased: erasedAddresses(knex, config.secret) });
  const mailer = createMailer({ smtpUrl: devMailSink.smtpUrl, from: config.mail.from, log, ...now, ...mailSuppression(knex, config.secret) });
  return {
    mailer,
    devMailSink,
    async close() {
      mailer.close();
      await devMailSink.close();
    },
  };
}

