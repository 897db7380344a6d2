// Name-to-name similarity for screening. Name parts are aligned one-to-one
// regardless of order (so "Zawahiri Ayman" finds "Ayman al-Zawahiri"), each
// pair scored by exact/variant/initial/edit-distance/phonetic agreement; the
// shorter name must be covered, extra parts of the longer one (dropped middle
// names) cost a little. Names written in an abjad (Arabic, Hebrew) carry no
// vowels, so those are compared on consonant skeletons.
import { skeletonOf, type NameStyle, type NameToken, type PreparedName } from './normalise.ts';

export type PartHow = 'exact' | 'variant' | 'initial' | 'typo' | 'phonetic' | 'skeleton' | 'none';

export interface PartMatch {
  query: string;
  candidate: string | null;
  similarity: number;
  how: PartHow;
}

export interface NameComparison {
  score: number;
  method: 'parts' | 'joined' | 'skeleton';
  parts: PartMatch[];
  /** Parts of the candidate name no query part matched (e.g. a middle name the query left out). */
  unmatched: string[];
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

export function comparePart(a: NameToken, b: NameToken): PairScore {
  if (a.text === b.text) return { similarity: 1, how: 'exact' };
  if (a.variant !== undefined && a.variant === b.variant) return { similarity: 0.95, how: 'variant' };
  if (a.kind === 'number' || b.kind === 'number') return NO_MATCH;
  if (a.kind === 'initial' || b.kind === 'initial') {
    return a.text[0] === b.text[0] ? { similarity: 0.8, how: 'initial' } : NO_MATCH;
  }
  const maxLen = Math.max(a.text.length, b.text.length);
  const minLen = Math.min(a.text.length, b.text.length);
  const budget = editBudget(maxLen);
  // cheap length filter before the real distance
  if (maxLen - minLen <= Math.max(budget, 2) && minLen >= 2) {
    const d = osaDistance(a.text, b.text, Math.max(budget, 2));
    // a short part may differ by one letter only when it still sounds the same (Smyth/Smith)
    if (d <= budget || (d === 1 && minLen >= 3 && phoneticAgree(a, b))) {
      const base = d === 1 ? 0.9 : d === 2 ? 0.85 : 0.8;
      return { similarity: phoneticAgree(a, b) ? Math.min(0.93, base + 0.04) : base, how: 'typo' };
    }
    // Weak evidence that only adds up when the other parts agree (align() caps a name whose
    // agreement rests on weak parts): two slips in a part of five letters or more (Pavel/Pel,
    // Karner/Knaer), or one slip in a short part (Azim/zim, Wen/We: on its own one letter
    // makes another name, Jong/Song).
    if (d === 2 && maxLen >= 5 && minLen >= 3) return { similarity: WEAK_PART, how: 'typo' };
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

interface Alignment { score: number; parts: PartMatch[]; unmatched: string[] }

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
function align(query: NameToken[], candidate: NameToken[], style: NameStyle, part: (a: NameToken, b: NameToken) => PairScore): Alignment {
  const pairs: Array<{ i: number; j: number; s: PairScore; rank: number }> = [];
  for (let i = 0; i < query.length; i++) {
    for (let j = 0; j < candidate.length; j++) {
      const s = part(query[i]!, candidate[j]!);
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

  // "X Danmark A/S" and "X Norge AS" are sister companies, not spellings of one name
  if (style === 'company' && unmatchedCountry(query, qSim) && unmatchedCountry(candidate, cSim)) score = Math.min(score * 0.75, 0.75);

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
  if (weakMatches > strongMatches || (shortWeak > 0 && strongMatches < 2)) score = Math.min(score, 0.65);
  // one shared word ("Khan", "Cimex") is not enough when both names have more to say
  if (small.significant <= 1 && large.significant >= 2 && large.missing > 0) score = Math.min(score, 0.65);
  if (strongMatches === 0) score = Math.min(score, 0.5);

  const parts: PartMatch[] = query.map((t, i) => {
    const s = qUsed[i];
    return s ? { query: t.text, candidate: candidate[qTo[i]!]!.text, similarity: round(s.similarity), how: s.how } : { query: t.text, candidate: null, similarity: 0, how: 'none' };
  });
  const unmatched = candidate.filter((_, j) => !cUsed[j]).map((t) => t.text);
  return { score, parts, unmatched };
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
  else if (how.length === 0 && missing.length === 0) bits.push('all name parts agree exactly');
  else if (how.length > 0) bits.push(`parts agree: ${how.join(', ')}`);
  if (missing.length > 0) bits.push(`not found in the listed name: ${missing.join(', ')}`);
  if (best.unmatched.length > 0) bits.push(`listed name has more parts: ${best.unmatched.join(', ')}`);
  return bits.join('; ');
}

/** Similarity of two prepared names in 0..1, with the parts alignment that explains it. */
export function compareNames(query: PreparedName, candidate: PreparedName, style: NameStyle): NameComparison {
  let best: NameComparison = { score: 0, method: 'parts', parts: [], unmatched: [], text: '' };
  const abjad = (query.script === 'arabic' || query.script === 'hebrew') !== (candidate.script === 'arabic' || candidate.script === 'hebrew');
  for (const qv of query.variants) {
    for (const cv of candidate.variants) {
      const a = align(qv, cv, style, comparePart);
      if (a.score > best.score) best = { score: a.score, method: 'parts', parts: a.parts, unmatched: a.unmatched, text: '' };
      const joined = joinedScore(qv, cv);
      if (joined > best.score) best = { score: joined, method: 'joined', parts: a.parts, unmatched: a.unmatched, text: '' };
      if (abjad) {
        const s = align(qv, cv, style, compareSkeletonPart);
        // skeletons throw information away: never as sure as a spelled-out match
        const joinedSkeleton = skeletonOf(qv.map((t) => t.text).join('')) === skeletonOf(cv.map((t) => t.text).join('')) ? 0.85 : 0;
        const capped = Math.min(Math.max(s.score, joinedSkeleton), 0.9);
        if (capped > best.score) best = { score: capped, method: 'skeleton', parts: s.parts, unmatched: s.unmatched, text: '' };
      }
      if (best.score >= 0.999) break;
    }
  }
  best.score = round(best.score);
  best.text = query.variants.length === 0 || candidate.variants.length === 0 ? 'nothing comparable in the name' : describe(best);
  return best;
}
