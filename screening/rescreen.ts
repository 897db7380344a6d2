// Re-screening parties when a list changes. Monitoring calls
// `rescreenAgainstVersion(knex, versionId, parties)`: it builds a small index over
// only the entities the new version added or changed, so each party is compared
// with the few changed entries that share a blocking key with it, never with the
// whole list; removed entities cannot raise new hits. `rescreenParties` does the
// same over any entity set on one thread; `rescreenPartiesParallel` spreads a
// large batch (a full re-screen) over worker threads, each with its own index.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Knex } from '../db/knex.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import { DEFAULT_MATCH_THRESHOLD, type ScreeningQuery } from '../domain/screening/score.ts';
import { ScreeningIndex, type SearchHit } from './index.ts';
import { entityContentHash, versionChanges } from './store.ts';

/** One party to screen: the caller's id (e.g. the case party id) and what is known of it. */
export interface PartyQuery {
  partyId: string;
  query: ScreeningQuery;
}

export interface RescreenHit {
  partyId: string;
  hit: SearchHit;
  /** The entity's content hash in the version screened: dismissed hits are remembered per hash. */
  contentHash: string;
}

export interface RescreenResult {
  parties: number;
  /** Entities screened against (for a version: added + changed). */
  entities: number;
  /** (party, entity) pairs fully scored; candidate retrieval keeps this far below parties × entities. */
  comparisons: number;
  /** Matches at or above the threshold, in party order, best first per party. */
  hits: RescreenHit[];
}

export interface RescreenOptions {
  threshold?: number;
  /** Most hits per party. */
  limit?: number;
  /** Called every `progressEvery` parties with how many are done (heartbeats, progress figures). */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Screen parties against an entity set on this thread. */
export function rescreenParties(entities: readonly ListEntity[], parties: readonly PartyQuery[], options: RescreenOptions = {}): RescreenResult {
  const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
  const every = options.progressEvery ?? 500;
  const index = ScreeningIndex.build(entities);
  const hashes = new Map(entities.map((e) => [e.id, entityContentHash(e)]));
  const stats = { comparisons: 0 };
  const hits: RescreenHit[] = [];
  parties.forEach((party, i) => {
    for (const hit of index.search(party.query, { threshold, limit: options.limit ?? 10, stats })) {
      if (hit.match) hits.push({ partyId: party.partyId, hit, contentHash: hashes.get(hit.entityId)! });
    }
    if ((i + 1) % every === 0 || i + 1 === parties.length) options.onProgress?.(i + 1, parties.length);
  });
  return { parties: parties.length, entities: entities.length, comparisons: stats.comparisons, hits };
}

export interface ParallelOptions extends RescreenOptions {
  /** Worker threads (default: the machine's cores; `rescreenAgainstVersion` defaults to 1). Below `minPartiesPerThread` per thread it runs on this thread. */
  threads?: number;
  minPartiesPerThread?: number;
}

type WorkerMessage = { kind: 'progress'; done: number } | { kind: 'done'; result: RescreenResult } | { kind: 'error'; message: string };

/** The same as `rescreenParties`, spread over worker threads (each builds its own index). */
export async function rescreenPartiesParallel(entities: readonly ListEntity[], parties: readonly PartyQuery[], options: ParallelOptions = {}): Promise<RescreenResult> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(parties.length / (options.minPartiesPerThread ?? 1000)) || 1));
  if (threads === 1) return rescreenParties(entities, parties, options);
  const size = Math.ceil(parties.length / threads);
  const done = new Array<number>(threads).fill(0);
  const results = await Promise.all(Array.from({ length: threads }, (_, t) => new Promise<RescreenResult>((resolve, reject) => {
    const slice = parties.slice(t * size, (t + 1) * size);
    const worker = new Worker(new URL('./rescreen-worker.ts', import.meta.url), {
      workerData: { entities, parties: slice, threshold: options.threshold, limit: options.limit, progressEvery: options.progressEvery },
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') {
        done[t] = message.done;
        options.onProgress?.(done.reduce((a, b) => a + b, 0), parties.length);
      } else if (message.kind === 'done') {
        resolve(message.result);
        void worker.terminate();
      } else {
        reject(new Error(`re-screening worker failed: ${message.message}`));
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`re-screening worker exited with ${code}`)); });
  })));
  return {
    parties: parties.length,
    entities: entities.length,
    comparisons: results.reduce((a, r) => a + r.comparisons, 0),
    hits: results.flatMap((r) => r.hits),
  };
}

export interface VersionRescreenResult extends RescreenResult {
  versionId: string;
  list: string;
  /** Entities the version removed: their open hits may be closed; they raise nothing new. */
  removed: string[];
}

/**
 * Re-screen parties against only what a new list version added or changed.
 * This is the function monitoring calls when a version lands. One thread unless
 * `threads` says otherwise: on the project's 2-vCPU machine worker threads were
 * slower than one thread (bench/README.md, Screening).
 */
export async function rescreenAgainstVersion(knex: Knex, versionId: string, parties: readonly PartyQuery[], options: ParallelOptions = {}): Promise<VersionRescreenResult> {
  const changes = await versionChanges(knex, versionId);
  const result = changes.entities.length === 0
    ? { parties: parties.length, entities: 0, comparisons: 0, hits: [] }
    : (options.threads ?? 1) > 1 ? await rescreenPartiesParallel(changes.entities, parties, options) : rescreenParties(changes.entities, parties, options);
  return { ...result, versionId, list: changes.list, removed: changes.removed };
}
