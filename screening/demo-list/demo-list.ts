// The demo list the project ships (list id `demo`): fictitious people, companies
// and a vessel, written by us and marked demo on every entry so a hit from it
// can never be mistaken for a real listing. `start` loads it on the embedded
// default when SANCTIONS_AUTO_UPDATE is false, so the demo companies still show
// how a hit looks. Viktor Petrov Sokolov is the sanctioned owner of one of the
// demo companies (providers/registry/demo-companies.ts).
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
