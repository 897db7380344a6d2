// Parser for OFAC's legacy SDN CSV (sdn.csv: ent_num, name, type, programs,
// ..., remarks; "-0-" means empty) with the optional alt.csv of aliases.
// Birth dates, nationalities, gender, identifiers and a.k.a.s that the legacy
// layout keeps inside the free-text remarks are read from there.
import { parse } from 'csv-parse/sync';
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes } from '../decode-text.ts';
import { EntityBuilder, identifierType, parseListDate } from './entity-builder.ts';
import type { EntitySchema, ListEntity } from '../../domain/screening/entity.ts';
import type { ParseOptions } from './un-xml.ts';

const WHAT = 'OFAC SDN CSV (ofac-sdn-csv)';

function field(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === '-0-' ? '' : v;
}

function readRows(bytes: Uint8Array, what: string, columns: number, repairs: RepairLog, repair: boolean): string[][] {
  const text = decodeListBytes(bytes, repairs, { repair, what }).replace(/\u001a\s*$/, '');
  if (/^\s*<|^\s*\{|^PK/.test(text)) throw new ListFormatError(`${what}: the file looks like XML, JSON or a spreadsheet, not CSV`);
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, relax_quotes: false }) as string[][];
  } catch (error) {
    throw new ListFormatError(`${what}: not valid CSV (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (rows[0]?.[0]?.trim().toLowerCase() === 'ent_num') rows = rows.slice(1);
  rows.forEach((row, i) => {
    if (row.length !== columns || !/^\d+$/.test(row[0]!.trim())) {
      throw new ListFormatError(`${what}: row ${i + 1} has ${row.length} columns${row.length === columns ? ' and a non-numeric entry number' : ` (expected ${columns})`}; this is not that layout or the file is truncated`);
    }
  });
  if (rows.length === 0) throw new ListFormatError(`${what}: no rows`);
  return rows;
}

function schemaOf(type: string, name: string): EntitySchema {
  switch (type.toLowerCase()) {
    case 'individual': return 'Person';
    case 'vessel': return 'Vessel';
    case 'aircraft': return 'Aircraft';
    default: return /\b(LTD|LLC|INC|CORP|S\.?A\.?|GMBH|CO\.|COMPANY|LIMITED|JSC|OOO|AG|B\.?V\.?|LTDA|S\.?L\.?)\b/i.test(name) ? 'Company' : 'Organization';
  }
}

/** Reads the facts OFAC keeps in remarks ("DOB 30 Jul 1957; alt. DOB 1958; a.k.a. 'X'; Passport 83860 (Sudan)"). */
function readRemarks(b: EntityBuilder, remarks: string): void {
  for (const raw of remarks.split(/;\s*/)) {
    const part = raw.trim().replace(/\.$/, '').replace(/^alt\.\s*/i, '');
    let m: RegExpExecArray | null;
    if ((m = /^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'(.+)'$/i.exec(part))) {
      const alias = m[2]!;
      // single-word a.k.a.s in remarks are nicknames: OFAC calls them weak
      b.addName(alias, /\s/.test(alias.trim()) ? 'alias' : 'weak_alias');
    } else if ((m = /^DOB\s+(.+)$/i.exec(part))) {
      b.addBirthDate(parseListDate(m[1]));
    } else if ((m = /^(nationality|citizen)\s+(.+)$/i.exec(part))) {
      b.addCountry(m[2], 'nationality');
    } else if ((m = /^Gender\s+(Male|Female)$/i.exec(part))) {
      b.gender = m[1]!.toLowerCase() as 'male' | 'female';
    } else if ((m = /^(Passport|National ID No\.|Cedula No\.|Registration Number|Tax ID No\.|Registration ID|Company Number|Business Registration (?:Document|Number) #?|Vessel Registration Identification|Identification Number|V\.A\.T\. Number|NIT #|RFC|CURP #|C\.U\.I\.T\.|SWIFT\/BIC|Legal Entity Number|Personal ID Card|D-U-N-S Number)\s+(.+?)(?:\s*\(([^)]+)\))?$/i.exec(part))) {
      const value = m[2]!.replace(/^IMO\s+/i, '');
      b.addIdentifier(identifierType(m[1]!.startsWith('Vessel') ? 'imo' : m[1]!), value, m[3]);
    }
  }
}

export function parseOfacSdnCsv(bytes: Uint8Array, options: ParseOptions & { aliases?: Uint8Array } = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  const rows = readRows(bytes, WHAT, 12, repairs, repair);
  const builders = new Map<string, EntityBuilder>();
  for (const row of rows) {
    const id = row[0]!.trim();
    const name = field(row[1]);
    const b = new EntityBuilder('ofac', id, schemaOf(field(row[2]), name));
    b.addName(name, 'primary');
    for (const p of field(row[3]).split(/\]\s*\[/)) b.addProgramme(p.replace(/[[\]]/g, ''));
    if (b.schema === 'Vessel') b.addCountry(field(row[9]), 'country');
    readRemarks(b, field(row[11]));
    builders.set(id, b);
  }
  if (options.aliases) {
    const what = 'OFAC alt.csv (--aliases)';
    for (const row of readRows(options.aliases, what, 5, repairs, repair)) {
      const b = builders.get(row[0]!.trim());
      if (!b) { repairs.add('alias-for-unknown-entry-ignored', `ent_num ${row[0]!.trim()}`); continue; }
      const type = field(row[2]).toLowerCase();
      b.addName(field(row[3]), type === 'weak aka' || /weak/i.test(field(row[4])) ? 'weak_alias' : 'alias');
    }
  }
  const entities: ListEntity[] = [];
  let line = 0;
  for (const [id, b] of builders) {
    line++;
    if (!b.hasNames()) throw new ListFormatError(`${WHAT}: entry ${id} (row ${line}) has no name`);
    entities.push(b.build(`${WHAT}, row ${line}`));
  }
  return { format: 'ofac-sdn-csv', list: 'ofac', entities, repairs: repairs.list() };
}
