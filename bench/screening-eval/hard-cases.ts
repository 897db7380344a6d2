// The evaluation's second set (issue #17): variations the first set lacked
// (numbers written out, Wade-Giles for Pinyin, nicknames and joined initials,
// legal forms written out, Chinese names in Han script) drawn from real list
// names, and hard negatives from hand-made Danish, Nordic and immigrant name
// pools and Danish company-name shapes (bench/screening-eval/name-pools.ts),
// which are searched against the whole list: any hit at the threshold is a
// false positive. CJK negatives are two names in their own script that
// romanise alike but are written with other characters.
import type { ListEntity } from '../../domain/screening/entity.ts';
import { COMPANY_WORDS, DANISH_GIVEN, DANISH_LEGAL_FORMS, DANISH_SURNAMES, HAN_BY_SYLLABLE, HANGUL_SURNAMES, HANGUL_SYLLABLES, IMMIGRANT_GIVEN, IMMIGRANT_SURNAMES, NORDIC_GIVEN, PLACES } from './name-pools.ts';
import { pick, type Random } from './variations.ts';

export interface HardCase {
  class: string;
  expected: 'match' | 'no_match';
  schema: 'Person' | 'Company';
  query: string;
  listed: string;
  /** '*' for a negative searched against every listed entity. */
  entityId: string;
  stages: Array<'compare' | 'search'>;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

function words(n: number): string {
  if (n < 20) return ONES[n]!;
  return TENS[Math.floor(n / 10)]! + (n % 10 === 0 ? '' : '-' + ONES[n % 10]!);
}

function ordinalWords(n: number): string {
  const w = words(n);
  const parts = w.split('-');
  const last = parts.at(-1)!;
  parts[parts.length - 1] = ORDINAL[last] ?? (last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th');
  return parts.join('-');
}

const cap = (w: string) => w.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('-');

/** "Management Company 23" → "Management Company Twenty-Three"; "1st Bank" → "First Bank". */
export function numbersInWords(name: string): string | null {
  let changed = false;
  const out = name.replace(/\b(\d{1,2})(st|nd|rd|th)?\b/gi, (_, d: string, ord: string | undefined) => {
    changed = true;
    return cap(ord ? ordinalWords(Number(d)) : words(Number(d)));
  });
  return changed ? out : null;
}

const PINYIN = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|ui|un|uo|ue|a|e|i|o|u)$/;

/** Split a Pinyin word into syllables (longest first, with backtracking); null when it is not Pinyin. */
export function pinyinSyllables(word: string): string[] | null {
  const w = word.toLowerCase();
  if (w === '') return [];
  for (let len = Math.min(6, w.length); len >= 1; len--) {
    const head = w.slice(0, len);
    if (!PINYIN.test(head)) continue;
    const rest = pinyinSyllables(w.slice(len));
    if (rest) return [head, ...rest];
  }
  return null;
}

/** One Pinyin syllable in Wade-Giles, apostrophes dropped as they usually are in practice. */
export function toWadeGiles(s: string): string {
  const m = PINYIN.exec(s);
  if (!m) return s;
  let [, ini = '', fin = ''] = m;
  if (s === 'yi') return 'i';
  if (s === 'you') return 'yu';
  if (s === 'ye') return 'yeh';
  if (s === 'yan') return 'yen';
  if (s === 'yong') return 'yung';
  if (s === 'yu') return 'yu';
  if (['zi', 'ci', 'si'].includes(s)) return { zi: 'tzu', ci: 'tzu', si: 'ssu' }[s]!;
  if (['zhi', 'chi', 'shi', 'ri'].includes(s)) return { zhi: 'chih', chi: 'chih', shi: 'shih', ri: 'jih' }[s]!;
  const INI: Record<string, string> = { b: 'p', d: 't', g: 'k', j: 'ch', q: 'ch', x: 'hs', zh: 'ch', z: 'ts', c: 'ts', r: 'j' };
  ini = INI[ini] ?? ini;
  if (fin === 'ong') fin = 'ung';
  else if (fin === 'iong') fin = 'iung';
  else if (fin === 'ian') fin = 'ien';
  else if (fin === 'ie') fin = 'ieh';
  else if (fin === 'ui') fin = 'uei';
  else if (fin === 'uo' && ['k', 'h', 'sh', 'ch'].includes(ini) === false) fin = 'o';
  else if (fin === 'e' && (ini === 'k' || ini === 'h')) fin = 'o';
  return ini + fin;
}

const NICKNAMES: Record<string, string[]> = {
  robert: ['Bob', 'Rob', 'Bobby'], william: ['Bill', 'Will', 'Billy'], richard: ['Rick', 'Dick'], james: ['Jim', 'Jimmy'], john: ['Jack', 'Johnny'],
  thomas: ['Tom', 'Tommy'], joseph: ['Joe'], michael: ['Mike'], edward: ['Ed', 'Ted', 'Eddie'], theodore: ['Ted', 'Teddy'], alexander: ['Alex', 'Sasha'],
  aleksandr: ['Sasha', 'Alex'], vladimir: ['Volodya'], dmitry: ['Dima'], nikolai: ['Kolya'], mikhail: ['Misha'], ivan: ['Vanya'], anatoly: ['Tolya'],
  daniel: ['Dan', 'Danny'], david: ['Dave'], charles: ['Charlie', 'Chuck'], anthony: ['Tony'], christopher: ['Chris'], nicholas: ['Nick'], samuel: ['Sam'],
  benjamin: ['Ben'], jonathan: ['Jon'], timothy: ['Tim'], peter: ['Pete'], steven: ['Steve'], stephen: ['Steve'], andrew: ['Andy'], gregory: ['Greg'],
  elizabeth: ['Liz', 'Beth'], margaret: ['Maggie', 'Peggy'], katherine: ['Kate', 'Kathy'], patricia: ['Pat'], jennifer: ['Jen'], francisco: ['Paco', 'Pancho'],
  jose: ['Pepe'], manuel: ['Manolo'], ignacio: ['Nacho'], eduardo: ['Lalo'], guillermo: ['Memo'], alberto: ['Beto'], roberto: ['Beto'], enrique: ['Quique'],
};

const LONG_FORMS: Record<string, string[]> = {
  ag: ['Aktiengesellschaft'], gmbh: ['Gesellschaft mit beschränkter Haftung'], srl: ['Societatea cu Răspundere Limitată', 'Società a responsabilità limitata'],
  sa: ['Sociedad Anónima', 'Société Anonyme'], ltd: ['Limited'], llc: ['Limited Liability Company'], aps: ['Anpartsselskab'], as: ['Aktieselskab'],
  ooo: ['Obshchestvo s Ogranichennoy Otvetstvennostyu'], bv: ['Besloten Vennootschap'], spa: ['Società per Azioni'], sarl: ['Société à responsabilité limitée'],
  jsc: ['Joint Stock Company'], plc: ['Public Limited Company'], ab: ['Aktiebolag'], sl: ['Sociedad Limitada'],
};

function readingTokens(name: string): string[] {
  const comma = name.indexOf(',');
  const ordered = comma > 0 ? `${name.slice(comma + 1)} ${name.slice(0, comma)}` : name;
  return ordered.replace(/[^\p{L}\p{N}'.-]+/gu, ' ').trim().split(/\s+/).filter((t) => /\p{L}/u.test(t));
}

function primary(e: ListEntity): string {
  return (e.names.find((n) => n.type === 'primary') ?? e.names[0]!).full;
}

export function generateHardCases(entities: readonly ListEntity[], rnd: Random, perClass: number, shuffled: <T>(xs: readonly T[]) => T[]): HardCase[] {
  const cases: HardCase[] = [];
  const fill = (cls: string, pool: readonly ListEntity[], make: (e: ListEntity) => Omit<HardCase, 'class' | 'entityId'> | null) => {
    let n = 0;
    for (const e of shuffled(pool)) {
      if (n >= perClass) break;
      const c = make(e);
      if (!c) continue;
      cases.push({ class: cls, entityId: e.id, ...c });
      n++;
    }
  };
  const schemaOf = (e: ListEntity): 'Person' | 'Company' => (e.schema === 'Person' ? 'Person' : 'Company');
  const latin = (n: string) => /^[A-Za-z0-9 ,.'&/-]+$/.test(n);

  fill('number_words', entities.filter((e) => e.schema !== 'Vessel' && e.schema !== 'Aircraft' && latin(primary(e)) && /\b\d{1,2}(st|nd|rd|th)?\b/i.test(primary(e)) && /[A-Za-z]{3}/.test(primary(e))), (e) => {
    const q = numbersInWords(primary(e));
    return q ? { expected: 'match', schema: schemaOf(e), query: q, listed: primary(e), stages: ['compare', 'search'] } : null;
  });
  const chinese = entities.filter((e) => e.schema === 'Person' && latin(primary(e)) && readingTokens(primary(e)).length >= 2 && readingTokens(primary(e)).every((t) => { const s = pinyinSyllables(t); return s !== null && s.length <= 2; }));
  fill('wade_giles', chinese, (e) => {
    const tokens = readingTokens(primary(e));
    const q = tokens.map((t) => pinyinSyllables(t)!.map(toWadeGiles).join('-')).map((t) => t.charAt(0).toUpperCase() + t.slice(1)).join(' ');
    return q.toLowerCase().replace(/-/g, '') === tokens.join(' ').toLowerCase() ? null : { expected: 'match', schema: 'Person', query: q, listed: tokens.join(' '), stages: ['compare', 'search'] };
  });
  fill('han_script', chinese, (e) => {
    const tokens = readingTokens(primary(e));
    // reading order is given name(s) then surname: Han script writes the surname first, without spaces
    const syllables = [tokens.at(-1)!, ...tokens.slice(0, -1)].flatMap((t) => pinyinSyllables(t)!);
    if (syllables.some((s) => !HAN_BY_SYLLABLE[s])) return null;
    return { expected: 'match', schema: 'Person', query: syllables.map((s) => pick(rnd, HAN_BY_SYLLABLE[s]!)).join(''), listed: primary(e), stages: ['compare', 'search'] };
  });
  fill('nickname_initials', entities.filter((e) => e.schema === 'Person' && latin(primary(e)) && readingTokens(primary(e)).length >= 2), (e) => {
    const tokens = readingTokens(primary(e));
    const first = tokens[0]!;
    if (first.includes('-') && first.split('-').every((p) => /^[A-Za-z]{2,}$/.test(p))) {
      // joined initials as a customer types them ("MR Ashtiani" for Mohammad-Reza ASHTIANI): particles (al, ur, ud) get no letter
      const letters = first.split('-').filter((p) => !/^(al|el|ul|ur|ud|ad|ud|ed|as|ash|ibn|bin)$/i.test(p)).map((p) => p[0]!.toUpperCase()).join('');
      const rest = tokens.slice(1).map((t) => t.charAt(0).toUpperCase() + t.slice(1).toLowerCase());
      return letters.length >= 2 ? { expected: 'match', schema: 'Person', query: [letters, ...rest].join(' '), listed: tokens.join(' '), stages: ['compare', 'search'] } : null;
    }
    const nicks = NICKNAMES[first.toLowerCase()];
    if (!nicks) return null;
    return { expected: 'match', schema: 'Person', query: [pick(rnd, nicks), ...tokens.slice(1)].join(' '), listed: tokens.join(' '), stages: ['compare', 'search'] };
  });
  fill('legal_form_written', entities.filter((e) => e.schema !== 'Person' && latin(primary(e))), (e) => {
    const name = primary(e);
    const m = /^(.*\S)[ ,]+([A-Za-z./]{2,6})$/.exec(name);
    if (!m) return null;
    const key = m[2]!.toLowerCase().replace(/[./]/g, '');
    const long = LONG_FORMS[key];
    if (!long || !/[A-Za-z]{3}/.test(m[1]!)) return null;
    return { expected: 'match', schema: 'Company', query: `${m[1]} ${pick(rnd, long)}`, listed: name, stages: ['compare', 'search'] };
  });

  // hard negatives: searched against every listed entity
  const negatives = (cls: string, schema: 'Person' | 'Company', make: () => string) => {
    const seen = new Set<string>();
    for (let k = 0; k < perClass * 20 && seen.size < perClass; k++) {
      const q = make();
      if (seen.has(q)) continue;
      seen.add(q);
      cases.push({ class: cls, expected: 'no_match', schema, query: q, listed: '', entityId: '*', stages: ['search'] });
    }
  };
  const given = () => pick(rnd, rnd() < 0.6 ? DANISH_GIVEN : rnd() < 0.3 ? NORDIC_GIVEN : IMMIGRANT_GIVEN);
  negatives('neg_danish_person', 'Person', () => {
    const r = rnd();
    if (r < 0.55) return `${given()} ${rnd() < 0.4 ? given() + ' ' : ''}${pick(rnd, DANISH_SURNAMES)}`;
    if (r < 0.75) return `${given()} ${pick(rnd, DANISH_SURNAMES)} ${pick(rnd, DANISH_SURNAMES)}`;
    return `${pick(rnd, IMMIGRANT_GIVEN)} ${rnd() < 0.3 ? pick(rnd, IMMIGRANT_GIVEN) + ' ' : ''}${pick(rnd, IMMIGRANT_SURNAMES)}`;
  });
  negatives('neg_danish_company', 'Company', () => {
    const form = pick(rnd, DANISH_LEGAL_FORMS);
    const r = rnd();
    if (r < 0.3) return `${pick(rnd, COMPANY_WORDS)} ${pick(rnd, COMPANY_WORDS)} ${form}`;
    if (r < 0.55) return `${pick(rnd, PLACES)} ${pick(rnd, COMPANY_WORDS)} ${form}`;
    if (r < 0.8) return `${pick(rnd, DANISH_SURNAMES)} ${pick(rnd, COMPANY_WORDS)} ${form}`;
    if (r < 0.9) return `${pick(rnd, DANISH_GIVEN)[0]} ${pick(rnd, COMPANY_WORDS)} ${form}`;
    return `${pick(rnd, COMPANY_WORDS)} ${pick(rnd, COMPANY_WORDS)} ${1 + Math.floor(rnd() * 40)} ${form}`;
  });
  // CJK in own script: the same romanisation, one character different (张伟 / 章伟), or one Hangul syllable different
  const seen = new Set<string>();
  const hanSyllables = Object.keys(HAN_BY_SYLLABLE).filter((s) => HAN_BY_SYLLABLE[s]!.length > 1);
  for (let k = 0; k < perClass * 20 && seen.size < perClass; k++) {
    let a: string;
    let b: string;
    if (rnd() < 0.6) {
      const syl = [pick(rnd, hanSyllables), pick(rnd, Object.keys(HAN_BY_SYLLABLE)), ...(rnd() < 0.6 ? [pick(rnd, Object.keys(HAN_BY_SYLLABLE))] : [])];
      const chars = syl.map((s) => pick(rnd, HAN_BY_SYLLABLE[s]!));
      const i = syl.findIndex((s) => HAN_BY_SYLLABLE[s]!.length > 1);
      const other = [...chars];
      other[i] = HAN_BY_SYLLABLE[syl[i]!]!.find((c) => c !== chars[i])!;
      a = chars.join('');
      b = other.join('');
    } else {
      const chars = [pick(rnd, HANGUL_SURNAMES), pick(rnd, HANGUL_SYLLABLES), pick(rnd, HANGUL_SYLLABLES)];
      const other = [...chars];
      const i = 1 + Math.floor(rnd() * 2);
      other[i] = pick(rnd, HANGUL_SYLLABLES.filter((c) => c !== chars[i]));
      a = chars.join('');
      b = other.join('');
    }
    if (seen.has(a + b)) continue;
    seen.add(a + b);
    cases.push({ class: 'neg_cjk_script', expected: 'no_match', schema: 'Person', query: a, listed: b, entityId: '*', stages: ['compare'] });
  }
  return cases;
}
