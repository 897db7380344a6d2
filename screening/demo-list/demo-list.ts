// The demo lists the project ships: a sanctions list (list id `demo`) of
// fictitious people, companies and a vessel, and a PEP list (`demo-pep`), written
// by us and marked demo on every entry so a hit from them can never be mistaken
// for a real listing. `start` loads both on the embedded default when
// SANCTIONS_AUTO_UPDATE is false (and the test harness's resetDatabase does too),
// so the demo companies show how a hit looks: Viktor Petrov Sokolov is the
// sanctioned owner of 35901000 and Jens Peter Vestergaard the PEP director of
// 42831042 (providers/registry/demo-companies.ts). The PEP list has its own id so
// that a real Danish PEP list (`dk-pep`) is never overwritten by the demo.
import type { ListEntity } from '../../domain/screening/entity.ts';
import type { StorableList } from '../store.ts';

const DEMO = 'DEMO-SANCTIONS (fictitious demo data)';

const entry = (sourceId: string, schema: ListEntity['schema'], names: ListEntity['names'], extra: Partial<ListEntity> = {}): ListEntity => ({
  id: `demo:${sourceId}`, list: 'demo', sourceId, schema, names,
  birthDates: [], countries: [], nationalities: [], identifiers: [], programmes: [DEMO], listedOn: '2026-01-15', demo: true,
  ...extra,
});

export const DEMO_LIST_ENTITIES: readonly ListEntity[] = [
  entry('viktor-sokolov', 'Person', [
    { full: 'Viktor Petrov Sokolov', type: 'primary' },
    { full: 'Виктор Петров Соколов', type: 'alias', originalScript: true },
    { full: 'Victor Sokolov', type: 'alias' },
  ], { birthDates: [{ kind: 'exact', date: '1961-04-12' }], countries: ['RU'], nationalities: ['RU'], gender: 'male' }),
  entry('irina-valtseva', 'Person', [
    { full: 'Irina Olegovna Valtseva', type: 'primary' },
    { full: 'Ирина Олеговна Вальцева', type: 'alias', originalScript: true },
  ], { birthDates: [{ kind: 'year', year: 1974, approximate: false }], countries: ['BY'], nationalities: ['BY'], gender: 'female' }),
  entry('karim-al-demouri', 'Person', [
    { full: 'Karim Yusuf al-Demouri', type: 'primary' },
    { full: 'Kareem Youssef Demouri', type: 'alias' },
  ], { birthDates: [{ kind: 'range', fromYear: 1968, toYear: 1970 }], countries: ['SY'], nationalities: ['SY'], gender: 'male',
    identifiers: [{ type: 'passport', value: 'DEMO0001234', country: 'SY' }] }),
  entry('nordlys-demo-shipping', 'Company', [
    { full: 'Nordlys Demo Shipping Ltd', type: 'primary' },
    { full: 'Nordlys Demo Shipping Limited', type: 'alias' },
  ], { countries: ['CY'], identifiers: [{ type: 'registration', value: 'HE-DEMO-4711', country: 'CY' }] }),
  entry('baltic-demo-trade', 'Company', [
    { full: 'Baltic Demo Trade House OOO', type: 'primary' },
    { full: 'Балтийский Демо Торговый Дом', type: 'alias', originalScript: true },
  ], { countries: ['RU'] }),
  entry('mv-demo-aurora', 'Vessel', [{ full: 'DEMO AURORA', type: 'primary' }], { countries: ['PA'], identifiers: [{ type: 'imo', value: '9999990' }] }),
];

export const DEMO_LIST: StorableList = { list: 'demo', format: 'demo', entities: [...DEMO_LIST_ENTITIES], repairs: [], publishedAt: '2026-01-15' };

const DEMO_PEP = 'PEP: member of the Folketing (fictitious demo data)';

export const DEMO_PEP_LIST_ENTITIES: readonly ListEntity[] = [
  {
    id: 'demo-pep:jens-peter-vestergaard', list: 'demo-pep', sourceId: 'jens-peter-vestergaard', schema: 'Person',
    names: [{ full: 'Jens Peter Vestergaard', type: 'primary' }],
    birthDates: [{ kind: 'exact', date: '1963-07-14' }], countries: ['DK'], nationalities: ['DK'], gender: 'male', identifiers: [],
    programmes: [DEMO_PEP], listedOn: '2026-01-15', demo: true,
  },
];

export const DEMO_PEP_LIST: StorableList = { list: 'demo-pep', format: 'demo', entities: [...DEMO_PEP_LIST_ENTITIES], repairs: [], publishedAt: '2026-01-15' };

/** Every shipped demo list, in the order they are stored. */
export const DEMO_LISTS: readonly StorableList[] = [DEMO_LIST, DEMO_PEP_LIST];
