// pino JSON logging. Log lines carry ids, never personal data: the redact list
// is a safety net for fields that must never leave the process.
import pino, { type Logger } from 'pino';
import type { Config } from './schema.ts';

export type { Logger } from 'pino';

export const REDACTED_FIELDS = [
  'password', '*.password', 'email', '*.email', 'name', '*.name',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]',
  'headers.cookie', 'headers.authorization', 'token', '*.token', 'totp', '*.totp',
];

export function createLogger(config: Pick<Config, 'logLevel'>, service: string): Logger {
  return pino({
    level: config.logLevel,
    base: { service },
    redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
