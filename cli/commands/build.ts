// clientnote build: the production workflow bundle (dist/) and the web app (web/build).
import { spawnSync } from 'node:child_process';
import { buildWorkflowBundle } from '../../worker/bundle.ts';
import { REPO_ROOT } from '../temporal-server.ts';

export function buildWeb(): void {
  const result = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('the web build failed (see above)');
}

export async function run(args: string[]): Promise<number> {
  const only = args[0];
  if (!only || only === 'workflows') process.stderr.write(`workflow bundle: ${await buildWorkflowBundle()}\n`);
  if (!only || only === 'web') buildWeb();
  return 0;
}
