// Worker thread of rescreenPartiesParallel: builds its own index over the
// entities it was handed, screens its slice of the parties, reports progress.
import { parentPort, workerData } from 'node:worker_threads';
import type { ListEntity } from '../domain/screening/entity.ts';
import { rescreenParties, type PartyQuery } from './rescreen.ts';

const data = workerData as { entities: ListEntity[]; parties: PartyQuery[]; threshold?: number; limit?: number; progressEvery?: number };
try {
  const result = rescreenParties(data.entities, data.parties, {
    ...(data.threshold !== undefined ? { threshold: data.threshold } : {}),
    ...(data.limit !== undefined ? { limit: data.limit } : {}),
    progressEvery: data.progressEvery ?? 500,
    onProgress: (done) => parentPort!.postMessage({ kind: 'progress', done }),
  });
  parentPort!.postMessage({ kind: 'done', result });
} catch (error) {
  parentPort!.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
