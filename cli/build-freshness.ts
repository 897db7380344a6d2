// Is a build output older than its sources? Lets `start` rebuild only when needed.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function newestIn(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'build' || entry === '.svelte-kit' || entry === 'paraglide') continue;
    newest = Math.max(newest, newestIn(join(path, entry)));
  }
  return newest;
}

export function isStale(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestIn(source) > built);
}
