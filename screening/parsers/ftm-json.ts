// Parser for FollowTheMoney entity exports as JSON lines (OpenSanctions and
// compatible datasets, for customers licensed for them). Only screenable
// schemata are taken; addresses, sanctions and other linked records are skipped.
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes } from '../decode-text.ts';
import { EntityBuilder, identifierType, parseListDate } from './entity-builder.ts';
import type { EntitySchema, ListEntity } from '../../domain/screening/entity.ts';
import type { ParseOptions } from './un-xml.ts';

const WHAT = 'FollowTheMoney JSON lines (ftm-json)';

const SCHEMATA: Record<string, EntitySchema> = {
  Person: 'Person', Company: 'Company', Organization: 'Organization', LegalEntity: 'LegalEntity', PublicBody: 'Organization',
  Vessel: 'Vessel', Airplane: 'Aircraft',
};

const ID_PROPERTIES: Record<string, string> = {
  passportNumber: 'passport', idNumber: 'national id', registrationNumber: 'registration', taxNumber: 'tax', innCode: 'tax',
  ogrnCode: 'registration', leiCode: 'lei', imoNumber: 'imo', swiftBic: 'swift', vatCode: 'tax',
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function parseFtmJson(bytes: Uint8Array, options: ParseOptions & { dataset?: string } = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  const text = decodeListBytes(bytes, repairs, { repair, what: WHAT });
  const entities: ListEntity[] = [];
  let dataset = options.dataset;
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new ListFormatError(`${WHAT}: line ${i + 1} is not a JSON object${i === lines.length - 1 || i === lines.length - 2 ? ' (truncated file?)' : ''}`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new ListFormatError(`${WHAT}: line ${i + 1} is not a JSON object`);
    const r = record as { id?: unknown; schema?: unknown; properties?: Record<string, unknown>; datasets?: unknown; target?: unknown };
    if (typeof r.id !== 'string' || typeof r.schema !== 'string' || typeof r.properties !== 'object' || r.properties === null) {
      throw new ListFormatError(`${WHAT}: line ${i + 1} lacks "id", "schema" or "properties": not a FollowTheMoney entity`);
    }
    const schema = SCHEMATA[r.schema];
    if (!schema || r.target === false) { skipped++; return; }
    dataset ??= strings(r.datasets)[0];
    const p = r.properties;
    const list = `ftm:${(dataset ?? 'default').toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 64)}`;
    const b = new EntityBuilder(list, r.id.slice(0, 190), schema);
    strings(p['name']).forEach((n, k) => b.addName(n, k === 0 ? 'primary' : 'alias'));
    for (const n of strings(p['alias'])) b.addName(n, 'alias');
    for (const n of strings(p['previousName'])) b.addName(n, 'alias');
    for (const n of strings(p['weakAlias'])) b.addName(n, 'weak_alias');
    if (!b.hasNames()) throw new ListFormatError(`${WHAT}: entity ${r.id} (line ${i + 1}) has no name`);
    for (const d of strings(p['birthDate'])) b.addBirthDate(parseListDate(d));
    for (const c of strings(p['nationality'])) b.addCountry(c, 'nationality');
    for (const c of strings(p['citizenship'])) b.addCountry(c, 'nationality');
    for (const c of [...strings(p['country']), ...strings(p['jurisdiction']), ...strings(p['flag'])]) b.addCountry(c, 'country');
    for (const [prop, type] of Object.entries(ID_PROPERTIES)) for (const v of strings(p[prop])) b.addIdentifier(identifierType(type), v);
    const gender = strings(p['gender'])[0]?.toLowerCase();
    if (gender === 'male' || gender === 'female') b.gender = gender;
    for (const prog of [...strings(p['program']), ...strings(p['programId'])]) b.addProgramme(prog);
    const listed = strings(p['createdAt'])[0] ?? strings(p['listingDate'])[0];
    if (listed && /^\d{4}-\d{2}-\d{2}/.test(listed)) b.listedOn = listed.slice(0, 10);
    entities.push(b.build(`${WHAT}, line ${i + 1}`));
  });
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: no Person, Company, Organization, LegalEntity, Vessel or Airplane entities${skipped ? ` (${skipped} other records)` : ''}`);
  if (skipped > 0) repairs.add('non-screenable-records-skipped', `${skipped} records`, skipped);
  const list = entities[0]!.list;
  return { format: 'ftm-json', list, entities, repairs: repairs.list() };
}
