// The in-memory screening index: every listed name prepared once, plus
// blocking keys (tokens, phonetic codes, variant keys, consonant skeletons,
// token prefixes/suffixes, the name written without spaces) pointing at the
// names that carry them. A search looks up the query's keys, ranks candidate
// names by the rarity of the keys they share, and fully scores only the best
// few hundred, so it never scans the whole list.
import type { ListEntity, NameType } from '../domain/screening/entity.ts';
import { primaryName } from '../domain/screening/entity.ts';
import { chineseNameKeys } from '../domain/screening/chinese-romanisation.ts';
import { prepareName, styleOfSchema, type NameToken, type PreparedName } from '../domain/screening/normalise.ts';
import { DEFAULT_MATCH_THRESHOLD, prepareQuery, schemaCompatible, scoreEntity, type Explanation, type ScreeningQuery } from '../domain/screening/score.ts';

export interface SearchHit {
  entityId: string;
  list: string;
  /** The listed name that matched (primary or alias). */
  name: string;
  primaryName: string;
  score: number;
  match: boolean;
  explanation: Explanation;
  /** Present (true) when the entity comes from the shipped demo list: fictitious, never a real listing. */
  demo?: true;
}

export interface SearchOptions {
  limit?: number;
  threshold?: number;
  /** Hits scoring below this are not returned (default: the threshold). */
  minScore?: number;
  /** How many candidate names retrieval hands to the full scorer. */
  candidates?: number;
  /** When given, counts the (query, entity) pairs fully scored: what re-screening reports. */
  stats?: { comparisons: number };
}

interface IndexedName {
  entity: number;
  type: NameType;
  full: string;
  /** Prepared at build; an index loaded from a snapshot prepares a name when a search first scores it. */
  name: PreparedName | undefined;
}

/**
 * A serialisable form of the index (structured-clone friendly: typed arrays and
 * strings): the entities, the names and the postings. Prepared names are not
 * kept; they are cheap to make again for the few names a search scores.
 */
export interface IndexSnapshot {
  entities: ListEntity[];
  nameEntity: Int32Array;
  /** 0 primary, 1 alias, 2 weak_alias. */
  nameType: Uint8Array;
  nameFull: string[];
  keys: string[];
  /** Posting of keys[k] is postingIds[postingStart[k] .. postingStart[k + 1]). */
  postingStart: Int32Array;
  postingIds: Int32Array;
}

const NAME_TYPES: readonly NameType[] = ['primary', 'alias', 'weak_alias'];

function styleOfEntity(entity: ListEntity) {
  return styleOfSchema(entity.schema === 'LegalEntity' ? 'Company' : entity.schema);
}

/** Keys shared by a huge share of names say nothing about which name it is. */
const MAX_POSTING_SHARE = 0.05;

function keysOfTokens(tokens: readonly NameToken[], into: Set<string>): void {
  // generic words and legal forms ("Holding", "Obshchestvo s Ogranichennoy ...") retrieve thousands of unrelated
  // names: keyed only when the name has nothing else
  const generic = tokens.some((t) => t.kind === 'word' || t.kind === 'number' || t.kind === 'country');
  for (const t of tokens) {
    if (t.kind === 'particle' || t.kind === 'initial' || (generic && t.kind === 'generic')) continue;
    into.add('t:' + t.text);
    if (t.phonetic[0].length >= 2) into.add('p:' + t.phonetic[0]);
    if (t.phonetic[1].length >= 2 && t.phonetic[1] !== t.phonetic[0]) into.add('p:' + t.phonetic[1]);
    if (t.variant) into.add('v:' + t.variant);
    if (t.skeleton.length >= 2) into.add('s:' + t.skeleton);
    if (t.text.length >= 5) {
      into.add('f:' + t.text.slice(0, 4));
      into.add('l:' + t.text.slice(-4));
      // deletion neighbourhood: two words one slip apart share one of these keys
      for (let i = 0; i < t.text.length; i++) into.add('d:' + t.text.slice(0, i) + t.text.slice(i + 1));
    }
    // the word itself in the neighbourhood too: a four-letter slip ("aifi") of a listed five-letter word ("atifi")
    if (t.text.length >= 4) into.add('d:' + t.text);
  }
  // "S. Muhammad": the initial narrows a common name down to the names that also carry that letter
  const significant = tokens.filter((t) => t.kind !== 'particle');
  if (significant.length <= 8) {
    for (const t of significant) {
      if (t.kind === 'initial' || t.text.length < 3) continue;
      for (const u of significant) if (u !== t) into.add('x:' + u.text[0] + ':' + t.text);
    }
  }
  const joined = tokens.map((t) => t.text).join('');
  if (joined.length >= 6) into.add('j:' + joined);
  // a Chinese name in Pinyin or Wade-Giles: neighbouring syllables, whichever way the parts are split ("Tse-tung" / "Zedong")
  const chinese = tokens.length >= 2 || joined.length <= 12 ? chineseNameKeys(tokens.map((t) => t.text)) : null;
  // (the pair unordered: lists write the surname first, customers last)
  for (const reading of chinese ?? []) for (let i = 0; i + 1 < reading.length; i++) into.add('c:' + [reading[i], reading[i + 1]].sort().join('.'));
}

export function blockingKeys(name: PreparedName): Set<string> {
  const keys = new Set<string>();
  for (const v of name.variants) keysOfTokens(v, keys);
  return keys;
}

export class ScreeningIndex {
  private readonly postings = new Map<string, Int32Array>();
  /** Postings of an index loaded from a snapshot: sorted keys, found by binary search. */
  private sorted: Pick<IndexSnapshot, 'keys' | 'postingStart' | 'postingIds'> | undefined;
  private readonly names: IndexedName[] = [];
  private readonly namesOfEntity: number[][] = [];
  private weights = new Float64Array(0);

  private constructor(readonly entities: readonly ListEntity[]) {}

  static build(entities: readonly ListEntity[]): ScreeningIndex {
    const index = new ScreeningIndex(entities);
    const building = new Map<string, number[]>();
    entities.forEach((entity, e) => {
      const style = styleOfEntity(entity);
      const own: number[] = [];
      for (const n of entity.names) {
        const name = prepareName(n.full, style);
        if (name.variants.length === 0) continue;
        const id = index.names.length;
        index.names.push({ entity: e, type: n.type, full: n.full, name });
        own.push(id);
        for (const key of blockingKeys(name)) {
          let list = building.get(key);
          if (!list) building.set(key, (list = []));
          list.push(id);
        }
      }
      index.namesOfEntity.push(own);
    });
    for (const [key, list] of building) index.postings.set(key, Int32Array.from(list));
    return index;
  }

  /** The index without its prepared names, for a snapshot on disk (see screening/index-snapshot.ts). */
  toSnapshot(): IndexSnapshot {
    if (this.sorted) return { entities: [...this.entities], nameEntity: Int32Array.from(this.names, (n) => n.entity), nameType: Uint8Array.from(this.names, (n) => NAME_TYPES.indexOf(n.type)), nameFull: this.names.map((n) => n.full), ...this.sorted };
    // sorted, so that a loaded snapshot finds a key by binary search instead of first building a map of them all
    const keys = [...this.postings.keys()].sort();
    const postingStart = new Int32Array(keys.length + 1);
    let total = 0;
    keys.forEach((k, i) => { postingStart[i] = total; total += this.postings.get(k)!.length; });
    postingStart[keys.length] = total;
    const postingIds = new Int32Array(total);
    keys.forEach((k, i) => postingIds.set(this.postings.get(k)!, postingStart[i]!));
    return {
      entities: [...this.entities],
      nameEntity: Int32Array.from(this.names, (n) => n.entity),
      nameType: Uint8Array.from(this.names, (n) => NAME_TYPES.indexOf(n.type)),
      nameFull: this.names.map((n) => n.full),
      keys,
      postingStart,
      postingIds,
    };
  }

  static fromSnapshot(snapshot: IndexSnapshot): ScreeningIndex {
    const index = new ScreeningIndex(snapshot.entities);
    for (let e = 0; e < snapshot.entities.length; e++) index.namesOfEntity.push([]);
    for (let n = 0; n < snapshot.nameFull.length; n++) {
      const entity = snapshot.nameEntity[n]!;
      index.names.push({ entity, type: NAME_TYPES[snapshot.nameType[n]!] ?? 'alias', full: snapshot.nameFull[n]!, name: undefined });
      index.namesOfEntity[entity]!.push(n);
    }
    index.sorted = { keys: snapshot.keys, postingStart: snapshot.postingStart, postingIds: snapshot.postingIds };
    return index;
  }

  private posting(key: string): Int32Array | undefined {
    if (!this.sorted) return this.postings.get(key);
    const { keys, postingStart, postingIds } = this.sorted;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return postingIds.subarray(postingStart[mid], postingStart[mid + 1]);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private prepared(n: IndexedName): { name: PreparedName; type: NameType; full: string } {
    n.name ??= prepareName(n.full, styleOfEntity(this.entities[n.entity]!));
    return { name: n.name, type: n.type, full: n.full };
  }

  get nameCount(): number {
    return this.names.length;
  }

  get keyCount(): number {
    return this.sorted ? this.sorted.keys.length : this.postings.size;
  }

  search(query: ScreeningQuery, options: SearchOptions = {}): SearchHit[] {
    const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
    const minScore = options.minScore ?? threshold;
    const limit = options.limit ?? 10;
    const prepared = prepareQuery(query);
    if (prepared.name.variants.length === 0) return [];
    const abjad = prepared.name.script === 'arabic' || prepared.name.script === 'hebrew';

    // candidate names, weighted by the rarity (idf) of each shared key; the weights live in one
    // array per index (reset after use) rather than a map per search
    const total = Math.max(1, this.names.length);
    if (this.weights.length < this.names.length) this.weights = new Float64Array(this.names.length);
    const weights = this.weights;
    const touched: number[] = [];
    for (const key of blockingKeys(prepared.name)) {
      if (!abjad && key.startsWith('s:')) continue;
      const posting = this.posting(key);
      if (!posting || posting.length > total * MAX_POSTING_SHARE + 50) continue;
      const idf = Math.log(1 + total / posting.length) * (key.startsWith('t:') || key.startsWith('j:') ? 1.5 : 1);
      for (let k = 0; k < posting.length; k++) {
        const n = posting[k]!;
        if (weights[n] === 0) touched.push(n);
        weights[n]! += idf;
      }
    }
    const ranked: Array<[number, number]> = [];
    for (const n of touched) {
      const entity = this.entities[this.names[n]!.entity]!;
      if (schemaCompatible(query.schema, entity.schema)) ranked.push([n, weights[n]!]);
      weights[n] = 0;
    }
    ranked.sort((a, b) => b[1] - a[1]);
    const budget = options.candidates ?? 60;

    // group the retrieved names by entity; only those names are scored (an entity's other aliases shared no key)
    const byEntity = new Map<number, Array<{ name: PreparedName; type: NameType; full: string }>>();
    for (let r = 0; r < ranked.length && r < budget; r++) {
      const indexed = this.names[ranked[r]![0]]!;
      const name = this.prepared(indexed);
      const list = byEntity.get(indexed.entity);
      if (list) list.push(name);
      else byEntity.set(indexed.entity, [name]);
    }
    if (options.stats) options.stats.comparisons += byEntity.size;
    const hits: SearchHit[] = [];
    for (const [e, names] of byEntity) {
      const entity = this.entities[e]!;
      const result = scoreEntity(prepared, entity, names, threshold);
      if (result.score < minScore) continue;
      hits.push({ entityId: entity.id, list: entity.list, name: result.matchedName, primaryName: primaryName(entity), score: result.score, match: result.match, explanation: result.explanation, ...(entity.demo ? { demo: true as const } : {}) });
    }
    hits.sort((a, b) => b.score - a.score || a.entityId.localeCompare(b.entityId));
    return hits.slice(0, limit);
  }
}
