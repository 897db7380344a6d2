// What the API needs from the outside, handed to createApp by whoever starts it.
import type { Knex } from '../db/knex.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { WorkflowGateway } from '../temporal/client/gateway.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import type { Mailer } from '../providers/mail/mailer.ts';
import type { DevMailSink } from '../providers/mail/dev-sink.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';

export interface ApiDeps {
  config: Config;
  knex: Knex;
  logger: Logger;
  workflows: WorkflowGateway;
  /** The audit trail: `await deps.audit.record(ctx, {action, targetType, targetId})`. */
  audit: AuditRecorder;
  mailer: Mailer;
  /** The development mail sink; absent when SMTP_URL is set and always in production. */
  devMailSink?: DevMailSink;
  now?: () => Date;
  /** Where document bytes go (encrypted); default: DOCUMENT_STORAGE. */
  documentStorage?: DocumentStorage;
}
