// The import directions of ARCHITECTURE.md as data, and a checker that reads
// TypeScript/Svelte sources as text. Run over the repository by
// test/architecture/import-rules.test.ts, and over a deliberately violating
// fixture to prove it catches what it should.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';

type Room = 'domain' | 'db' | 'screening' | 'providers' | 'reports' | 'activities' | 'workflows' | 'worker' | 'api' | 'web' | 'cli' | 'bench' | 'config' | 'temporal' | 'test';

interface RoomRule {
  /** Project rooms this room may import (itself always). */
  rooms: Room[] | 'any';
  /** Rooms it may only `import type` from. */
  typeOnly?: Room[];
  /** npm packages allowed (prefix match); 'any' = no restriction. */
  packages: string[] | 'any';
  nodeBuiltins: boolean;
}

export const RULES: Record<Room, RoomRule> = {
  domain: { rooms: [], packages: ['zod', 'fastest-levenshtein', 'double-metaphone', 'any-ascii'], nodeBuiltins: false },
  config: { rooms: [], packages: 'any', nodeBuiltins: true },
  db: { rooms: ['domain'], packages: 'any', nodeBuiltins: true },
  screening: { rooms: ['domain', 'db'], packages: 'any', nodeBuiltins: true },
  providers: { rooms: ['domain'], packages: 'any', nodeBuiltins: true },
  temporal: { rooms: ['domain'], packages: ['@temporalio/'], nodeBuiltins: true },
  /** Renderers of documents the platform makes (the case-file PDF): they read through db/ and print. */
  reports: { rooms: ['domain', 'db'], packages: 'any', nodeBuiltins: true },
  activities: { rooms: ['domain', 'db', 'screening', 'providers', 'reports'], packages: 'any', nodeBuiltins: true },
  workflows: { rooms: ['domain'], typeOnly: ['activities'], packages: ['@temporalio/workflow', '@temporalio/common', 'async-mutex'], nodeBuiltins: false },
  worker: { rooms: ['domain', 'db', 'screening', 'providers', 'activities', 'workflows', 'temporal', 'config'], packages: 'any', nodeBuiltins: true },
  api: { rooms: ['domain', 'db', 'screening', 'providers', 'reports', 'temporal', 'config'], packages: 'any', nodeBuiltins: true },
  web: { rooms: [], typeOnly: ['domain'], packages: 'any', nodeBuiltins: true },
  cli: { rooms: 'any', packages: 'any', nodeBuiltins: true },
  bench: { rooms: 'any', packages: 'any', nodeBuiltins: true },
  test: { rooms: 'any', packages: 'any', nodeBuiltins: true },
};

const ROOMS = Object.keys(RULES) as Room[];
const SKIP = new Set(['node_modules', '.git', '.data', '.tools', '.scratch', 'dist', 'build', '.svelte-kit', 'coverage', 'paraglide', 'fixtures']);
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const BUILTINS = new Set(builtinModules);

export interface Violation { file: string; specifier: string; reason: string }

function roomOf(root: string, file: string): Room | null {
  const top = relative(root, file).split(sep)[0] as Room;
  return ROOMS.includes(top) ? top : null;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (/\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield join(dir, entry.name);
    }
  }
}

function checkFile(root: string, file: string, room: Room): Violation[] {
  const rule = RULES[room];
  const text = readFileSync(file, 'utf8');
  const name = relative(root, file);
  const violations: Violation[] = [];
  // Tests beside the code may use whatever they test with (uvu, node:*).
  const isTest = /\.test\.ts$/.test(file);
  if (room !== 'config' && room !== 'web' && room !== 'test' && !isTest && /\bprocess\.env\b/.test(text.replace(/\/\/.*$/gm, ''))) {
    violations.push({ file: name, specifier: 'process.env', reason: 'only config/ reads process.env' });
  }
  for (const match of text.matchAll(IMPORT)) {
    const typeOnly = Boolean(match[2]);
    const specifier = (match[3] ?? match[4])!;
    if (specifier.startsWith('.')) {
      const target = roomOf(root, resolve(file, '..', specifier));
      if (!target || target === room) continue;
      if (rule.rooms === 'any' || rule.rooms.includes(target) || (isTest && target === 'test')) continue;
      if (typeOnly && rule.typeOnly?.includes(target)) continue;
      violations.push({ file: name, specifier, reason: `${room}/ may not import ${typeOnly ? 'types from ' : ''}${target}/` });
    } else if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) {
      if (!rule.nodeBuiltins && !isTest) violations.push({ file: name, specifier, reason: `${room}/ may not use Node built-ins` });
    } else if (rule.packages !== 'any' && !isTest && !specifier.startsWith('#') && !specifier.startsWith('$')) {
      if (!rule.packages.some((p) => specifier === p || specifier.startsWith(p.endsWith('/') ? p : `${p}/`))) {
        if (!(typeOnly && room === 'workflows')) violations.push({ file: name, specifier, reason: `${room}/ may not import the package ${specifier}` });
      }
    }
  }
  return violations;
}

export function checkImports(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    const room = roomOf(root, file);
    if (room) violations.push(...checkFile(root, file, room));
  }
  return violations;
}
