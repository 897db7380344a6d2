// The development mail sink: a real SMTP server (smtp-server) on 127.0.0.1 that
// keeps what it receives in memory for 24 hours, for the Outbox page and
// GET /api/v1/dev/outbox. Started by the web/API process when SMTP_URL is unset;
// never in production.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export const SINK_RETENTION_MS = 24 * 60 * 60 * 1000;
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
const MAX_MESSAGES = 1000;

export interface OutboxMessage { id: string; to: string[]; subject: string; text: string; html: string | null; headers: Record<string, string>; receivedAt: Date }

export interface DevMailSink {
  port: number;
  smtpUrl: string;
  /** Newest first; drops what is older than 24 hours. */
  messages(): OutboxMessage[];
  /** Forget everything (tests). */
  clear(): void;
  close(): Promise<void>;
}

export async function startDevMailSink(options: { port?: number; now?: () => Date } = {}): Promise<DevMailSink> {
  const now = options.now ?? (() => new Date());
  let kept: OutboxMessage[] = [];
  const prune = () => {
    const cutoff = now().getTime() - SINK_RETENTION_MS;
    kept = kept.filter((m) => m.receivedAt.getTime() >= cutoff).slice(0, MAX_MESSAGES);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Clientnote development mail sink',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of mail.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
          kept.unshift({
            id: randomUUID(),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : null,
            headers,
            receivedAt: now(),
          });
          prune();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages() {
      prune();
      return [...kept];
    },
    clear() {
      kept = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
