// Embedded default only: make sure the local cluster runs and holds the
// `clientnote` database with its two roles — an owner that runs migrations and
// a non-owner, non-superuser application role that the API and worker use.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

interface Parsed { user: string; password: string | null; database: string }

function parse(url: string): Parsed {
  const u = new URL(url);
  return { user: decodeURIComponent(u.username), password: u.password ? decodeURIComponent(u.password) : null, database: u.pathname.slice(1) };
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
};
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnreachableError(`cannot connect to Postgres at ${new URL(url).host}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, async (c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

async function ensureRole(client: pg.Client, role: Parsed): Promise<void> {
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.user]);
  const password = role.password ? ` password ${literal(role.password)}` : '';
  if (exists.rowCount === 0) {
    await client.query(`create role ${ident(role.user)} login nosuperuser nocreatedb nocreaterole${password}`);
  } else if (role.password) {
    await client.query(`alter role ${ident(role.user)}${password}`);
  }
}

/** Create roles and the database if missing; idempotent. */
export async function provisionDatabase(urls: { adminUrl: string; ownerUrl: string; appUrl: string }): Promise<{ created: boolean }> {
  const owner = parse(urls.ownerUrl);
  const app = parse(urls.appUrl);
  let created = false;
  await withClient(urls.adminUrl, async (client) => {
    await ensureRole(client, owner);
    await ensureRole(client, app);
    const db = await client.query('select 1 from pg_database where datname = $1', [owner.database]);
    if (db.rowCount === 0) {
      await client.query(`create database ${ident(owner.database)} owner ${ident(owner.user)} encoding 'UTF8' template template0`);
      created = true;
    }
  });
  const adminOnDb = new URL(urls.adminUrl);
  adminOnDb.pathname = `/${owner.database}`;
  await withClient(adminOnDb.toString(), async (client) => {
    // The owner owns the public schema so migrations can create tables; the app role only uses it.
    await client.query(`alter schema public owner to ${ident(owner.user)}`);
    await client.query(`revoke create on schema public from public`);
    await client.query(`grant usage on schema public to ${ident(app.user)}`);
  });
  return { created };
}

/** Drop a database (tests only); terminates its connections first. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`drop database if exists ${ident(database)} with (force)`);
  });
}

export interface ThrowawayDatabase { database: string; ownerUrl: string; appUrl: string; drop(): Promise<void> }

/**
 * A fresh database on the local cluster with the same two roles as production, for a
 * test run, a benchmark or a sandboxed `start` (migrations are the caller's choice).
 */
export async function provisionThrowawayDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const database = `${prefix}_${randomBytes(4).toString('hex')}`;
  const ownerUrl = `postgres://clientnote_owner@127.0.0.1:5432/${database}`;
  const appUrl = `postgres://clientnote_app@127.0.0.1:5432/${database}`;
  await provisionDatabase({ adminUrl, ownerUrl, appUrl });
  return { database, ownerUrl, appUrl, drop: () => dropDatabase(adminUrl, database) };
}
