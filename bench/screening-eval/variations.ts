// Realistic spelling variations of listed names, for the screening evaluation:
// how a name arrives from a customer, a registry or another list. Every
// function takes the random source, so one seed gives one evaluation set.
import { nameVariantKey } from '../../domain/screening/name-variants.ts';

export type Random = () => number;

/** mulberry32: tiny, seedable, good enough to pick cases. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: Random, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

/** Other spellings seen for the same given names (a subset of the matcher's table, chosen independently). */
const SPELLINGS: Record<string, string[]> = {
  muhammad: ['Mohammed', 'Mohamed', 'Mohammad', 'Muhammed'], mohammed: ['Muhammad', 'Mohamed'], mohamed: ['Mohammed', 'Muhammad'], mohammad: ['Muhammad', 'Mohamed'],
  ahmad: ['Ahmed', 'Akhmed'], ahmed: ['Ahmad'], hussein: ['Husain', 'Hussain', 'Husayn'], husayn: ['Hussein'], hassan: ['Hasan'], hasan: ['Hassan'],
  abdullah: ['Abdallah', 'Abdulla'], abdallah: ['Abdullah'], yusuf: ['Yousef', 'Youssef'], omar: ['Umar'], umar: ['Omar'], usama: ['Osama'], osama: ['Usama'],
  khalid: ['Khaled'], khaled: ['Khalid'], mustafa: ['Moustafa', 'Mostafa'], ibrahim: ['Ebrahim'], ismail: ['Ismael'], sulayman: ['Suleiman'], suleiman: ['Sulayman'],
  said: ['Saeed', 'Sayed'], saeed: ['Said'], mahmoud: ['Mahmud'], mahmud: ['Mahmoud'], nasser: ['Nasir'], tariq: ['Tarek'], walid: ['Waleed'], jafar: ['Jaafar'],
  aleksandr: ['Alexander'], alexander: ['Aleksandr'], sergei: ['Sergey'], sergey: ['Sergei'], yuri: ['Yury', 'Yuriy'], dmitri: ['Dmitry'], dmitry: ['Dmitri'],
  aleksei: ['Alexey'], alexey: ['Aleksei'], vladimir: ['Volodymyr'], mikhail: ['Mykhailo'], nikolai: ['Nikolay'], andrei: ['Andrey'], andrey: ['Andrei'],
  evgeny: ['Yevgeny'], yevgeniy: ['Evgeny'], viktor: ['Victor'], igor: ['Ihor'], oleg: ['Oleh'],
};

/** Letter-level romanisation differences (applied to one place in the name). */
const RULES: Array<[RegExp, string]> = [
  [/ou/, 'u'], [/u(?!u)/, 'ou'], [/ee/, 'i'], [/kh/, 'h'], [/q/, 'k'], [/y(?=[aeiou])/, 'j'], [/(?<!d)j(?=[aeiou])/, 'dj'], [/sh/, 'sch'], [/ch/, 'tch'],
  [/ia\b/, 'iya'], [/iy/, 'i'], [/ai/, 'ay'], [/ei/, 'ey'], [/dh/, 'z'], [/gh/, 'g'], [/ts/, 'tz'], [/ck/, 'k'], [/ph/, 'f'],
];

function caseLike(template: string, value: string): string {
  return template === template.toUpperCase() ? value.toUpperCase() : value;
}

const CYRILLIC: Array<[string, string]> = [
  ['shch', 'щ'], ['dj', 'дж'], ['kh', 'х'], ['zh', 'ж'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'], ['yu', 'ю'], ['ya', 'я'], ['yo', 'ё'],
  ['a', 'а'], ['b', 'б'], ['v', 'в'], ['w', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'], ['i', 'и'], ['y', 'й'], ['k', 'к'], ['q', 'к'], ['c', 'к'],
  ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'], ['h', 'х'], ['j', 'дж'], ['x', 'кс'],
];

/** Write a Latin name in Cyrillic letters, as a Russian registry would. */
export function toCyrillic(name: string): string {
  return name.toLowerCase().split(/(\s+)/).map((word) => {
    let out = '';
    for (let i = 0; i < word.length;) {
      const hit = CYRILLIC.find(([lat]) => word.startsWith(lat, i));
      if (hit) { out += hit[1]; i += hit[0].length; } else { out += word[i]; i++; }
    }
    return out.charAt(0).toUpperCase() + out.slice(1);
  }).join('');
}

export function transliterate(rnd: Random, name: string): string | null {
  const words = name.split(/\s+/);
  const known = words.map((w, i) => [i, SPELLINGS[w.toLowerCase()]] as const).filter(([, s]) => s);
  if (known.length > 0 && rnd() < 0.7) {
    const [i, options] = pick(rnd, known);
    words[i] = caseLike(words[i]!, pick(rnd, options!));
    return words.join(' ');
  }
  const order = [...RULES].sort(() => rnd() - 0.5);
  for (const [pattern, replacement] of order) {
    const targets = words.map((w, i) => [i, w] as const).filter(([, w]) => w.length >= 4 && pattern.test(w.toLowerCase()));
    if (targets.length === 0) continue;
    const [i, w] = pick(rnd, targets);
    words[i] = caseLike(w, w.toLowerCase().replace(pattern, replacement));
    return words.join(' ');
  }
  return null;
}

const DIACRITICS: Array<[RegExp, string]> = [
  [/aa/i, 'å'], [/oe/i, 'ø'], [/ae/i, 'æ'], [/o/i, 'ø'], [/a/i, 'å'], [/e/i, 'é'], [/u/i, 'ü'], [/i/i, 'í'], [/c/i, 'ç'], [/n/i, 'ñ'], [/s/i, 'š'], [/a/i, 'ä'], [/o/i, 'ö'],
];

export function addDiacritics(rnd: Random, name: string): string | null {
  let out = name;
  const count = 1 + Math.floor(rnd() * 2);
  let changed = 0;
  for (let k = 0; k < 6 && changed < count; k++) {
    const [pattern, letter] = pick(rnd, DIACRITICS);
    const words = out.split(' ');
    const candidates = words.map((w, i) => [i, w] as const).filter(([, w]) => pattern.test(w));
    if (candidates.length === 0) continue;
    const [i, w] = pick(rnd, candidates);
    words[i] = w.replace(pattern, (m) => (m === m.toUpperCase() ? letter.toUpperCase() : letter));
    out = words.join(' ');
    changed++;
  }
  return changed > 0 ? out : null;
}

export function swapOrder(tokens: string[]): string | null {
  if (tokens.length < 2) return null;
  return [...tokens.slice(1), tokens[0]!].join(' ');
}

export function dropMiddle(rnd: Random, tokens: string[]): string | null {
  if (tokens.length < 3) return null;
  const middle = tokens.slice(1, -1);
  const keep = middle.filter(() => rnd() < 0.3);
  if (keep.length === middle.length) keep.pop();
  return [tokens[0]!, ...keep, tokens[tokens.length - 1]!].join(' ');
}

/** "Ayman Muhammad Rabi Zawahiri" → "A. M. R. Zawahiri" or "A. Zawahiri". */
export function initials(rnd: Random, tokens: string[]): string | null {
  if (tokens.length < 2) return null;
  const given = tokens.slice(0, -1);
  const last = tokens[tokens.length - 1]!;
  const kept = rnd() < 0.5 ? given : given.slice(0, 1);
  const letters = kept.map((t) => /\p{L}/u.exec(t)?.[0]).filter((l): l is string => l !== undefined);
  if (letters.length === 0) return null;
  return [...letters.map((l) => l.toUpperCase() + '.'), last].join(' ');
}

const LETTERS = 'abcdefghijklmnoprstuvy';

function oneTypo(rnd: Random, word: string): string {
  const i = 1 + Math.floor(rnd() * (word.length - 2));
  const kind = Math.floor(rnd() * 4);
  const letter = caseLike(word, pick(rnd, LETTERS.split('')));
  if (kind === 0) return word.slice(0, i) + letter + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + letter + word.slice(i);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/** One or two keyboard slips, in the longer name parts (a slip in "Li" makes another name, not a typo). */
export function typos(rnd: Random, tokens: string[], count: 1 | 2): string | null {
  const words = [...tokens];
  const long = words.map((w, i) => [i, w] as const).filter(([, w]) => w.length >= 5);
  if (long.length === 0) return null;
  for (let k = 0; k < count; k++) {
    const [i] = pick(rnd, long);
    words[i] = oneTypo(rnd, words[i]!);
  }
  const out = words.join(' ');
  return out.toLowerCase() === tokens.join(' ').toLowerCase() ? null : out;
}

export const LEGAL_FORMS = ['A/S', 'ApS', 'Ltd', 'Limited', 'LLC', 'GmbH', 'S.A.', 'Inc.', 'AB', 'B.V.', 'IVS', 'P/S'];

/** Listed company name with its legal form replaced by another. */
export function changeLegalForm(rnd: Random, bareName: string, currentForm: string | null): string {
  const options = LEGAL_FORMS.filter((f) => f !== currentForm);
  return `${bareName} ${pick(rnd, options)}`;
}

export function isSpellingOf(a: string, b: string): boolean {
  const ka = nameVariantKey(a.toLowerCase());
  return ka !== undefined && ka === nameVariantKey(b.toLowerCase());
}
