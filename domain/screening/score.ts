// Scores one screening query against one listed entity: the best name score
// over the entity's names, then the supporting facts. A disagreeing birth
// date, country or gender lowers it, a shared strong identifier raises it, and
// every feature says in words what it did, so a handler can judge the hit.
import { compareNames, round, type NameComparison } from './compare-names.ts';
import { normaliseIdentifierValue, type BirthDate, type EntitySchema, type Identifier, type ListEntity, type NameType } from './entity.ts';
import { prepareName, styleOfSchema, type NameStyle, type PreparedName } from './normalise.ts';

/**
 * Score at or above which a candidate is reported as a match. Chosen from the
 * evaluation in bench/README.md (best F1 with recall ≥ 0.98); organisations may
 * override it.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.8;

export type QuerySchema = 'Person' | 'Company';

export interface ScreeningQuery {
  schema: QuerySchema;
  name: string;
  birthDate?: BirthDate;
  /** ISO2. */
  country?: string;
  gender?: 'male' | 'female';
  identifiers?: Identifier[];
}

export interface PreparedQuery {
  query: ScreeningQuery;
  style: NameStyle;
  name: PreparedName;
}

export function prepareQuery(query: ScreeningQuery): PreparedQuery {
  const style = styleOfSchema(query.schema);
  return { query, style, name: prepareName(query.name, style) };
}

export interface FeatureEffect {
  /** Multiplier applied to the score (1 = no effect). */
  factor: number;
  text: string;
}

export interface Explanation {
  name: { score: number; matched: string; nameType: NameType; method: NameComparison['method']; parts: NameComparison['parts']; text: string };
  legalForm?: FeatureEffect;
  nameType?: FeatureEffect;
  birthDate?: FeatureEffect;
  country?: FeatureEffect;
  gender?: FeatureEffect;
  identifier?: FeatureEffect;
  demo?: string;
}

export interface CandidateScore {
  score: number;
  match: boolean;
  matchedName: string;
  explanation: Explanation;
}

/** Which list schemas a query schema may hit: a person query never hits a vessel. */
export function schemaCompatible(query: QuerySchema, entity: EntitySchema): boolean {
  if (query === 'Person') return entity === 'Person' || entity === 'LegalEntity';
  return entity !== 'Person';
}

function dateParts(d: BirthDate): { from: number; to: number; month?: number; day?: number; year?: number } {
  switch (d.kind) {
    case 'exact': {
      const [y, m, day] = d.date.split('-').map(Number) as [number, number, number];
      return { from: y, to: y, year: y, month: m, day };
    }
    case 'month': return { from: d.year, to: d.year, year: d.year, month: d.month };
    case 'year': return d.approximate ? { from: d.year - 1, to: d.year + 1 } : { from: d.year, to: d.year, year: d.year };
    case 'range': return { from: d.fromYear, to: d.toYear };
  }
}

function describeDate(d: BirthDate): string {
  switch (d.kind) {
    case 'exact': return d.date;
    case 'month': return `${d.year}-${String(d.month).padStart(2, '0')}`;
    case 'year': return d.approximate ? `about ${d.year}` : String(d.year);
    case 'range': return `${d.fromYear}–${d.toYear}`;
  }
}

/** Compare a query birth date with the listed ones (any may agree: lists give several). */
export function compareBirthDates(query: BirthDate, listed: readonly BirthDate[]): FeatureEffect | undefined {
  if (listed.length === 0) return undefined;
  const q = dateParts(query);
  let nearest = Infinity;
  for (const l of listed) {
    const e = dateParts(l);
    const yearsOverlap = q.from <= e.to && e.from <= q.to;
    if (yearsOverlap) {
      const monthConflict = q.month !== undefined && e.month !== undefined && q.month !== e.month;
      const dayConflict = q.day !== undefined && e.day !== undefined && q.day !== e.day && !monthConflict;
      if (!monthConflict && !dayConflict) return { factor: 1, text: `birth date ${describeDate(query)} agrees with listed ${describeDate(l)}` };
      nearest = Math.min(nearest, 0.5);
    } else {
      nearest = Math.min(nearest, Math.max(e.from - q.to, q.from - e.to));
    }
  }
  const listedText = listed.slice(0, 3).map(describeDate).join(', ');
  // a slip of a day or month, or one year, is common in lists; more is a different person
  if (nearest <= 1) return { factor: 0.9, text: `birth date ${describeDate(query)} is close to but not the listed ${listedText}` };
  return { factor: 0.7, text: `birth date ${describeDate(query)} disagrees with listed ${listedText}` };
}

export function compareCountry(query: string, entity: Pick<ListEntity, 'countries' | 'nationalities'>): FeatureEffect | undefined {
  const known = [...new Set([...entity.nationalities, ...entity.countries])];
  if (known.length === 0) return undefined;
  if (known.includes(query)) return { factor: 1, text: `country ${query} is among the listed ${known.join(', ')}` };
  return { factor: 0.9, text: `country ${query} is not among the listed ${known.slice(0, 5).join(', ')}` };
}

export function compareIdentifiers(query: readonly Identifier[], listed: readonly Identifier[]): FeatureEffect | undefined {
  if (query.length === 0 || listed.length === 0) return undefined;
  const listedValues = new Map(listed.map((i) => [normaliseIdentifierValue(i.value), i] as const));
  for (const q of query) {
    const value = normaliseIdentifierValue(q.value);
    const hit = value.length >= 5 ? listedValues.get(value) : undefined;
    if (hit) return { factor: 1, text: `${hit.type.replace('_', ' ')} ${hit.value} is listed for this entity` };
  }
  return undefined;
}

const NAME_TYPE_FACTOR: Record<NameType, number> = { primary: 1, alias: 1, weak_alias: 0.9 };

/** Best name of the entity for this query: compares against every prepared name. */
export function bestName(query: PreparedQuery, names: ReadonlyArray<{ name: PreparedName; type: NameType; full: string }>): { comparison: NameComparison; full: string; type: NameType } | null {
  let best: { comparison: NameComparison; full: string; type: NameType } | null = null;
  let bestWeighted = -1;
  for (const n of names) {
    const comparison = compareNames(query.name, n.name, query.style);
    const weighted = comparison.score * NAME_TYPE_FACTOR[n.type];
    if (weighted > bestWeighted) {
      best = { comparison, full: n.full, type: n.type };
      bestWeighted = weighted;
    }
  }
  return best;
}

/**
 * Full score of a query against an entity whose names were prepared by the index.
 * `names` may be a subset (the candidate names retrieval found) for speed.
 */
export function scoreEntity(
  query: PreparedQuery,
  entity: ListEntity,
  names: ReadonlyArray<{ name: PreparedName; type: NameType; full: string }>,
  threshold = DEFAULT_MATCH_THRESHOLD,
): CandidateScore {
  const best = bestName(query, names);
  if (!best) {
    const explanation: Explanation = { name: { score: 0, matched: '', nameType: 'primary', method: 'parts', parts: [], text: 'nothing comparable in the name' } };
    return { score: 0, match: false, matchedName: '', explanation };
  }
  const explanation: Explanation = {
    name: { score: best.comparison.score, matched: best.full, nameType: best.type, method: best.comparison.method, parts: best.comparison.parts, text: best.comparison.text },
  };
  let score = best.comparison.score;
  if (best.type === 'weak_alias') {
    explanation.nameType = { factor: NAME_TYPE_FACTOR.weak_alias, text: 'matched a weak alias (low-quality a.k.a. or nickname)' };
    score *= NAME_TYPE_FACTOR.weak_alias;
  }
  const listedForms = query.style === 'company' ? names.find((n) => n.full === best.full)?.name.legalForms ?? [] : [];
  if (query.style === 'company' && query.name.legalForms.length > 0 && listedForms.length > 0) {
    const shared = query.name.legalForms.some((f) => listedForms.includes(f));
    explanation.legalForm = shared
      ? { factor: 1, text: `legal form ${query.name.legalForms.join('/')} agrees` }
      : { factor: 0.97, text: `legal form differs: ${query.name.legalForms.join('/')} vs listed ${listedForms.join('/')}` };
    score *= explanation.legalForm.factor;
  }
  const q = query.query;
  if (q.birthDate && query.style === 'person') {
    const effect = compareBirthDates(q.birthDate, entity.birthDates);
    if (effect) { explanation.birthDate = effect; score *= effect.factor; }
  }
  if (q.country) {
    const effect = compareCountry(q.country, entity);
    if (effect) { explanation.country = effect; score *= effect.factor; }
  }
  if (q.gender && entity.gender && query.style === 'person') {
    explanation.gender = q.gender === entity.gender
      ? { factor: 1, text: `gender ${q.gender} agrees` }
      : { factor: 0.85, text: `gender ${q.gender} disagrees with listed ${entity.gender}` };
    score *= explanation.gender.factor;
  }
  const id = compareIdentifiers(q.identifiers ?? [], entity.identifiers);
  if (id) {
    // a shared passport or registration number is near-proof even across spellings
    const raised = score + (1 - score) * 0.7;
    explanation.identifier = { factor: round(raised / Math.max(score, 1e-9)), text: id.text };
    score = raised;
  }
  if (entity.demo) explanation.demo = 'demo data shipped with Clientnote: not a real listing';
  score = round(Math.min(1, Math.max(0, score)));
  return { score, match: score >= threshold, matchedName: best.full, explanation };
}

/** Compare two bare names (the `screening compare` command). */
export function compareNamePair(schema: QuerySchema, a: string, b: string, threshold = DEFAULT_MATCH_THRESHOLD): { score: number; match: boolean; explanation: Explanation } {
  const query = prepareQuery({ schema, name: a });
  const style = query.style;
  const result = scoreEntity(
    query,
    { id: 'compare:b', list: 'demo', sourceId: 'b', schema: schema === 'Person' ? 'Person' : 'Company', names: [{ full: b, type: 'primary' }], birthDates: [], countries: [], nationalities: [], identifiers: [], programmes: [] },
    [{ name: prepareName(b, style), type: 'primary', full: b }],
    threshold,
  );
  return { score: result.score, match: result.match, explanation: result.explanation };
}
