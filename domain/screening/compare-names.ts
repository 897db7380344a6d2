// Name-to-name similarity for screening. Name parts are aligned one-to-one
// regardless of order (so "Zawahiri Ayman" finds "Ayman al-Zawahiri"), each
// pair scored by exact/variant/initial/edit-distance/phonetic agreement; the
// shorter name must be covered, extra parts of the longer one (dropped middle
// names) cost a little. Names written in an abjad (Arabic, Hebrew) carry no
// vowels, so those are compared on consonant skeletons.
import { skeletonOf, type NameStyle, type NameToken, type PreparedName } from './normalise.ts';
import { isNicknameOf } from './name-variants.ts';
import { chineseNameKeys } from './chinese-romanisation.ts';

export type PartHow = 'exact' | 'variant' | 'nickname' | 'initial' | 'typo' | 'phonetic' | 'skeleton' | 'none';

export interface PartMatch {
  query: string;
  candidate: string | null;
  similarity: number;
  how: PartHow;
}

export interface NameComparison {
  score: number;
  method: 'parts' | 'joined' | 'skeleton' | 'romanisation' | 'characters';
  parts: PartMatch[];
  /** Parts of the candidate name no query part matched (e.g. a middle name the query left out). */
  unmatched: string[];
  /** The rules that made or capped the score, in words ("capped: only generic words agree"). */
  rules: string[];
  /** One sentence a handler can read. */
  text: string;
}

/** Edits allowed in a name part, growing with its length: none for 1-3 letters. */
export function editBudget(length: number): number {
  // one letter changes a short syllable name into another name (Jong/Song, Kim/Kil)
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}

interface PairScore { similarity: number; how: PartHow; /** A weak one-slip match of a short part. */ short?: true }

/** Similarity of a part that is a slip too many on its own: enough only beside agreeing parts. */
export const WEAK_PART = 0.6;

const NO_MATCH: PairScore = { similarity: 0, how: 'none' };

function phoneticAgree(a: NameToken, b: NameToken): boolean {
  const [ap, as] = a.phonetic;
  const [bp, bs] = b.phonetic;
  if (ap.length < 2 && as.length < 2) return false;
  return (ap !== '' && (ap === bp || ap === bs)) || (as !== '' && (as === bp || as === bs));
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition:
 * "Artemov"/"Ratemov" is one slip, not two), giving up above `max`.
 */
export function osaDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  // three rows reused across calls: the scorer calls this for most part pairs it sees
  if (m + 1 > rowA.length) {
    const size = Math.max(m + 1, rowA.length * 2);
    rowA = new Int32Array(size);
    rowB = new Int32Array(size);
    rowC = new Int32Array(size);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      const sub = prev[j - 1]! + cost;
      if (sub < v) v = sub;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) {
        const tr = prev2[j - 2]! + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/** One letter added, dropped or changed at the very start or end ("Nasser"/"Yasser", "Adnan"/"Adnani"): another name more often than a slip. */
function edgeDifference(a: string, b: string): boolean {
  if (a.length === b.length) return a.slice(1) === b.slice(1) || a.slice(0, -1) === b.slice(0, -1);
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  return l.length === s.length + 1 && (l.startsWith(s) || l.endsWith(s));
}

const VOWELS = /^[aeiouy]$/;

export function comparePart(a: NameToken, b: NameToken, style: NameStyle = 'person'): PairScore {
  if (a.text === b.text) return { similarity: 1, how: 'exact' };
  if (a.variant !== undefined && a.variant === b.variant) return { similarity: 0.95, how: 'variant' };
  if (a.kind === 'number' || b.kind === 'number') return NO_MATCH;
  if (a.kind === 'initial' || b.kind === 'initial') {
    // in a company name a letter is a letter ("M Invest"), not the start of a distinctive word, and never a legal form
    if (style === 'company') return NO_MATCH;
    return a.text[0] === b.text[0] ? { similarity: 0.8, how: 'initial' } : NO_MATCH;
  }
  if (style === 'person' && isNicknameOf(a.text, b.text)) return { similarity: 0.88, how: 'nickname' };
  // a vowel slip in a two-letter part ("On"/"Un"): weak, only beside two agreeing parts
  if (style === 'person' && a.text.length === 2 && b.text.length === 2 && a.text[0] === b.text[0] && VOWELS.test(a.text[1]!) && VOWELS.test(b.text[1]!)) {
    return { similarity: WEAK_PART, how: 'typo', short: true };
  }
  const maxLen = Math.max(a.text.length, b.text.length);
  const minLen = Math.min(a.text.length, b.text.length);
  const budget = editBudget(maxLen);
  // cheap length filter before the real distance
  if (maxLen - minLen <= Math.max(budget, 2) && minLen >= 2) {
    const d = osaDistance(a.text, b.text, Math.max(budget, 2));
    // in a short part a letter's difference at the start or end makes another name (Nasser/Yasser, Karl/Karla): weak
    if (d === 1 && maxLen <= 6 && a.kind !== 'particle' && b.kind !== 'particle' && edgeDifference(a.text, b.text)) return { similarity: WEAK_PART, how: 'typo', short: true };
    // a short part may differ by one letter only when it still sounds the same (Smyth/Smith)
    // (in a company name only a swap of two letters: "Holm"/"Helm" are two firms, "Isil"/"Siil" one)
    const swapped = a.text.length === b.text.length && [...a.text].sort().join('') === [...b.text].sort().join('');
    if (d <= budget || (d === 1 && minLen >= 3 && (style === 'person' ? phoneticAgree(a, b) : swapped))) {
      const base = d === 1 ? 0.9 : d === 2 ? 0.85 : 0.8;
      return { similarity: phoneticAgree(a, b) ? Math.min(0.93, base + 0.04) : base, how: 'typo' };
    }
    // Weak evidence that only adds up when the other parts agree (align() caps a name whose
    // agreement rests on weak parts): two slips in a part of five letters or more (Pavel/Pel,
    // Karner/Knaer), or one slip in a short part (Azim/zim, Wen/We: on its own one letter
    // makes another name, Jong/Song).
    // (the first letter kept: "Zhang"/"Wang" are two surnames, not two slips)
    const sameStart = a.text[0] === b.text[0] || a.text[0] === b.text[1] || a.text[1] === b.text[0];
    if (d === 2 && maxLen >= 5 && minLen >= 3 && sameStart) return { similarity: WEAK_PART, how: 'typo' };
    if (a.kind !== 'particle' && b.kind !== 'particle') {
      if (d === 1 && maxLen >= 3) return { similarity: WEAK_PART, how: 'typo', short: true };
      if (d === 2 && maxLen === 4 && minLen === 4 && a.text[0] === b.text[0]) return { similarity: WEAK_PART, how: 'typo', short: true };
    }
  }
  // sound-alike spellings beyond the edit budget (Sayeed/Said, Yousef/Yusuf) when the parts start alike
  if (minLen >= 3 && phoneticAgree(a, b) && (a.text[0] === b.text[0] || a.phonetic[0][0] === b.phonetic[0][0]) && maxLen - minLen <= 3) {
    return { similarity: 0.82, how: 'phonetic' };
  }
  return NO_MATCH;
}

function compareSkeletonPart(a: NameToken, b: NameToken): PairScore {
  if (a.text === b.text) return { similarity: 1, how: 'exact' };
  if (a.skeleton === b.skeleton && a.skeleton.length >= 2) return { similarity: 0.9, how: 'skeleton' };
  if (a.skeleton.length >= 4 && b.skeleton.length >= 4 && osaDistance(a.skeleton, b.skeleton, 1) <= 1) return { similarity: 0.8, how: 'skeleton' };
  return NO_MATCH;
}

interface Alignment { score: number; parts: PartMatch[]; unmatched: string[]; rules: string[]; /** What the company rules allow whichever way the name is written (joined or not). */ ceiling: number }

/** A word that says which company it is: not generic, not a legal form, not a number or country. */
const distinctive = (t: NameToken) => t.kind === 'word';

/** Coverage of one side: optional parts (particles, generic words) left unmatched do not count against it. */
function coverage(tokens: NameToken[], sim: number[]): { value: number; significant: number; missing: number } {
  let num = 0;
  let den = 0;
  let significant = 0;
  let missing = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const s = sim[k]!;
    const optional = t.kind === 'particle' || t.kind === 'generic';
    // an initial says something only when it agrees
    if (!optional && (t.kind !== 'initial' || s > 0)) significant += 1;
    if (s === 0 && optional) continue;
    if (s === 0 && t.kind !== 'initial') missing++;
    num += t.weight * s;
    den += t.weight;
  }
  return { value: den === 0 ? 0 : num / den, significant, missing };
}

/** A country word ("Danmark") that no part of the other name matched. */
function unmatchedCountry(tokens: NameToken[], sim: number[]): boolean {
  for (let k = 0; k < tokens.length; k++) if (tokens[k]!.kind === 'country' && sim[k] === 0) return true;
  return false;
}

/**
 * Greedy one-to-one alignment on the best pair first: name parts are few
 * (rarely more than six), and greedy equals the optimum for nearly all real names.
 */
function align(query: NameToken[], candidate: NameToken[], style: NameStyle, part: (a: NameToken, b: NameToken, style: NameStyle) => PairScore, candidateSurname = -1): Alignment {
  const rules: string[] = [];
  const pairs: Array<{ i: number; j: number; s: PairScore; rank: number }> = [];
  for (let i = 0; i < query.length; i++) {
    for (let j = 0; j < candidate.length; j++) {
      const s = part(query[i]!, candidate[j]!, style);
      if (s.similarity > 0) pairs.push({ i, j, s, rank: s.similarity * Math.min(query[i]!.weight, candidate[j]!.weight) + s.similarity * 0.001 - Math.abs(i - j) * 1e-6 });
    }
  }
  pairs.sort((x, y) => y.rank - x.rank);
  const qUsed = new Array<PairScore | undefined>(query.length);
  const qTo = new Array<number>(query.length).fill(-1);
  const cUsed = new Array<boolean>(candidate.length).fill(false);
  for (const p of pairs) {
    if (qUsed[p.i] || cUsed[p.j]) continue;
    qUsed[p.i] = p.s;
    qTo[p.i] = p.j;
    cUsed[p.j] = true;
  }

  const qSim = new Array<number>(query.length).fill(0);
  const cSim = new Array<number>(candidate.length).fill(0);
  for (let i = 0; i < query.length; i++) {
    const s = qUsed[i];
    if (s) { qSim[i] = s.similarity; cSim[qTo[i]!] = s.similarity; }
  }
  const q = coverage(query, qSim);
  const c = coverage(candidate, cSim);

  // the shorter name must be covered; the longer may carry extra parts
  const qShorter = q.significant < c.significant || (q.significant === c.significant && q.value >= c.value);
  const small = qShorter ? q : c;
  const large = qShorter ? c : q;
  let score = small.value;
  const perExtra = style === 'person' ? 0.05 : 0.1;
  score *= Math.max(style === 'person' ? 0.85 : 0.7, 1 - perExtra * large.missing);
  if (style === 'person' && large.missing > 0) {
    // parts the customer gave that the listed name lacks speak for another person ("Ali Elif Hosseini" / "ALI, Hassan")
    // (a part repeated in the query, "Ali Hassan Ali Hassan", is no new information)
    const matchedTexts = new Set(query.filter((_, i) => qSim[i]! > 0).map((t) => t.text));
    const extra = new Set(query.filter((t, i) => qSim[i] === 0 && t.kind === 'word' && !matchedTexts.has(t.text)).map((t) => t.text)).size;
    if (!qShorter && extra > 0) { score *= Math.max(0.85, 1 - 0.05 * extra); rules.push(`query parts not in the listed name cost more: ${extra}`); }
    // and a listed surname the query lacks ("Omar Khalil" / "Umar Muhammad Khalil Mustafa")
    else if (candidateSurname >= 0 && cSim[candidateSurname] === 0 && candidate[candidateSurname]!.kind === 'word' && candidate.length >= 3) {
      score *= 0.92;
      rules.push(`the listed surname ${candidate[candidateSurname]!.text} is not in the query`);
    }
  }

  // "X Danmark A/S" and "X Norge AS" are sister companies, not spellings of one name
  if (style === 'company' && unmatchedCountry(query, qSim) && unmatchedCountry(candidate, cSim)) { score = Math.min(score * 0.75, 0.75); rules.push('capped: each name has a country the other lacks (sister companies)'); }
  let ceiling = 1;
  const companyCap = (limit: number, why: string) => { ceiling = Math.min(ceiling, limit); cap(limit, why); };
  const cap = (limit: number, why: string) => {
    if (score > limit) { score = limit; rules.push(`capped at ${limit}: ${why}`); } else rules.push(`${why} (at most ${limit})`);
  };
  if (style === 'company') {
    // Generic words ("Holding", "Invest", "Trading") agree between thousands of unrelated companies: the agreement
    // must include a distinctive word unless neither name has one and the two agree word for word.
    // a distinctive word that only matched a generic one ("Inovest" ~ "Invest") counts as generic
    let distinctiveAgree = 0;
    let wordForWord = query.length === candidate.length;
    const qGenericMatch = new Array<boolean>(query.length).fill(false);
    const cGenericMatch = new Array<boolean>(candidate.length).fill(false);
    for (let i = 0; i < query.length; i++) {
      const s = qUsed[i];
      if (!s || s.similarity < 0.8) { wordForWord = false; continue; }
      if (distinctive(query[i]!) && distinctive(candidate[qTo[i]!]!)) distinctiveAgree++;
      else { qGenericMatch[i] = true; cGenericMatch[qTo[i]!] = true; }
    }
    const qDistinct = query.filter((t, i) => distinctive(t) && !qGenericMatch[i]).length;
    const cDistinct = candidate.filter((t, j) => distinctive(t) && !cGenericMatch[j]).length;
    if (distinctiveAgree === 0 && (qDistinct + cDistinct > 0 || !wordForWord)) companyCap(0.6, 'only generic words or legal forms agree');
    // "Management Company 23" is not "Management Company 24", nor "Management Company"
    const qNums = query.filter((t) => t.kind === 'number');
    const cNums = candidate.filter((t) => t.kind === 'number');
    const numbersDiffer = qNums.some((t) => !cNums.some((u) => u.text === t.text)) || cNums.some((t) => !qNums.some((u) => u.text === t.text));
    if (numbersDiffer) companyCap(qNums.length > 0 && cNums.length > 0 ? 0.6 : 0.75, qNums.length > 0 && cNums.length > 0 ? 'the numbers in the names differ' : 'a number in one name is not in the other');
  }

  let strongMatches = 0;
  let weakMatches = 0;
  let shortWeak = 0;
  for (const s of qUsed) {
    if (!s) continue;
    if (s.how !== 'initial' && s.similarity >= 0.8) strongMatches++;
    if (s.similarity < 0.8 && s.how === 'typo') weakMatches++;
    if (s.short) shortWeak++;
  }
  // Weak parts add up only beside at least as many strong ones ("Mihael Knaer" / "Mihael Karner" yes, two
  // weak of three no); a slip in a short part only beside two strong parts ("Kim Song" is not "Kim Jong").
  if (weakMatches > strongMatches) cap(0.65, 'slipped parts outnumber agreeing ones');
  if (shortWeak > 0 && strongMatches < 2) cap(0.65, 'a letter\'s difference in a short part needs two other agreeing parts');
  // sound-alike codes are shared by different given names (Tina/Don, Bruun/Berna): never the only evidence
  const agreeing = qUsed.filter((s): s is PairScore => s !== undefined && s.how !== 'initial' && s.similarity >= 0.8);
  if (agreeing.length > 0 && agreeing.every((s) => s.how === 'phonetic')) cap(0.7, 'only sound-alike parts agree');
  // one shared word ("Khan", "Cimex") is not enough when both names have more to say, except a distinctive brand
  // that is the whole query and leads the listed name, whose other words are generic ("Faberlic" / "Faberlic Europe Sp. z o.o.")
  if (small.significant <= 1 && large.significant >= 2 && large.missing > 0) {
    const brand = style === 'company' && query.length === 1 && query[0]!.kind === 'word' && query[0]!.text.length >= 5 && candidate[0]?.text === query[0]!.text
      && candidate.slice(1).every((t) => !distinctive(t) || t.kind === 'number') && candidate.slice(1).every((t) => t.kind !== 'number');
    if (brand) { score = Math.max(score, 0.85); rules.push('the query is a distinctive brand word that leads the listed name; the rest is generic'); }
    else cap(0.65, 'one shared part is not enough when the other name has more');
  }
  if (strongMatches === 0) cap(0.5, 'no part agrees strongly');

  const parts: PartMatch[] = query.map((t, i) => {
    const s = qUsed[i];
    return s ? { query: t.text, candidate: candidate[qTo[i]!]!.text, similarity: round(s.similarity), how: s.how } : { query: t.text, candidate: null, similarity: 0, how: 'none' };
  });
  const unmatched = candidate.filter((_, j) => !cUsed[j]).map((t) => t.text);
  return { score, parts, unmatched, rules, ceiling };
}

/** For names split or joined differently ("Abdul Rahman" / "Abdulrahman", "Ri Won Ho" / "Ri Wonho"). */
function joinedScore(query: NameToken[], candidate: NameToken[]): number {
  if (query.length === candidate.length) return 0;
  const a = query.map((t) => t.text).join('');
  const b = candidate.map((t) => t.text).join('');
  if (a.length < 6 || b.length < 6) return 0;
  if (a === b) return 0.98;
  if (Math.abs(a.length - b.length) > 1) return 0;
  return osaDistance(a, b, 1) <= 1 && Math.min(a.length, b.length) >= 9 ? 0.9 : 0;
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function describe(best: NameComparison): string {
  const how = best.parts.filter((p) => p.how !== 'none' && p.how !== 'exact').map((p) => `${p.query}~${p.candidate} (${p.how})`);
  const missing = best.parts.filter((p) => p.how === 'none').map((p) => p.query);
  const bits: string[] = [];
  if (best.method === 'joined') bits.push('names agree when written without spaces');
  else if (best.method === 'skeleton') bits.push('compared by consonants because one name is written in an abjad script');
  else if (best.method === 'romanisation') bits.push('Chinese name compared by syllables (Pinyin and Wade-Giles)');
  else if (how.length === 0 && missing.length === 0) bits.push('all name parts agree exactly');
  else if (how.length > 0) bits.push(`parts agree: ${how.join(', ')}`);
  if (missing.length > 0) bits.push(`not found in the listed name: ${missing.join(', ')}`);
  if (best.unmatched.length > 0) bits.push(`listed name has more parts: ${best.unmatched.join(', ')}`);
  bits.push(...best.rules);
  return bits.join('; ');
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Two names both written in Chinese, Japanese or Korean script are compared on
 * their characters: 张伟 and 章伟 romanise alike (Zhang Wei) but are two names.
 */
function compareCharacters(query: PreparedName, candidate: PreparedName): NameComparison {
  const chars = (n: PreparedName) => [...n.display].filter((c) => CJK_CHAR.test(c));
  const a = chars(query);
  const b = chars(candidate);
  const rest = [...b];
  let same = 0;
  for (const c of a) {
    const k = rest.indexOf(c);
    if (k >= 0) { same++; rest.splice(k, 1); }
  }
  const inOrder = a.join('') === b.join('');
  const allAgree = same === a.length && same === b.length;
  const score = inOrder ? 1 : allAgree ? 0.9 : Math.min(0.6, same / Math.max(a.length, b.length));
  const rules = [inOrder ? 'both names in CJK script: every character agrees' : allAgree ? 'both names in CJK script: the same characters in another order' : `capped at 0.6: both names in CJK script and ${Math.max(a.length, b.length) - same} character(s) differ, however alike they romanise`];
  return { score: round(score), method: 'characters', parts: [], unmatched: [], rules, text: rules[0]! };
}

/** Pinyin against Wade-Giles ("Mao Zedong" / "Mao Tse-tung"): the whole name as shared syllable keys, surname first or last. */
function romanisationScore(query: NameToken[], candidate: NameToken[]): number {
  if (query.length < 2 && candidate.length < 2) return 0;
  const qt = query.map((t) => t.text);
  const b = chineseNameKeys(candidate.map((t) => t.text));
  if (!b) return 0;
  const listed = new Set(b.map((k) => k.join(' ')));
  const agree = (tokens: string[]) => (chineseNameKeys(tokens) ?? []).some((k) => k.length >= 2 && listed.has(k.join(' ')));
  if (agree(qt)) return 0.9;
  // surname written first in one name and last in the other
  return agree([...qt.slice(1), qt[0]!]) || agree([qt.at(-1)!, ...qt.slice(0, -1)]) ? 0.88 : 0;
}

/** Similarity of two prepared names in 0..1, with the parts alignment that explains it. */
export function compareNames(query: PreparedName, candidate: PreparedName, style: NameStyle): NameComparison {
  if (query.script === 'cjk' && candidate.script === 'cjk') return compareCharacters(query, candidate);
  let best: NameComparison = { score: 0, method: 'parts', parts: [], unmatched: [], rules: [], text: '' };
  const abjad = (query.script === 'arabic' || query.script === 'hebrew') !== (candidate.script === 'arabic' || candidate.script === 'hebrew');
  for (const qv of query.variants) {
    for (let cvi = 0; cvi < candidate.variants.length; cvi++) {
      const cv = candidate.variants[cvi]!;
      const a = align(qv, cv, style, comparePart, candidate.surname[cvi] ?? -1);
      if (a.score > best.score || (best.score === 0 && a.rules.length > 0 && best.rules.length === 0)) best = { score: a.score, method: 'parts', parts: a.parts, unmatched: a.unmatched, rules: a.rules, text: '' };
      const joined = joinedScore(qv, cv);
      // written without spaces the names agree, but the caps that the parts earned still hold
      const capped = Math.min(joined, a.ceiling);
      if (capped > best.score) best = { score: capped, method: 'joined', parts: a.parts, unmatched: a.unmatched, rules: a.rules, text: '' };
      if (style === 'person') {
        const r = romanisationScore(qv, cv);
        if (r > best.score) best = { score: r, method: 'romanisation', parts: a.parts, unmatched: a.unmatched, rules: ['Chinese syllables agree across Pinyin and Wade-Giles romanisation'], text: '' };
      }
      if (abjad) {
        const s = align(qv, cv, style, compareSkeletonPart);
        // skeletons throw information away: never as sure as a spelled-out match
        const joinedSkeleton = skeletonOf(qv.map((t) => t.text).join('')) === skeletonOf(cv.map((t) => t.text).join('')) ? 0.85 : 0;
        const cappedSkeleton = Math.min(Math.max(s.score, joinedSkeleton), 0.9);
        if (cappedSkeleton > best.score) best = { score: cappedSkeleton, method: 'skeleton', parts: s.parts, unmatched: s.unmatched, rules: s.rules, text: '' };
      }
      if (best.score >= 0.999) break;
    }
  }
  best.score = round(best.score);
  const read = [...query.rewrites, ...candidate.rewrites];
  if (read.length > 0) best.rules = [...best.rules, `read as: ${[...new Set(read)].join(', ')}`];
  best.text = query.variants.length === 0 || candidate.variants.length === 0 ? 'nothing comparable in the name' : describe(best);
  return best;
}
