// The development mail sink: a real SMTP server (smtp-server) on 127.0.0.1 that
// keeps what it receives in memory for 24 hours, for the Outbox page and
// GET /api/v1/dev/outbox. Started by the web/API process when SMTP_URL is unset;
// never in production. It forgets what it holds for an address once that address
// is erased (a data-subject erasure puts it on the suppression list): every mail
// received up to the erasure goes, so the sink keeps no copy of an erased person.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export const SINK_RETENTION_MS = 24 * 60 * 60 * 1000;
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
const MAX_MESSAGES = 1000;

export interface OutboxMessage { id: string; to: string[]; subject: string; text: string; html: string | null; headers: Record<string, string>; receivedAt: Date }

/** Which of these addresses were erased, and when (`dsr_suppressions`, by keyed hash). */
export type ErasedAddresses = (addresses: readonly string[]) => Promise<Map<string, Date>>;

/** How often the sink looks for erased addresses among what it holds. */
export const SINK_PURGE_INTERVAL_MS = 2000;

export interface DevMailSink {
  port: number;
  smtpUrl: string;
  /** Newest first; drops what is older than 24 hours. */
  messages(): OutboxMessage[];
  /** Forget everything (tests). */
  clear(): void;
  /** Drop every message to an erased address received up to its erasure; returns how many went. Also runs on a timer. */
  purgeErased(): Promise<number>;
  close(): Promise<void>;
}

export async function startDevMailSink(options: { port?: number; now?: () => Date; erased?: ErasedAddresses; purgeIntervalMs?: number } = {}): Promise<DevMailSink> {
  const now = options.now ?? (() => new Date());
  let kept: OutboxMessage[] = [];
  const prune = () => {
    const cutoff = now().getTime() - SINK_RETENTION_MS;
    kept = kept.filter((m) => m.receivedAt.getTime() >= cutoff).slice(0, MAX_MESSAGES);
  };
  const purgeErased = async (): Promise<number> => {
    if (!options.erased || kept.length === 0) return 0;
    const erasedAt = await options.erased([...new Set(kept.flatMap((m) => m.to.map((a) => a.toLowerCase())))]);
    if (erasedAt.size === 0) return 0;
    const before = kept.length;
    // Mail after the erasure (the request's own response, or a later request's code) is the person's new contact and stays.
    kept = kept.filter((m) => !m.to.some((a) => {
      const at = erasedAt.get(a.toLowerCase());
      return at !== undefined && m.receivedAt.getTime() <= at.getTime();
    }));
    return before - kept.length;
  };
  let purging: Promise<unknown> = Promise.resolve();
  const timer = options.erased
    ? setInterval(() => { purging = purging.then(purgeErased).catch(() => { /* the database may be gone at shutdown; the next tick retries */ }); }, options.purgeIntervalMs ?? SINK_PURGE_INTERVAL_MS)
    : null;
  timer?.unref();
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
    purgeErased: () => {
      const run = purging.then(purgeErased);
      purging = run.catch(() => {});
      return run;
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await purging;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
