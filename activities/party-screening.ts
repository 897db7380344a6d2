// How a case screens its parties: a small port in front of the screening
// engine, so the case activities do not care whether the index lives in this
// process (today: screening/index.ts over the shipped demo entities) or behind
// the screening service another engineer is adding.
import { ScreeningIndex } from '../screening/index.ts';
import type { ListEntity } from '../domain/screening/entity.ts';
import type { Explanation, ScreeningQuery } from '../domain/screening/score.ts';

export interface ScreenedHit {
  entityId: string;
  list: string;
  name: string;
  primaryName: string;
  score: number;
  explanation: Explanation;
  /** What the case page shows beside the party: the listed facts. */
  entity: { schema: string; birthDates: unknown[]; countries: string[]; nationalities: string[]; programmes: string[]; demo: boolean };
  /** PEP lists are not sanctions: the risk model tells them apart. */
  category: 'sanctions' | 'pep';
}

export interface PartyScreener {
  screen(query: ScreeningQuery): Promise<ScreenedHit[]>;
}

/**
 * Fictitious entries matching the demo companies (providers/registry), marked
 * demo so every hit says so. The sanctions entry carries the same name, birth
 * date and nationality as the screening engine's shipped demo list.
 */
export const DEMO_SCREENING_ENTITIES: ListEntity[] = [
  {
    id: 'demo:viktor-sokolov', list: 'demo', sourceId: 'viktor-sokolov', schema: 'Person',
    names: [{ full: 'Viktor Petrov Sokolov', type: 'primary' }, { full: 'Виктор Петров Соколов', type: 'alias', originalScript: true }],
    birthDates: [{ kind: 'exact', date: '1961-04-12' }], countries: ['RU'], nationalities: ['RU'], identifiers: [],
    programmes: ['DEMO-SANCTIONS'], demo: true,
  },
  {
    id: 'dk-pep:demo-vestergaard', list: 'dk-pep', sourceId: 'demo-vestergaard', schema: 'Person',
    names: [{ full: 'Jens Peter Vestergaard', type: 'primary' }],
    birthDates: [{ kind: 'exact', date: '1963-07-14' }], countries: ['DK'], nationalities: ['DK'], identifiers: [],
    programmes: ['PEP: member of the Folketing (demo)'], demo: true,
  },
];

export function createIndexScreener(entities: readonly ListEntity[] = DEMO_SCREENING_ENTITIES): PartyScreener {
  const index = ScreeningIndex.build(entities);
  const byId = new Map(entities.map((e) => [e.id, e]));
  return {
    async screen(query) {
      return index.search(query, { limit: 10 }).filter((h) => h.match).map((h) => {
        const e = byId.get(h.entityId)!;
        return {
          entityId: h.entityId, list: h.list, name: h.name, primaryName: h.primaryName, score: h.score, explanation: h.explanation,
          entity: { schema: e.schema, birthDates: e.birthDates, countries: e.countries, nationalities: e.nationalities, programmes: e.programmes, demo: e.demo === true },
          category: e.list === 'dk-pep' ? 'pep' : 'sanctions',
        };
      });
    },
  };
}
