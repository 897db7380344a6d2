// CPU time per process from /proc (utime + stime, all threads), so a figure does
// not depend on how busy the shared machine is. Linux only.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds the process has used so far, or null once it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime); the slice starts at field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Every `postgres` process on the machine (the whole cluster, other users' databases included). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(name));
    } catch { /* gone */ }
  }
  return pids;
}

/** The whole machine from /proc/stat: busy CPU ms (user, nice, system, irq, softirq, steal) and all CPU ms, over every core. */
export function machineCpuMs(): { busy: number; all: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy: (busy * 1000) / TICKS_PER_SECOND, all: ((busy + idle! + iowait!) * 1000) / TICKS_PER_SECOND };
}

export interface CpuRoles {
  /** Processes known for the whole phase, by role (the Temporal server, each worker, the driver). */
  fixed: Record<string, number[]>;
  /** The backends of the bench's database, asked for again while the phase runs (they come and go with the pools). */
  backends: () => Promise<number[]>;
}

/**
 * Starts metering now; `stop()` gives CPU ms per role over the phase. Backends are sampled every
 * `everyMs`: one that exits between samples loses its last slice (the pools keep theirs open while busy).
 */
export function startCpuMeter(roles: CpuRoles, everyMs = 500): { stop(): Promise<{ perRole: Record<string, number>; clusterPostgres: number; machine: { busy: number; all: number } }> } {
  const machineBase = machineCpuMs();
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  const all = Object.values(roles.fixed).flat();
  for (const pid of all) base.set(pid, cpuMs(pid) ?? 0);
  const backendBase = new Map<number, number>();
  const backendLast = new Map<number, number>();
  const clusterBase = new Map(postgresPids().map((pid) => [pid, cpuMs(pid) ?? 0]));
  const sampleBackends = async (first: boolean) => {
    for (const pid of await roles.backends()) {
      const now = cpuMs(pid);
      if (now === null) continue;
      // A backend that appears during the phase counts from zero (its start-up included).
      if (!backendBase.has(pid)) backendBase.set(pid, first ? now : 0);
      backendLast.set(pid, now);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let sampling = sampleBackends(true);
  const tick = () => {
    sampling = sampling.then(() => sampleBackends(false)).catch(() => {});
    timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return {
    async stop() {
      clearTimeout(timer);
      await sampling;
      await sampleBackends(false);
      for (const pid of all) last.set(pid, cpuMs(pid) ?? base.get(pid) ?? 0);
      const perRole: Record<string, number> = {};
      for (const [role, pids] of Object.entries(roles.fixed)) perRole[role] = pids.reduce((s, pid) => s + (last.get(pid)! - base.get(pid)!), 0);
      perRole.postgres = [...backendLast].reduce((s, [pid, now]) => s + now - backendBase.get(pid)!, 0);
      let clusterPostgres = 0;
      for (const pid of postgresPids()) clusterPostgres += (cpuMs(pid) ?? 0) - (clusterBase.get(pid) ?? 0);
      const machineNow = machineCpuMs();
      return { perRole, clusterPostgres, machine: { busy: machineNow.busy - machineBase.busy, all: machineNow.all - machineBase.all } };
    },
  };
}
