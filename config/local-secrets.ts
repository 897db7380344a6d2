// Embedded default only: the payload codec key ring and the signing secret live
// in the data directory, created on first use with owner-only permissions.
// Losing .data/codec-keys makes existing Temporal histories unreadable.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function readOrCreate(file: string, create: () => string): string {
  if (!existsSync(file)) {
    writeFileSync(file, create(), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

export function readOrCreateLocalSecrets(dataDir: string): { codecKeys: string; secret: string } {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const codecKeys = readOrCreate(join(dir, 'codec-keys'), () => `k1:${randomBytes(32).toString('base64')}\n`);
  const secret = readOrCreate(join(dir, 'secret'), () => `${randomBytes(48).toString('base64url')}\n`);
  return { codecKeys, secret };
}
