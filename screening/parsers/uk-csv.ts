// Parser for the UK sanctions list CSV in both layouts: the current FCDO "UK
// Sanctions List" (Report Date line, 58 columns, Unique ID, Name type, Alias
// strength) and the former HM Treasury/OFSI consolidated list (Last Updated
// line, Group ID, Alias Type). Both have one row per name; rows are grouped
// into one entity by their id.
import { parse } from 'csv-parse/sync';
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes } from '../decode-text.ts';
import { EntityBuilder, identifierType, isoDateOnly, parseListDate } from './entity-builder.ts';
import type { EntitySchema, ListEntity, NameType } from '../../domain/screening/entity.ts';
import type { ParseOptions } from './un-xml.ts';

const WHAT = 'UK sanctions list CSV (uk-csv)';

interface Layout {
  name: 'fcdo' | 'hmt';
  id: string;
  nameType: string;
  strength: string | null;
  designation: string;
  dob: string;
  nationality: string;
  passport: string;
  nationalId: string;
  country: string;
  listedOn: string;
  regime: string;
  gender: string | null;
  registration: string | null;
  imo: string | null;
}

const FCDO: Layout = { name: 'fcdo', id: 'Unique ID', nameType: 'Name type', strength: 'Alias strength', designation: 'Designation Type', dob: 'D.O.B', nationality: 'Nationality(/ies)', passport: 'Passport number', nationalId: 'National Identifier number', country: 'Address Country', listedOn: 'Date Designated', regime: 'Regime Name', gender: 'Gender', registration: 'Business registration number (s)', imo: 'IMO number' };
const HMT: Layout = { name: 'hmt', id: 'Group ID', nameType: 'Alias Type', strength: 'Alias Quality', designation: 'Group Type', dob: 'DOB', nationality: 'Nationality', passport: 'Passport Number', nationalId: 'National Identification Number', country: 'Country', listedOn: 'Listed On', regime: 'Regime', gender: null, registration: null, imo: null };

function schemaOf(type: string): EntitySchema {
  const t = type.toLowerCase();
  if (t === 'individual') return 'Person';
  if (t === 'ship') return 'Vessel';
  return 'Organization';
}

function nameTypeOf(nameType: string, strength: string): NameType {
  const t = nameType.toLowerCase();
  if (t.startsWith('prim')) return t.includes('variation') ? 'alias' : 'primary';
  return /low/i.test(strength) ? 'weak_alias' : 'alias';
}

export function parseUkCsv(bytes: Uint8Array, options: ParseOptions = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  const text = decodeListBytes(bytes, repairs, { repair, what: WHAT });
  if (/^\s*</.test(text)) throw new ListFormatError(`${WHAT}: the file is XML, not the UK CSV`);
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ListFormatError(`${WHAT}: not valid CSV (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const headerAt = rows.slice(0, 3).findIndex((r) => r.includes('Name 6') && (r.includes('Unique ID') || r.includes('Group ID')));
  if (headerAt < 0) throw new ListFormatError(`${WHAT}: no header with "Name 6" and "Unique ID" (FCDO) or "Group ID" (HMT) in the first lines; this is not a UK sanctions list CSV`);
  const header = rows[headerAt]!;
  const layout = header.includes('Unique ID') ? FCDO : HMT;
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const get = (row: string[], name: string | null) => (name && col.has(name) ? (row[col.get(name)!] ?? '').trim() : '');
  const first = rows[0]?.[0] ?? '';
  const publishedAt = isoDateOnly(layout.name === 'hmt' ? rows[0]?.[1] : first.replace(/^Report Date:\s*/i, '').replace(/-/g, ' '));
  const builders = new Map<string, EntityBuilder>();
  rows.slice(headerAt + 1).forEach((row, i) => {
    const line = headerAt + 2 + i;
    if (row.length < header.length - 1) throw new ListFormatError(`${WHAT}: line ${line} has ${row.length} columns, the header has ${header.length} (truncated file?)`);
    const id = get(row, layout.id);
    if (!id) throw new ListFormatError(`${WHAT}: line ${line} has no ${layout.id}`);
    let b = builders.get(id);
    if (!b) {
      b = new EntityBuilder('uk', id, schemaOf(get(row, layout.designation)));
      builders.set(id, b);
    }
    // FCDO puts the surname in "Name 6"; order does not matter for matching, reading order does for people
    const parts = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'].map((c) => get(row, c)).filter(Boolean);
    b.addName(parts.join(' '), nameTypeOf(get(row, layout.nameType), get(row, layout.strength)));
    const nonLatin = get(row, layout.name === 'fcdo' ? 'Name non-latin script' : 'Name Non-Latin Script');
    if (nonLatin) b.addName(nonLatin, 'alias', true);
    for (const d of get(row, layout.dob).split('|')) b.addBirthDate(parseListDate(d));
    for (const n of get(row, layout.nationality).split(/[|,]/)) b.addCountry(n.replace(/^\s*\(\d+\)\s*/, ''), 'nationality');
    b.addCountry(get(row, layout.country), 'country');
    for (const p of get(row, layout.passport).split('|')) b.addIdentifier('passport', p);
    for (const p of get(row, layout.nationalId).split('|')) b.addIdentifier('national_id', p);
    for (const p of get(row, layout.registration).split('|')) b.addIdentifier(identifierType('registration'), p);
    const imo = get(row, layout.imo).replace(/^IMO\s*/i, '');
    if (imo) b.addIdentifier('imo', imo);
    const gender = get(row, layout.gender).toLowerCase();
    if (gender === 'male' || gender === 'female') b.gender = gender;
    b.addProgramme(get(row, layout.regime));
    b.listedOn ??= isoDateOnly(get(row, layout.listedOn));
  });
  const entities: ListEntity[] = [];
  for (const [id, b] of builders) {
    if (!b.hasNames()) throw new ListFormatError(`${WHAT}: ${layout.id} ${id} has no name`);
    entities.push(b.build(WHAT));
  }
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: no entries`);
  return { format: 'uk-csv', list: 'uk', entities, repairs: repairs.list(), ...(publishedAt ? { publishedAt } : {}) };
}
