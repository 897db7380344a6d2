// Screening a case party against the stored lists: the one way the case
// activities screen. The index service holds the current list versions in
// memory (built at worker start, rebuilt when a new version lands); each screen
// first checks (one small query) that no newer version has landed, so a case
// never screens against a superseded list. Hits carry the listed facts a case
// page shows, the entity's content hash (a dismissed hit is remembered per hash)
// and whether the list is a sanctions or a PEP list.
import type { Knex } from '../db/knex.ts';
import type { BirthDate } from '../domain/screening/entity.ts';
import type { Explanation, ScreeningQuery } from '../domain/screening/score.ts';
import { createIndexService, type IndexService } from './index-service.ts';

export interface StoredScreenedHit {
  entityId: string;
  list: string;
  name: string;
  primaryName: string;
  score: number;
  explanation: Explanation;
  contentHash: string;
  entity: { schema: string; birthDates: BirthDate[]; countries: string[]; nationalities: string[]; programmes: string[]; demo: boolean };
  category: 'sanctions' | 'pep';
}

export interface StoredScreener {
  screen(query: ScreeningQuery, options?: { threshold?: number; limit?: number }): Promise<StoredScreenedHit[]>;
  readonly index: IndexService;
}

/** PEP lists are not sanctions lists: the risk model weighs them differently. */
export function listCategory(list: string): 'sanctions' | 'pep' {
  return list === 'dk-pep' || list === 'demo-pep' ? 'pep' : 'sanctions';
}

export function createStoredScreener(knex: Knex, options: { index?: IndexService; checkEveryMs?: number } = {}): StoredScreener {
  const index = options.index ?? createIndexService(knex, { checkEveryMs: options.checkEveryMs ?? 0 });
  return {
    index,
    async screen(query, screenOptions = {}) {
      const current = await index.refresh();
      const hits = current.index.search(query, { limit: screenOptions.limit ?? 10, ...(screenOptions.threshold !== undefined ? { threshold: screenOptions.threshold } : {}) });
      return hits.filter((h) => h.match).map((h) => {
        const e = current.entityById.get(h.entityId)!;
        return {
          entityId: h.entityId, list: h.list, name: h.name, primaryName: h.primaryName, score: h.score, explanation: h.explanation,
          contentHash: current.contentHash.get(h.entityId)!,
          entity: { schema: e.schema, birthDates: e.birthDates, countries: e.countries, nationalities: e.nationalities, programmes: e.programmes, demo: e.demo === true },
          category: listCategory(e.list),
        };
      });
    },
  };
}
