// A whole test file that cannot run here says why; the runner counts it as skipped.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export function skipFile(reason: string): void {
  process.stdout.write(`SKIP FILE: ${reason}\n`);
}

/** The shared sanctions files, or null (after printing the skip reason) when absent. */
export function sharedSanctionsDir(): string | null {
  const dir = resolve(SHARED_DATA_DIR, 'sanctions');
  if (existsSync(dir)) return dir;
  skipFile(`${dir} is absent (it is present in CI)`);
  return null;
}
