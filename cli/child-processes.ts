// The start command's children: spawned with prefixed output, stopped with
// SIGTERM (then SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child { name: string; process: ChildProcess; exited: Promise<number | null> }

export function pipeWithPrefix(name: string, child: ChildProcess, out: NodeJS.WritableStream = process.stderr): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
  }
}

export function track(name: string, child: ChildProcess): Child {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, exited };
}

export function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeWithPrefix(name, child);
  return track(name, child);
}

export async function stop(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
