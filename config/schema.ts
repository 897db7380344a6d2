// The configuration contract: every environment variable Clientnote reads, its
// default on the embedded default, and what production insists on. Pure: it
// parses an env object handed to it; `config/index.ts` is the only reader of
// process.env.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export const DEFAULT_OWNER_URL = 'postgres://clientnote_owner@127.0.0.1:5432/clientnote';
export const DEFAULT_APP_URL = 'postgres://clientnote_app@127.0.0.1:5432/clientnote';
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DEMO_PASSWORD = 'clientnote-demo';

/** Where `lists update` downloads the official list files. */
export const SANCTIONS_DEFAULT_URLS = {
  un: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
  ofacSdn: 'https://www.treasury.gov/ofac/downloads/sdn.csv',
  ofacAlt: 'https://www.treasury.gov/ofac/downloads/alt.csv',
  eu: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw',
  uk: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv',
} as const;

/** One row per variable: used for validation hints and the README table. */
export const CONFIG_VARIABLES = {
  NODE_ENV: { default: 'development', fix: 'use development, test or production' },
  PORT: { default: '3000', fix: 'use a free TCP port, e.g. PORT=3000' },
  DATABASE_URL: { default: DEFAULT_OWNER_URL, fix: 'a postgres:// URL of the role that owns the schema and runs migrations', production: true },
  DATABASE_APP_URL: { default: DEFAULT_APP_URL, fix: 'a postgres:// URL of the non-owner application role', production: true },
  DATABASE_ADMIN_URL: { default: DEFAULT_ADMIN_URL, fix: 'a postgres:// URL of a superuser; only used on the embedded default to create the database and roles' },
  TEMPORAL_ADDRESS: { default: '127.0.0.1:7233', fix: 'host:port of the Temporal frontend, e.g. 127.0.0.1:7233', production: true },
  TEMPORAL_NAMESPACE: { default: 'clientnote', fix: 'a Temporal namespace name' },
  TEMPORAL_TASK_QUEUE: { default: 'clientnote', fix: 'a task queue name' },
  TEMPORAL_UI_PORT: { default: '8233', fix: 'a free TCP port for the Temporal Web UI' },
  TEMPORAL_UI_URL: { default: 'http://localhost:TEMPORAL_UI_PORT', fix: 'the address platform staff open the Temporal Web UI at, e.g. https://temporal.clientnote.example.dk (the workflow console links there)' },
  CLIENTNOTE_CODEC_KEYS: { default: 'generated into .data/codec-keys', fix: 'id:base64key[,id:base64key...] with 32-byte keys; the first encrypts', production: true },
  CLIENTNOTE_SECRET: { default: 'generated into .data/secret', fix: 'at least 32 random characters', production: true },
  CLIENTNOTE_DATA_DIR: { default: '.data', fix: 'a writable directory' },
  SMTP_URL: { default: 'unset: built-in development mail sink', fix: 'smtp://user:pass@host:port or smtps://...', production: true },
  MAIL_FROM: { default: 'Clientnote <no-reply@clientnote.test>', fix: 'a sender address' },
  DEV_MAIL_SINK_PORT: { default: '2525', fix: 'a free TCP port on 127.0.0.1 for the development mail sink (only without SMTP_URL, never in production)' },
  PUBLIC_URL: { default: 'http://localhost:PORT', fix: 'the address users open, e.g. https://clientnote.example.dk (links in e-mails)' },
  DOCUMENT_STORAGE: { default: 'file:<CLIENTNOTE_DATA_DIR>/documents', fix: 'file:<dir> or s3://bucket' },
  DOCUMENT_MAX_BYTES: { default: '20971520', fix: 'the largest document upload in bytes, between 1024 and 1073741824 (e.g. 20971520 for 20 MiB)' },
  S3_ENDPOINT: { default: 'https://s3.<S3_REGION>.amazonaws.com', fix: 'the http(s) URL of the S3-compatible service (path-style requests)' },
  S3_REGION: { default: 'us-east-1', fix: 'the region the bucket lives in, e.g. eu-north-1' },
  S3_ACCESS_KEY_ID: { default: 'unset', fix: 'the access key id; required with DOCUMENT_STORAGE=s3://...' },
  S3_SECRET_ACCESS_KEY: { default: 'unset', fix: 'the secret access key; required with DOCUMENT_STORAGE=s3://...' },
  SANCTIONS_AUTO_UPDATE: { default: 'false', fix: 'true or false' },
  SANCTIONS_UN_URL: { default: SANCTIONS_DEFAULT_URLS.un, fix: 'an http(s) URL of the UN consolidated list XML, or off' },
  SANCTIONS_OFAC_SDN_URL: { default: SANCTIONS_DEFAULT_URLS.ofacSdn, fix: 'an http(s) URL of OFAC sdn.csv, or off' },
  SANCTIONS_OFAC_ALT_URL: { default: SANCTIONS_DEFAULT_URLS.ofacAlt, fix: 'an http(s) URL of OFAC alt.csv, or off' },
  SANCTIONS_EU_URL: { default: SANCTIONS_DEFAULT_URLS.eu, fix: 'an http(s) URL of the EU Financial Sanctions Files XML 1.1, or off' },
  SANCTIONS_UK_URL: { default: SANCTIONS_DEFAULT_URLS.uk, fix: 'an http(s) URL of the UK sanctions list CSV, or off' },
  SANCTIONS_MAX_AGE_DAYS: { default: '7', fix: 'a whole number of days (1-365) after which a list is shown as out of date' },
  ADVERSE_MEDIA_URL: { default: 'unset: adverse media reported as not performed', fix: 'an http(s) URL of a news-search endpoint answering {"articles": [...]}' },
  ADVERSE_MEDIA_API_KEY: { default: 'unset', fix: 'the news-search API key (sent as a Bearer token)' },
  CVR_API_URL: { default: 'unset: offline demo registry', fix: 'the CVR system-to-system URL' },
  CVR_API_USER: { default: 'unset', fix: 'CVR user name' },
  CVR_API_PASSWORD: { default: 'unset', fix: 'CVR password' },
  AI_BASE_URL: { default: 'unset: template drafter', fix: 'an OpenAI-compatible base URL' },
  AI_MODEL: { default: 'unset', fix: 'a model name' },
  AI_API_KEY: { default: 'unset', fix: 'an API key' },
  AI_TIMEOUT_MS: { default: '60000', fix: 'milliseconds (100-600000) to wait for one answer of the AI provider' },
  CLIENTNOTE_DEMO_PASSWORD: { default: DEFAULT_DEMO_PASSWORD, fix: 'unset it in production: demo data is refused there' },
  LOG_LEVEL: { default: 'info', fix: 'one of fatal, error, warn, info, debug, trace, silent' },
  TRUSTED_PROXIES: { default: 'none: forwarded headers are ignored', fix: 'comma-separated IP addresses or CIDR ranges of your reverse proxies, e.g. 10.0.0.5,172.18.0.0/16' },
  CLIENTNOTE_FORWARDING_KEY: { default: 'derived from CLIENTNOTE_SECRET', fix: 'at least 32 random characters (the web app signs the browser\'s address with it for the API)' },
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);
const pgUrl = z.string().regex(/^postgres(ql)?:\/\/.+\/[^/?]+(\?.*)?$/, 'expected postgres://user@host:port/database');
const listUrl = z.union([z.literal('off'), z.url({ protocol: /^https?$/ })]);
const hostPort = z.string().regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'expected host:port');
export const codecKeysSchema = z
  .string()
  .transform((raw, ctx) => {
    const keys = raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const sep = part.indexOf(':');
      const id = sep > 0 ? part.slice(0, sep) : '';
      const key = Buffer.from(sep > 0 ? part.slice(sep + 1) : '', 'base64');
      return { id, key };
    });
    if (keys.length === 0 || keys.some((k) => !/^[A-Za-z0-9_-]{1,64}$/.test(k.id) || k.key.length !== 32)) {
      ctx.addIssue({ code: 'custom', message: 'expected id:base64key pairs with 32-byte keys' });
      return z.NEVER;
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length) {
      ctx.addIssue({ code: 'custom', message: 'key ids must be unique' });
      return z.NEVER;
    }
    return keys;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  DATABASE_URL: pgUrl.optional(),
  DATABASE_APP_URL: pgUrl.optional(),
  DATABASE_ADMIN_URL: pgUrl.default(DEFAULT_ADMIN_URL),
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default('clientnote'),
  TEMPORAL_TASK_QUEUE: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default('clientnote'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLIENTNOTE_CODEC_KEYS: codecKeysSchema.optional(),
  CLIENTNOTE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CLIENTNOTE_DATA_DIR: z.string().min(1).default('.data'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'expected smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Clientnote <no-reply@clientnote.test>'),
  DEV_MAIL_SINK_PORT: port.default(2525),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DOCUMENT_STORAGE: z.string().regex(/^(file:.+|s3:\/\/.+)$/, 'expected file:<dir> or s3://bucket').optional(),
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 ** 3).default(20 * 1024 * 1024),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{2,40}$/, 'expected a region name such as eu-north-1').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  SANCTIONS_AUTO_UPDATE: bool.default(false),
  SANCTIONS_UN_URL: listUrl.default(SANCTIONS_DEFAULT_URLS.un),
  SANCTIONS_OFAC_SDN_URL: listUrl.default(SANCTIONS_DEFAULT_URLS.ofacSdn),
  SANCTIONS_OFAC_ALT_URL: listUrl.default(SANCTIONS_DEFAULT_URLS.ofacAlt),
  SANCTIONS_EU_URL: listUrl.default(SANCTIONS_DEFAULT_URLS.eu),
  SANCTIONS_UK_URL: listUrl.default(SANCTIONS_DEFAULT_URLS.uk),
  SANCTIONS_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  ADVERSE_MEDIA_URL: z.url({ protocol: /^https?$/ }).optional(),
  ADVERSE_MEDIA_API_KEY: z.string().optional(),
  CVR_API_URL: z.url().optional(),
  CVR_API_USER: z.string().optional(),
  CVR_API_PASSWORD: z.string().optional(),
  AI_BASE_URL: z.url().optional(),
  AI_MODEL: z.string().optional(),
  AI_API_KEY: z.string().optional(),
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  CLIENTNOTE_DEMO_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUSTED_PROXIES: z.string().transform((raw, ctx) => {
    const entries = raw.split(',').map((part) => part.trim()).filter(Boolean);
    for (const entry of entries) {
      if (!proxyEntry(entry)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(entry)} is not an IP address or CIDR range` });
    }
    return entries;
  }).optional(),
  CLIENTNOTE_FORWARDING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** An IPv4 or IPv6 address, optionally with a /prefix. */
function proxyEntry(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(address);
  const v6 = !v4 && /^[0-9a-fA-F:]+$/.test(address) && address.includes(':');
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

export interface CodecKey {
  id: string;
  key: Buffer;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  /** True when DATABASE_URL is unset: the local cluster is provisioned by `start`. */
  embedded: boolean;
  database: { ownerUrl: string; appUrl: string; adminUrl: string };
  temporal: { address: string; namespace: string; taskQueue: string; uiPort: number; uiUrl: string };
  /** The payload codec key ring; the first key encrypts, all decrypt. */
  codecKeys: readonly CodecKey[];
  secret: string;
  dataDir: string;
  /** SMTP_URL, or null for the development sink, which the web/API process runs on 127.0.0.1:devSinkPort and the worker sends to. */
  mail: { smtpUrl: string | null; from: string; devSinkPort: number };
  /** Base of links in e-mails (invitations, password resets); no trailing slash. */
  publicUrl: string;
  documentStorage: string;
  /** Upload size limit, and the S3-compatible service when DOCUMENT_STORAGE is s3://bucket. */
  documents: { maxBytes: number; s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string } | null };
  sanctionsAutoUpdate: boolean;
  /** Official list downloads for `lists update`; null where set to off. */
  sanctionsUrls: { un: string | null; ofacSdn: string | null; ofacAlt: string | null; eu: string | null; uk: string | null };
  /** A list older than this is shown with a warning. */
  sanctionsMaxAgeDays: number;
  /** The news-search provider; null: the offline default reports `not_performed`. */
  adverseMedia: { url: string; apiKey: string | null } | null;
  cvr: { url: string; user: string | null; password: string | null } | null;
  ai: { baseUrl: string; model: string; apiKey: string | null; timeoutMs: number } | null;
  demoPassword: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Who the caller is: forwarded headers (X-Forwarded-For/-Proto/-Host, Forwarded) are
   * believed only from `trustedProxies`; the web app passes the browser's address to the
   * API in a header signed with `forwardingKey` (api/auth/client-ip.ts).
   */
  network: { trustedProxies: readonly string[]; forwardingKey: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string; fix: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}. Fix: ${p.fix}.`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function fixFor(variable: string): string {
  return (CONFIG_VARIABLES as Record<string, { fix: string }>)[variable]?.fix ?? 'see the configuration table in the README';
}

/** Secrets the embedded default keeps under the data directory instead of the environment. */
export type LocalSecrets = (dataDir: string) => { codecKeys: string; secret: string };

/**
 * Validate an environment and build the config; throws ConfigError naming every
 * bad variable. Outside production, missing secrets come from `localSecrets`.
 */
export function parseConfig(env: Record<string, string | undefined>, localSecrets?: LocalSecrets): Config {
  // Empty strings mean "unset" (compose files and shells produce them).
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in CONFIG_VARIABLES && v !== undefined && v !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return { variable, message: issue.message, fix: fixFor(variable) };
      }),
    );
  }
  const e = result.data;
  const production = e.NODE_ENV === 'production';
  const problems: { variable: string; message: string; fix: string }[] = [];
  if (production) {
    for (const [name, spec] of Object.entries(CONFIG_VARIABLES)) {
      if ('production' in spec && spec.production && cleaned[name] === undefined) {
        problems.push({ variable: name, message: 'required when NODE_ENV=production', fix: spec.fix });
      }
    }
    if (e.CLIENTNOTE_DEMO_PASSWORD !== undefined) {
      problems.push({ variable: 'CLIENTNOTE_DEMO_PASSWORD', message: 'demo data is refused in production', fix: fixFor('CLIENTNOTE_DEMO_PASSWORD') });
    }
  }
  if (e.DATABASE_URL && !e.DATABASE_APP_URL && !production) {
    problems.push({ variable: 'DATABASE_APP_URL', message: 'required when DATABASE_URL is set', fix: fixFor('DATABASE_APP_URL') });
  }
  if (e.CVR_API_URL && (!e.CVR_API_USER || !e.CVR_API_PASSWORD)) {
    problems.push({ variable: 'CVR_API_USER', message: 'CVR_API_URL needs CVR_API_USER and CVR_API_PASSWORD', fix: fixFor('CVR_API_USER') });
  }
  const documentStorage = e.DOCUMENT_STORAGE ?? `file:${e.CLIENTNOTE_DATA_DIR.replace(/\/+$/, '')}/documents`;
  if (documentStorage.startsWith('s3://') && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)) {
    problems.push({ variable: 'S3_ACCESS_KEY_ID', message: 'DOCUMENT_STORAGE=s3://... needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY', fix: fixFor('S3_ACCESS_KEY_ID') });
  }
  if (e.AI_BASE_URL && !e.AI_MODEL) {
    problems.push({ variable: 'AI_MODEL', message: 'AI_BASE_URL needs AI_MODEL', fix: fixFor('AI_MODEL') });
  }
  let codecKeys = e.CLIENTNOTE_CODEC_KEYS;
  let secret = e.CLIENTNOTE_SECRET;
  if (!production && (!codecKeys || !secret) && localSecrets) {
    const local = localSecrets(e.CLIENTNOTE_DATA_DIR);
    codecKeys ??= codecKeysSchema.parse(local.codecKeys);
    secret ??= local.secret;
  }
  if (!codecKeys && !production) problems.push({ variable: 'CLIENTNOTE_CODEC_KEYS', message: 'missing', fix: fixFor('CLIENTNOTE_CODEC_KEYS') });
  if (!secret && !production) problems.push({ variable: 'CLIENTNOTE_SECRET', message: 'missing', fix: fixFor('CLIENTNOTE_SECRET') });
  if (problems.length > 0 || !codecKeys || !secret) throw new ConfigError(problems);

  return deepFreeze({
    env: e.NODE_ENV,
    port: e.PORT,
    embedded: e.DATABASE_URL === undefined,
    database: {
      ownerUrl: e.DATABASE_URL ?? DEFAULT_OWNER_URL,
      appUrl: e.DATABASE_APP_URL ?? DEFAULT_APP_URL,
      adminUrl: e.DATABASE_ADMIN_URL,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`).replace(/\/+$/, ''),
    },
    codecKeys,
    secret,
    dataDir: e.CLIENTNOTE_DATA_DIR,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM, devSinkPort: e.DEV_MAIL_SINK_PORT },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    documentStorage,
    documents: {
      maxBytes: e.DOCUMENT_MAX_BYTES,
      s3: documentStorage.startsWith('s3://') && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { endpoint: (e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`).replace(/\/+$/, ''), region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : null,
    },
    sanctionsAutoUpdate: e.SANCTIONS_AUTO_UPDATE,
    sanctionsUrls: {
      un: offOr(e.SANCTIONS_UN_URL),
      ofacSdn: offOr(e.SANCTIONS_OFAC_SDN_URL),
      ofacAlt: offOr(e.SANCTIONS_OFAC_ALT_URL),
      eu: offOr(e.SANCTIONS_EU_URL),
      uk: offOr(e.SANCTIONS_UK_URL),
    },
    sanctionsMaxAgeDays: e.SANCTIONS_MAX_AGE_DAYS,
    adverseMedia: e.ADVERSE_MEDIA_URL ? { url: e.ADVERSE_MEDIA_URL, apiKey: e.ADVERSE_MEDIA_API_KEY ?? null } : null,
    cvr: e.CVR_API_URL ? { url: e.CVR_API_URL, user: e.CVR_API_USER ?? null, password: e.CVR_API_PASSWORD ?? null } : null,
    ai: e.AI_BASE_URL && e.AI_MODEL ? { baseUrl: e.AI_BASE_URL, model: e.AI_MODEL, apiKey: e.AI_API_KEY ?? null, timeoutMs: e.AI_TIMEOUT_MS } : null,
    demoPassword: e.CLIENTNOTE_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    network: {
      trustedProxies: e.TRUSTED_PROXIES ?? [],
      forwardingKey: e.CLIENTNOTE_FORWARDING_KEY ?? createHmac('sha256', secret).update('clientnote client-address forwarding v1').digest('base64url'),
    },
  });
}

function offOr(url: string): string | null {
  return url === 'off' ? null : url;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value as object)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
