// Work that must not hold up the answer, or show in how long it takes: a password-reset
// request answers 202 at once and looks up the account and sends the mail afterwards,
// so an address with an account answers exactly as fast as one without. Failures are
// logged by task name and error class only (no address, no message that could hold one).
// `drain()` lets a server finish these before it closes its database pool.
import type { Logger } from 'pino';

export interface AfterResponse {
  /** Start `task` once the current handler has returned; never throws. */
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when every started task has ended. */
  drain(): Promise<void>;
}

export function createAfterResponse(logger: Logger): AfterResponse {
  const pending = new Set<Promise<void>>();
  return {
    run(name, task) {
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) => {
          logger.error({ task: name, error: (error as Error)?.name ?? 'Error', code: (error as { code?: unknown })?.code }, 'work after the response failed');
        })
        .finally(() => pending.delete(done));
      pending.add(done);
    },
    async drain() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
