// Where tests and benchmarks find the real list files (never copied into the
// repository): ../shared/data/sanctions beside the checkout.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sanctionsDir = resolve(repoRoot, '../shared/data/sanctions');

/** Absolute path of a list file, or null (with the reason printed) when the data folder is absent. */
export function sanctionsFile(name: string): string | null {
  const path = resolve(sanctionsDir, name);
  if (existsSync(path)) return path;
  process.stdout.write(`skipping tests that need ${name}: ${sanctionsDir} is not present\n`);
  return null;
}
