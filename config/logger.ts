// pino JSON logging. Log lines carry ids, never personal data: the redact list
// is a safety net for fields that must never leave the process.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './schema.ts';

export type { Logger } from 'pino';

export const REDACTED_FIELDS = [
  'password', '*.password', 'email', '*.email', 'name', '*.name',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]',
  'headers.cookie', 'headers.authorization', 'token', '*.token', 'totp', '*.totp',
];

/** Lines go to stdout, or to `destination` (the erasure scan reads what was logged). */
export function createLogger(config: Pick<Config, 'logLevel'>, service: string, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service },
    redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
