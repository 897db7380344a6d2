// One origin for the browser: /api/* goes to Koa, everything else to the
// SvelteKit app (adapter-node's handler), in one Node HTTP server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TLSSocket } from 'node:tls';
import type Koa from 'koa';
import { prepareWebAdapterEnvironment, WEB_ADDRESS_HEADER, WEB_PROTOCOL_HEADER } from '../config/index.ts';
import { proxyList, resolveClientAddress, type ClientAddressOptions } from './auth/client-ip.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export const WEB_HANDLER_PATH = fileURLToPath(new URL('../web/build/handler.js', import.meta.url));

/** The built SvelteKit handler, or null when the web app has not been built. */
export async function loadWebHandler(path = WEB_HANDLER_PATH): Promise<NodeHandler | null> {
  if (!existsSync(path)) return null;
  prepareWebAdapterEnvironment();
  const module = (await import(pathToFileURL(path).href)) as { handler: NodeHandler };
  return module.handler;
}

/** HSTS for a year, subdomains included (helmet's value): sent in production only. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * @param strictTransportSecurity production: every response carries HSTS.
 * @param network who may say where a request came from (config.network): forwarded
 *   headers are removed unless the peer is a trusted proxy; the browser's address is
 *   handed to SvelteKit in WEB_ADDRESS_HEADER, and the protocol header is set from the
 *   connection unless a trusted proxy sent it, so SvelteKit's origin (and its
 *   cross-site form check) matches what the browser sees.
 */
export function createHttpServer(app: Koa, web: NodeHandler | null, options: { network?: ClientAddressOptions; strictTransportSecurity?: boolean } = {}): Server {
  const api = app.callback();
  const network = options.network ?? { trustedProxies: [], forwardingKey: '' };
  const proxies = proxyList(network.trustedProxies);
  return createServer((req, res) => {
    // Every answer, pages and API alike (helmet only ever saw the API's).
    if (options.strictTransportSecurity) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    const url = req.url ?? '/';
    if (url === '/api' || url.startsWith('/api/') || !web) {
      void api(req, res);
      return;
    }
    req.headers[WEB_ADDRESS_HEADER] = resolveClientAddress(req, { ...network, proxies });
    req.headers[WEB_PROTOCOL_HEADER] ??= (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    web(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
}

export function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
