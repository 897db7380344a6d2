// The caller's IP address, for login throttling and the request log. The web app
// proxies from 127.0.0.1 and passes the browser's address in x-forwarded-for.
import type { Context } from 'koa';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The caller's address. x-forwarded-for is believed only from loopback (the web
 * app proxies from 127.0.0.1) — from anyone else it would let a client pick its
 * own throttling key. In production Koa's proxy setting applies instead.
 */
export function clientIp(ctx: Context): string {
  const socket = ctx.req.socket.remoteAddress ?? '';
  if (ctx.app.proxy) return ctx.ip;
  if (LOOPBACK.has(socket)) {
    const forwarded = ctx.get('x-forwarded-for').split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (forwarded && /^[0-9a-fA-F:.]{2,45}$/.test(forwarded)) return forwarded;
  }
  return socket;
}
