// Docker health check for the `worker` service (docker-compose.yml), run inside
// the worker's container:
//
//   node --import tsx deploy/healthcheck.ts worker
//
// A worker has no port to probe, and "the process is alive" says nothing (the
// container stops when it dies). What matters is that it polls its task
// queue, so ask Temporal who polled recently and look for this container: the
// SDK's default worker identity is `<pid>@<hostname>`, and a container's
// hostname is its own. Exit 0 when healthy, 1 otherwise, with one line saying
// why (`docker inspect` keeps it).
import { hostname } from 'node:os';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { loadConfig } from '../config/index.ts';

/** A long poll lasts about a minute; twice that without a poll is a stuck worker. */
export const MAX_POLL_AGE_MS = 150_000;

type LongLike = number | string | { toNumber(): number };

export interface Poller {
  identity?: string | null;
  lastAccessTime?: { seconds?: LongLike | null; nanos?: number | null } | null;
}

function timestampMs(ts: Poller['lastAccessTime']): number | null {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return null;
  const seconds = typeof ts.seconds === 'object' ? ts.seconds.toNumber() : Number(ts.seconds);
  return seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/** Pure: did a poller from this host poll within `maxAgeMs` before `nowMs`? */
export function pollsFromHost(pollers: readonly Poller[], host: string, nowMs: number, maxAgeMs = MAX_POLL_AGE_MS): boolean {
  if (host === '') return false;
  return pollers.some((poller) => {
    const identity = poller.identity ?? '';
    if (identity !== host && !identity.endsWith(`@${host}`)) return false;
    const at = timestampMs(poller.lastAccessTime);
    return at !== null && nowMs - at <= maxAgeMs;
  });
}

async function checkWorker(): Promise<string> {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: '5s' });
  try {
    const { TaskQueueType, TaskQueueKind } = proto.temporal.api.enums.v1;
    const describe = (taskQueueType: (typeof TaskQueueType)[keyof typeof TaskQueueType]) =>
      connection.withDeadline(Date.now() + 5_000, () =>
        connection.workflowService.describeTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: { name: config.temporal.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType,
        }),
      );
    const [workflows, activities] = await Promise.all([
      describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      describe(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]);
    const host = hostname();
    const now = Date.now();
    // Either kind will do: a worker whose activity slots are all busy stops
    // polling for activities, and that is not a fault.
    const polling = pollsFromHost(workflows.pollers ?? [], host, now) || pollsFromHost(activities.pollers ?? [], host, now);
    if (!polling) {
      throw new Error(`no polls from ${host} on task queue ${config.temporal.taskQueue} in the last ${MAX_POLL_AGE_MS / 1000} s`);
    }
    return `worker on ${host} polls task queue ${config.temporal.taskQueue}`;
  } finally {
    await connection.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (target !== 'worker') {
    process.stderr.write('usage: node --import tsx deploy/healthcheck.ts worker\n');
    process.exit(2);
  }
  try {
    process.stdout.write(`healthy: ${await checkWorker()}\n`);
    process.exit(0);
  } catch (error) {
    process.stdout.write(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
