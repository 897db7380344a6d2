// A request id on every request (taken from x-request-id when it is sane) and a
// child logger carrying it; one access-log line per request, with ids only.
// IP address and user agent are logged here, joined to the audit trail by request id.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { clientIp } from './auth/client-ip.ts';

/** Paths that carry a secret (the client's upload link) are logged without it. */
export const loggedPath = (path: string): string => path.replace(/^(\/api\/v1\/uploads\/)[^/]+/, '$1[token]');

export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    ctx.state.requestId = requestId;
    ctx.state.logger = logger.child({ requestId });
    ctx.set('x-request-id', requestId);
    try {
      await next();
    } finally {
      (ctx.state.logger as Logger).info(
        { method: ctx.method, path: loggedPath(ctx.path), status: ctx.status, ms: Math.round(performance.now() - started), ip: clientIp(ctx), userAgent: ctx.get('user-agent') },
        'request',
      );
    }
  };
}
