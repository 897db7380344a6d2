// The screening index over the current list versions, for the API and the
// activities: built from Postgres and rebuilt when a new list version lands.
// The worker builds it at start (`refresh()`) and `watch()`es for new versions
// in the background, so a new version is indexed when it lands, not on the
// next search. Whether one landed is checked (one small query) at most every
// `checkEveryMs` on use; `refresh()` checks at once. While a rebuild runs,
// callers wait for it: a search never sees half an index.
import type { Knex } from '../db/knex.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import type { ScreeningQuery } from '../domain/screening/score.ts';
import { ScreeningIndex, type SearchHit, type SearchOptions } from './index.ts';
import { currentEntities, currentVersionsSignature } from './store.ts';

export interface CurrentIndex {
  index: ScreeningIndex;
  /** `list@version,...` of the versions the index holds. */
  signature: string;
  builtAt: Date;
  entityById: ReadonlyMap<string, ListEntity>;
  /** Content hash of each entity in its current version: hit decisions are remembered per hash. */
  contentHash: ReadonlyMap<string, string>;
}

export interface IndexService {
  current(): Promise<CurrentIndex>;
  search(query: ScreeningQuery, options?: SearchOptions): Promise<SearchHit[]>;
  /** Check for a new version now instead of waiting for the next interval. */
  refresh(): Promise<CurrentIndex>;
  /**
   * Check every `everyMs` in the background and rebuild when a new version
   * landed; returns a stop function. A failed check is reported and retried.
   */
  watch(everyMs: number, onError?: (error: unknown) => void): () => void;
  /** The index as it stands, without checking (null before the first build). */
  peek(): CurrentIndex | null;
}

export function createIndexService(knex: Knex, options: { checkEveryMs?: number; now?: () => number } = {}): IndexService {
  const checkEveryMs = options.checkEveryMs ?? 5_000;
  const now = options.now ?? Date.now;
  let current: CurrentIndex | null = null;
  let checkedAt = -Infinity;
  let pending: Promise<CurrentIndex> | null = null;

  async function build(signature: string): Promise<CurrentIndex> {
    const { entities, hashes } = await currentEntities(knex);
    return { index: ScreeningIndex.build(entities), signature, builtAt: new Date(), entityById: new Map(entities.map((e) => [e.id, e])), contentHash: hashes };
  }

  function check(): Promise<CurrentIndex> {
    pending ??= (async () => {
      try {
        const signature = await currentVersionsSignature(knex);
        checkedAt = now();
        if (!current || current.signature !== signature) current = await build(signature);
        return current;
      } finally {
        pending = null;
      }
    })();
    return pending;
  }

  async function currentIndex(): Promise<CurrentIndex> {
    if (current && now() - checkedAt < checkEveryMs) return current;
    return check();
  }

  return {
    current: currentIndex,
    refresh: check,
    async search(query, searchOptions) {
      const { index } = await currentIndex();
      return index.search(query, searchOptions);
    },
    watch(everyMs, onError) {
      const timer = setInterval(() => { check().catch((error: unknown) => onError?.(error)); }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    peek: () => current,
  };
}
