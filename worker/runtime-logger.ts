// Temporal's core runtime logs into our pino logger, once per process.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  installed = true;
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
      logger[method]({ ...entry.meta, source: 'temporal' }, entry.message);
    }),
  });
}
