// Accumulates one list entity while a parser walks its record, dropping empty
// and duplicate values, and validates the result against the domain schema so
// that no parser can hand a malformed entity to the index or the store.
import { ListEntitySchema, normaliseIdentifierValue, type BirthDate, type EntitySchema, type Identifier, type IdentifierType, type ListEntity, type ListId, type NameType } from '../../domain/screening/entity.ts';
import { countryCode } from '../../domain/screening/countries.ts';
import { cleanName } from '../../domain/screening/normalise.ts';
import { ListFormatError } from '../list-format.ts';

export class EntityBuilder {
  private readonly names: ListEntity['names'] = [];
  private readonly birthDates: BirthDate[] = [];
  private readonly countries = new Set<string>();
  private readonly nationalities = new Set<string>();
  private readonly identifiers: Identifier[] = [];
  private readonly programmes = new Set<string>();
  gender: 'male' | 'female' | undefined;
  listedOn: string | undefined;

  constructor(readonly list: ListId, readonly sourceId: string, public schema: EntitySchema) {}

  addName(full: string | undefined | null, type: NameType, originalScript = false): void {
    const name = cleanName(full ?? '');
    if (!name || !/[\p{L}\p{N}]/u.test(name)) return;
    const existing = this.names.find((n) => n.full.toLowerCase() === name.toLowerCase());
    if (existing) {
      // the same spelling listed twice keeps its strongest type
      if (type === 'primary' || (type === 'alias' && existing.type === 'weak_alias')) existing.type = type;
      return;
    }
    this.names.push(originalScript ? { full: name.slice(0, 2000), type, originalScript } : { full: name.slice(0, 2000), type });
  }

  hasNames(): boolean {
    return this.names.length > 0;
  }

  addBirthDate(date: BirthDate | null | undefined): void {
    if (!date) return;
    const key = JSON.stringify(date);
    if (!this.birthDates.some((d) => JSON.stringify(d) === key)) this.birthDates.push(date);
  }

  /** Adds when the country can be resolved; returns whether it could. */
  addCountry(raw: string | undefined | null, role: 'country' | 'nationality'): boolean {
    const code = countryCode(raw);
    if (!code) return false;
    (role === 'nationality' ? this.nationalities : this.countries).add(code);
    return true;
  }

  addIdentifier(type: IdentifierType, value: string | undefined | null, country?: string | null): void {
    const v = (value ?? '').replace(/\s+/g, ' ').trim();
    if (normaliseIdentifierValue(v).length < 3) return;
    const code = countryCode(country) ?? undefined;
    if (this.identifiers.some((i) => i.type === type && normaliseIdentifierValue(i.value) === normaliseIdentifierValue(v))) return;
    this.identifiers.push(code ? { type, value: v.slice(0, 200), country: code } : { type, value: v.slice(0, 200) });
  }

  addProgramme(raw: string | undefined | null): void {
    const p = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (p) this.programmes.add(p.slice(0, 200));
  }

  build(where: string): ListEntity {
    const entity = {
      id: `${this.list}:${this.sourceId}`,
      list: this.list,
      sourceId: this.sourceId,
      schema: this.schema,
      names: this.names,
      birthDates: this.birthDates,
      countries: [...this.countries],
      nationalities: [...this.nationalities],
      ...(this.gender ? { gender: this.gender } : {}),
      identifiers: this.identifiers,
      programmes: [...this.programmes],
      ...(this.listedOn ? { listedOn: this.listedOn } : {}),
    };
    const parsed = ListEntitySchema.safeParse(entity);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ListFormatError(`${where}: entry ${this.sourceId} is invalid (${issue.path.join('.') || 'entry'}: ${issue.message})`);
    }
    return parsed.data;
  }
}

/** Merge entries that a list repeats under one id (the EU file does): names and facts are unioned. */
export function mergeDuplicates(entities: ListEntity[]): ListEntity[] {
  const byId = new Map<string, ListEntity>();
  for (const e of entities) {
    const prior = byId.get(e.id);
    if (!prior) { byId.set(e.id, e); continue; }
    const names = [...prior.names];
    for (const n of e.names) if (!names.some((m) => m.full.toLowerCase() === n.full.toLowerCase())) names.push(n);
    const uniq = <T>(xs: T[]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
    byId.set(e.id, {
      ...prior,
      names,
      birthDates: uniq([...prior.birthDates, ...e.birthDates]),
      countries: uniq([...prior.countries, ...e.countries]),
      nationalities: uniq([...prior.nationalities, ...e.nationalities]),
      identifiers: uniq([...prior.identifiers, ...e.identifiers]),
      programmes: uniq([...prior.programmes, ...e.programmes]),
    });
  }
  return [...byId.values()];
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Birth dates as lists write them: 1964-07-17, 17/07/1964 (00 for unknown), "30 Jul 1957", "circa 1958", "1976 to 1978", "Jan 1960". */
export function parseListDate(raw: string | undefined | null, approximate = false): BirthDate | null {
  const text = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return null;
  const circa = approximate || /\b(circa|approx\.?|approximately|about|c\.)\s*/i.test(text);
  const t = text.replace(/\b(circa|approx\.?|approximately|about|c\.)\s*/gi, '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo === 0) return { kind: 'year', year: y, approximate: circa };
    if (d === 0) return { kind: 'month', year: y, month: mo };
    return validDay(y, mo, d) ? { kind: 'exact', date: `${y}-${pad(mo)}-${pad(d)}` } : null;
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo === 0 || mo > 12) return { kind: 'year', year: y, approximate: circa };
    if (d === 0) return { kind: 'month', year: y, month: mo };
    return validDay(y, mo, d) ? { kind: 'exact', date: `${y}-${pad(mo)}-${pad(d)}` } : { kind: 'month', year: y, month: mo };
  }
  m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[2]!.toLowerCase()]) {
    const [d, mo, y] = [Number(m[1]), MONTHS[m[2]!.toLowerCase()]!, Number(m[3])];
    return validDay(y, mo, d) ? { kind: 'exact', date: `${y}-${pad(mo)}-${pad(d)}` } : null;
  }
  m = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[1]!.toLowerCase()]) return { kind: 'month', year: Number(m[2]), month: MONTHS[m[1]!.toLowerCase()]! };
  m = /^(?:\d{1,2} [A-Za-z]{3} )?(\d{4}) (?:to|-) (?:\d{1,2} [A-Za-z]{3} )?(\d{4})$/.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a <= b ? { kind: 'range', fromYear: a, toYear: b } : null;
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return { kind: 'year', year: Number(m[1]), approximate: circa };
  return null;
}

export function isoDateOnly(raw: string | undefined | null): string | undefined {
  const d = parseListDate(raw);
  return d?.kind === 'exact' ? d.date : undefined;
}

/** Map a document type as lists word it to the model's identifier types. */
export function identifierType(raw: string): IdentifierType {
  const t = raw.toLowerCase();
  if (t.includes('passport')) return 'passport';
  if (t.includes('imo') || t.includes('vessel registration')) return 'imo';
  if (t.includes('lei') || t.includes('legal entity number')) return 'lei';
  if (t.includes('swift') || t.includes('bic')) return 'swift';
  if (t.includes('tax') || t.includes('inn') || t.includes('vat') || t.includes('nit') || t.includes('rfc') || t.includes('ruc') || t.includes('cuit')) return 'tax';
  if (t.includes('registration') || t.includes('company number') || t.includes('business') || t.includes('cvr') || t.includes('ogrn') || t.includes('d-u-n-s') || t.includes('commercial')) return 'registration';
  if (t.includes('national') || t.includes('identity') || t.includes('id no') || t.includes('id card') || t.includes('cedula') || t.includes('curp') || t === 'id' || t.includes('personal')) return 'national_id';
  return 'other';
}
