// The one place that reads process.env. Everyone else receives the frozen Config.
import { parseConfig, type Config } from './schema.ts';
import { readOrCreateLocalSecrets } from './local-secrets.ts';

export type { Config } from './schema.ts';
export { ConfigError } from './schema.ts';

let cached: Config | undefined;

/** Parse process.env once per process. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env, readOrCreateLocalSecrets);
  return cached;
}

/** The environment for a child process (start command, test runner): ours plus overrides. */
export function childEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  // An override of `undefined` removes the variable.
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged;
}

/**
 * SvelteKit's adapter-node reads its settings from process.env when its handler
 * is imported. It assumes https unless told which header carries the protocol;
 * api/server.ts sets that header from the real connection (or trusts the proxy's).
 */
export const WEB_PROTOCOL_HEADER = 'x-forwarded-proto';

/**
 * The header api/server.ts sets on every page request to the browser's address (as
 * worked out from the socket and any trusted proxy), for SvelteKit's getClientAddress().
 */
export const WEB_ADDRESS_HEADER = 'x-clientnote-peer';

export function prepareWebAdapterEnvironment(): void {
  process.env.PROTOCOL_HEADER ??= WEB_PROTOCOL_HEADER;
  process.env.ADDRESS_HEADER = WEB_ADDRESS_HEADER;
  // The web app signs the browser's address for the API with this key (web/src/lib/server/client-address.ts).
  process.env.CLIENTNOTE_FORWARDING_KEY = loadConfig().network.forwardingKey;
  // Form uploads stream through the web app to the API: let a document of the
  // allowed size (plus its multipart framing) pass; the API enforces the limit itself.
  process.env.BODY_SIZE_LIMIT ??= String(loadConfig().documents.maxBytes + 1024 * 1024);
}

/** The executable search path (PATH), for tools that look up programs. */
export function currentSearchPath(): string | undefined {
  return process.env.PATH;
}
