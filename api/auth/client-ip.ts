// The caller's address, for login throttling and the request log. Who may say where
// a request came from:
// - a configured reverse proxy (TRUSTED_PROXIES): its X-Forwarded-For, read from the
//   right, skipping the trusted proxies, so a client cannot prepend an address of its
//   own choosing; its other forwarded headers (proto, host) are believed too;
// - the web app of this server, which calls the API over loopback for the browser: it
//   passes the browser's address in `x-clientnote-client-address`, signed (HMAC-SHA256)
//   with a key only the web app and the API hold (CLIENTNOTE_FORWARDING_KEY);
// - nobody else: forwarded headers from any other peer, loopback included, are removed
//   before anything reads them, and the socket's address is the caller's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Context, Middleware } from 'koa';

export const CLIENT_ADDRESS_HEADER = 'x-clientnote-client-address';
/** A signed address older than this (or from the future by as much) is ignored. */
export const SIGNATURE_MAX_AGE_MS = 60_000;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip'] as const;
const LOOPBACK = new Set(['127.0.0.1', '::1']);

export interface ClientAddressOptions {
  trustedProxies: readonly string[];
  forwardingKey: string;
  now?: () => number;
}

/** `::ffff:10.0.0.1` is 10.0.0.1. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function listed(list: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 6 ? 'ipv6' : 'ipv4');
}

/** The value the web app sends: `<address>;<unix ms>;<base64url HMAC of "<address>;<unix ms>">`. */
export function signClientAddress(key: string, address: string, at: number): string {
  const payload = `${address};${at}`;
  return `${payload};${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** The address in a signed value, or null when the signature, the age or the address is wrong. */
export function verifyClientAddress(key: string, value: string, now: number): string | null {
  const [address, at, signature, extra] = value.split(';');
  if (!address || !at || !signature || extra !== undefined || isIP(address) === 0 || !/^\d{1,15}$/.test(at)) return null;
  if (Math.abs(now - Number(at)) > SIGNATURE_MAX_AGE_MS) return null;
  const expected = Buffer.from(createHmac('sha256', key).update(`${address};${at}`).digest('base64url'));
  const sent = Buffer.from(signature);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? plain(address) : null;
}

/**
 * Work out the caller's address and remove every forwarding header the peer may not
 * send (so Koa, SvelteKit and the handlers never see them). Mutates `req.headers`.
 */
export function resolveClientAddress(req: IncomingMessage, options: ClientAddressOptions & { proxies?: BlockList }): string {
  const peer = plain(req.socket.remoteAddress ?? '');
  const proxies = options.proxies ?? proxyList(options.trustedProxies);
  const signed = req.headers[CLIENT_ADDRESS_HEADER];
  delete req.headers[CLIENT_ADDRESS_HEADER];
  if (LOOPBACK.has(peer) && typeof signed === 'string') {
    const address = verifyClientAddress(options.forwardingKey, signed, (options.now ?? Date.now)());
    if (address) return address;
  }
  if (!listed(proxies, peer)) {
    for (const name of FORWARDING_HEADERS) delete req.headers[name];
    return peer;
  }
  // From the right: the nearest hop a trusted proxy saw is the first address that is not itself a trusted proxy.
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((part) => plain(part.trim())).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    const hop = forwarded[i]!;
    if (isIP(hop) === 0) return peer;
    if (!listed(proxies, hop)) return hop;
  }
  return forwarded[0] ?? peer;
}

/** The first middleware: settles ctx.state.clientIp once per request. */
export function clientAddressMiddleware(options: ClientAddressOptions): Middleware {
  const proxies = proxyList(options.trustedProxies);
  return async (ctx, next) => {
    ctx.state.clientIp = resolveClientAddress(ctx.req, { ...options, proxies });
    await next();
  };
}

/** The caller's address as clientAddressMiddleware settled it. */
export function clientIp(ctx: Context): string {
  return typeof ctx.state.clientIp === 'string' ? ctx.state.clientIp : plain(ctx.req.socket.remoteAddress ?? '');
}
