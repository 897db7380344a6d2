// Builds the screening evaluation set from the real UN and OFAC files with a
// fixed seed: for each variation class at least 50 cases from distinct listed
// entities, and hard negatives that must not match. The set is generated on
// the fly (it is made of real list names, which stay out of the repository).
import { distance } from 'fastest-levenshtein';
import type { ListEntity } from '../../domain/screening/entity.ts';
import { foldToTokens } from '../../domain/screening/normalise.ts';
import { stripLegalForms } from '../../domain/screening/legal-forms.ts';
import { generateHardCases } from './hard-cases.ts';
import { addDiacritics, changeLegalForm, dropMiddle, initials, isSpellingOf, pick, seededRandom, swapOrder, toCyrillic, transliterate, typos, type Random } from './variations.ts';

export const SEED = 20261124;
export const CASES_PER_CLASS = 100;

export interface EvalCase {
  class: string;
  /** positive: the query is the listed entity written differently; negative: a different party. */
  expected: 'match' | 'no_match';
  schema: 'Person' | 'Company';
  query: string;
  /** The listed name the query is compared with (compare stage). */
  listed: string;
  entityId: string;
  birthDate?: string;
  /** Stages that can judge the case: a birth-date negative needs search, which knows dates. */
  stages: Array<'compare' | 'search'>;
}

/** "BIN LADIN, Usama bin Muhammad" → ["Usama", "bin", "Muhammad", "BIN", "LADIN"] (reading order). */
export function readingTokens(name: string): string[] {
  const comma = name.indexOf(',');
  const ordered = comma > 0 ? `${name.slice(comma + 1)} ${name.slice(0, comma)}` : name;
  return ordered.replace(/[^\p{L}\p{N}'.-]+/gu, ' ').trim().split(/\s+/).filter((t) => /\p{L}/u.test(t));
}

function plainLatin(name: string): boolean {
  return /^[A-Za-z ,.'-]+$/.test(name) && !/\d/.test(name);
}

function shuffled<T>(rnd: Random, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function primary(e: ListEntity): string {
  return (e.names.find((n) => n.type === 'primary') ?? e.names[0]!).full;
}

function titleCase(tokens: string[]): string {
  return tokens.map((t) => t.charAt(0).toUpperCase() + t.slice(1)).join(' ');
}

export function generateCases(entities: readonly ListEntity[], seed = SEED, perClass = CASES_PER_CLASS): EvalCase[] {
  const rnd = seededRandom(seed);
  const persons = entities.filter((e) => e.schema === 'Person' && plainLatin(primary(e)) && readingTokens(primary(e)).length >= 2);
  const companies = entities.filter((e) => (e.schema === 'Company' || e.schema === 'Organization') && plainLatin(primary(e)));
  const cases: EvalCase[] = [];

  const fill = (cls: string, pool: ListEntity[], make: (e: ListEntity) => Omit<EvalCase, 'class' | 'entityId'> | null) => {
    let n = 0;
    for (const e of shuffled(rnd, pool)) {
      if (n >= perClass) break;
      const c = make(e);
      if (!c) continue;
      cases.push({ class: cls, entityId: e.id, ...c });
      n++;
    }
  };
  const person = (query: string | null, listed: string): Omit<EvalCase, 'class' | 'entityId'> | null =>
    query && query.toLowerCase() !== listed.toLowerCase() ? { expected: 'match', schema: 'Person', query, listed, stages: ['compare', 'search'] } : null;

  fill('transliteration', persons, (e) => {
    const listed = readingTokens(primary(e)).join(' ');
    const variant = transliterate(rnd, listed);
    // a third of the cases arrive in Cyrillic script, as from a Russian registry
    return person(variant && rnd() < 0.33 ? toCyrillic(variant) : variant, listed);
  });
  fill('diacritics', persons, (e) => {
    const listed = readingTokens(primary(e)).join(' ');
    return person(addDiacritics(rnd, listed), listed);
  });
  fill('swapped_order', persons, (e) => {
    const tokens = readingTokens(primary(e));
    return person(swapOrder(tokens), tokens.join(' '));
  });
  fill('dropped_middle', persons.filter((e) => readingTokens(primary(e)).length >= 3), (e) => {
    const tokens = readingTokens(primary(e));
    return person(dropMiddle(rnd, tokens), tokens.join(' '));
  });
  fill('initials', persons.filter((e) => readingTokens(primary(e)).at(-1)!.length >= 4), (e) => {
    const tokens = readingTokens(primary(e));
    return person(initials(rnd, tokens), tokens.join(' '));
  });
  fill('typo_1', persons, (e) => {
    const tokens = readingTokens(primary(e));
    return person(typos(rnd, tokens, 1), tokens.join(' '));
  });
  fill('typo_2', persons.filter((e) => readingTokens(primary(e)).join('').length >= 12), (e) => {
    const tokens = readingTokens(primary(e));
    return person(typos(rnd, tokens, 2), tokens.join(' '));
  });
  fill('legal_form', companies, (e) => {
    const { tokens, legalForms } = stripLegalForms(foldToTokens(primary(e)));
    if (tokens.length === 0) return null;
    const bare = titleCase(tokens);
    return { expected: 'match', schema: 'Company', query: changeLegalForm(rnd, bare, legalForms[0] ?? null), listed: primary(e), stages: ['compare', 'search'] };
  });
  fill('company_typo', companies.filter((e) => primary(e).length >= 10), (e) => {
    const tokens = readingTokens(primary(e));
    const q = typos(rnd, tokens, 1);
    return q ? { expected: 'match', schema: 'Company', query: q, listed: primary(e), stages: ['compare', 'search'] } : null;
  });

  // hard negatives
  const givenNames = [...new Set(persons.map((e) => readingTokens(primary(e))[0]!).filter((t) => t.length >= 4 && /^[A-Za-z]+$/.test(t)))];
  fill('neg_same_surname', persons, (e) => {
    const tokens = readingTokens(primary(e));
    const given = tokens.slice(0, -1);
    const other = pick(rnd, givenNames);
    const o = other.toLowerCase();
    // a spelling of one of the given names would be the same person, not a negative
    if (given.some((g) => distance(g.toLowerCase(), o) <= 2 || isSpellingOf(g, other) || o.startsWith(g.toLowerCase().replace(/\.$/, '')))) return null;
    return { expected: 'no_match', schema: 'Person', query: `${titleCase([o])} ${tokens.at(-1)}`, listed: tokens.join(' '), stages: ['compare', 'search'] };
  });
  fill('neg_other_birth_year', persons.filter((e) => e.birthDates.length > 0), (e) => {
    const years = e.birthDates.flatMap((d) => (d.kind === 'exact' ? [Number(d.date.slice(0, 4))] : d.kind === 'range' ? [d.fromYear, d.toYear] : [d.year]));
    const shift = (3 + Math.floor(rnd() * 12)) * (rnd() < 0.5 ? -1 : 1);
    const year = Math.min(...years) + (shift > 0 ? Math.max(...years) - Math.min(...years) : 0) + shift;
    return { expected: 'no_match', schema: 'Person', query: readingTokens(primary(e)).join(' '), listed: primary(e), entityId: e.id, birthDate: String(year), stages: ['search'] };
  });
  const SISTERS: Array<[string, string]> = [['Danmark A/S', 'Norge AS'], ['Danmark ApS', 'Sverige AB'], ['Denmark A/S', 'Germany GmbH'], ['Nordic A/S', 'UK Ltd'], ['Sverige AB', 'Finland Oy'], ['Danmark A/S', 'Deutschland GmbH']];
  fill('neg_sister_company', companies, (e) => {
    const { tokens } = stripLegalForms(foldToTokens(primary(e)));
    if (tokens.length === 0) return null;
    const bare = titleCase(tokens);
    const [a, b] = pick(rnd, SISTERS);
    return { expected: 'no_match', schema: 'Company', query: `${bare} ${a}`, listed: `${bare} ${b}`, stages: ['compare'] };
  });
  // issue #17: the second set (numbers, Wade-Giles, Han script, nicknames, written-out legal forms; Danish and CJK negatives)
  cases.push(...generateHardCases(entities, rnd, perClass, (xs) => shuffled(rnd, xs)));
  return cases;
}
