// The `clientnote` command. Each command lives in cli/commands/<name>.ts and
// exports `run(args): Promise<number>` (the exit code). Data goes to stdout as
// JSON, logs to stderr. Exit codes: 0 success, 1 failure, 2 usage error.
import { UsageError } from './usage.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  start: { summary: 'start the whole platform on the embedded default', load: () => import('./commands/start.ts') },
  serve: { summary: 'run the web/API process only', load: () => import('./commands/serve.ts') },
  worker: { summary: 'run a Temporal worker only', load: () => import('./commands/worker.ts') },
  migrate: { summary: 'migrate [up|down|status]: database migrations', load: () => import('./commands/migrate.ts') },
  seed: { summary: 'load the demo organisations and users (idempotent)', load: () => import('./commands/seed.ts') },
  build: { summary: 'build the workflow bundle and the web app', load: () => import('./commands/build.ts') },
  screening: { summary: 'screening compare|search', load: () => import('./commands/screening.ts') },
  lists: { summary: 'lists import|update|status', load: () => import('./commands/lists.ts') },
  audit: { summary: 'audit verify: check the audit trail\'s hash chains', load: () => import('./commands/audit.ts') },
  erasure: { summary: 'erasure export|replay --since <time>: re-apply erasures after a backup restore', load: () => import('./commands/erasure.ts') },
};

function usage(): string {
  return ['Usage: clientnote <command> [options]', '', 'Commands:', ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`clientnote: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    const module = await command.load();
    return await module.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`clientnote ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`clientnote ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
