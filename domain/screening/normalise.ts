// Name normalisation for screening: turns any name as typed or as listed into
// comparable tokens. Unicode NFKC, removal of zero-width/bidi/control marks,
// case and ASCII folding (Cyrillic, Greek, Arabic transliterated), Danish and
// German letters kept both ways (ø → oe and o), legal forms and honorifics set
// aside, and per-token phonetic codes, variant keys and consonant skeletons
// prepared once so that comparing two prepared names is cheap.
import anyAscii from 'any-ascii';
import { doubleMetaphone } from 'double-metaphone';
import { isCountryWord } from './countries.ts';
import { LEGAL_FORM_WORDS, stripLegalForms } from './legal-forms.ts';
import { nameVariantKey } from './name-variants.ts';

export type NameStyle = 'person' | 'company';
export type Script = 'latin' | 'arabic' | 'cyrillic' | 'greek' | 'hebrew' | 'cjk' | 'other' | 'mixed' | 'none';
export type TokenKind = 'word' | 'initial' | 'particle' | 'generic' | 'country' | 'number';

export interface NameToken {
  text: string;
  kind: TokenKind;
  /** How much the token counts when names are compared (initials and particles count little). */
  weight: number;
  /** Canonical spelling when the token belongs to a known variant group (Mohammed → muhammad). */
  variant: string | undefined;
  /** Double metaphone primary and secondary codes. */
  phonetic: readonly [string, string];
  /** Consonants only (vowels, w, y and doubled letters dropped): how abjad-script names compare. */
  skeleton: string;
}

export interface PreparedName {
  /** The cleaned input (control and invisible characters removed). */
  display: string;
  script: Script;
  /** One token list per spelling variant (Danish/German letters written long and short); usually one. */
  variants: NameToken[][];
  /** Per variant, the index of the part read as the surname (the last before a comma, else the last), or -1. */
  surname: number[];
  legalForms: string[];
  /** True when the input had more text than is compared (very long names are cut, not rejected). */
  truncated: boolean;
  /** Readings applied before comparing ("forty four → 44", "u s → united states"), for the explanation. */
  rewrites: string[];
}

/** Names longer than this are compared on their first part only: no real name is this long. */
export const MAX_NAME_CHARS = 300;
export const MAX_TOKENS = 16;

// Zero-width, bidi controls, BOM, soft hyphen, Arabic letter mark, Mongolian vowel separator, C0/C1 controls.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** NFKC, invisible characters removed, whitespace collapsed. */
export function cleanName(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

export function detectScript(text: string): Script {
  const seen = new Set<Script>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    if (/\p{Script=Latin}/u.test(ch)) seen.add('latin');
    else if (/\p{Script=Arabic}/u.test(ch)) seen.add('arabic');
    else if (/\p{Script=Cyrillic}/u.test(ch)) seen.add('cyrillic');
    else if (/\p{Script=Greek}/u.test(ch)) seen.add('greek');
    else if (/\p{Script=Hebrew}/u.test(ch)) seen.add('hebrew');
    else if (/[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)) seen.add('cjk');
    else seen.add('other');
    if (seen.size > 1) return 'mixed';
  }
  const [only] = seen;
  return only ?? 'none';
}

const PARTICLES = new Set([
  'al', 'el', 'al', 'bin', 'ibn', 'bint', 'ben', 'binti', 'ould', 'abu', 'abou', 'um', 'umm', 'ul', 'ad', 'ar', 'as', 'at', 'az', 'ash', 'an',
  'van', 'von', 'der', 'den', 'de', 'da', 'di', 'du', 'la', 'le', 'del', 'della', 'dos', 'das', 'do', 'y', 'e', 'zu', 'af', 'ter', 'ten', 'mac', 'st',
]);

const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame', 'lord', 'haji', 'hajji', 'hadji', 'sheikh', 'shaykh', 'sheik', 'shaikh', 'mullah', 'mulla',
  'maulavi', 'mawlawi', 'maulvi', 'moulavi', 'maulana', 'qari', 'imam', 'general', 'gen', 'col', 'colonel', 'brigadier', 'major', 'captain', 'capt', 'lt',
  'admiral', 'hon', 'rev', 'herr', 'fru', 'frk',
]);

/** Words in company names that say little about which company it is. */
const GENERIC_COMPANY_WORDS = new Set([
  'the', 'and', 'of', 'for', 'og', 'und', 'et', 'y', 'de', 'la', 'el', 'del', 'group', 'groupe', 'gruppe', 'holding', 'holdings', 'trading', 'trade',
  'international', 'intl', 'services', 'service', 'enterprises', 'enterprise', 'industries', 'industrial', 'general', 'company', 'co', 'corporation',
  'establishment', 'est', 'firm', 'partners', 'associates', 'and co', 'import', 'export', 'investment', 'investments', 'management',
  // words that describe a trade, not a business: a name made of them says nothing about which company it is
  'invest', 'investering', 'capital', 'kapital', 'finance', 'finans', 'financial', 'consult', 'consulting', 'consultants', 'partner', 'gruppen', 'handel',
  'handelsselskab', 'ejendomme', 'ejendom', 'ejendomsselskab', 'properties', 'property', 'real', 'estate', 'development', 'udvikling', 'solutions', 'systems',
  'technology', 'technologies', 'tech', 'media', 'logistics', 'logistik', 'transport', 'energy', 'global', 'worldwide', 'commercial', 'business',
  'venture', 'ventures', 'resources', 'products', 'byg', 'byggeri', 'entreprise', 'radgivning', 'raadgivning', 'revision', 'agency', 'office', 'center', 'centre',
  'construction', 'engineering', 'marketing', 'design', 'new', 'united', 'national', 'first', 'union', 'ltd', 'bros', 'brothers', 'sons',
  'europe', 'european', 'asia', 'africa', 'eurasia', 'food', 'foods', 'auto', 'automotive', 'industry', 'industri',
]);

// Number words and ordinals read as digits ("Forty-Four", "1st" / "First" → 44, 1): lists write numbers both ways.
const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8,
  ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19,
};
const TENS_WORDS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90,
};
// Abbreviations written out in the other name.
const ABBREVIATIONS: ReadonlyArray<[string[], string[]]> = [
  [['us'], ['united', 'states']], [['usa'], ['united', 'states']], [['uk'], ['united', 'kingdom']], [['uae'], ['united', 'arab', 'emirates']],
  [['intl'], ['international']], [['mt'], ['mount']], [['ft'], ['fort']], [['natl'], ['national']], [['bros'], ['brothers']], [['mfg'], ['manufacturing']],
];

/** Numbers, ordinals and abbreviations in one reading (digits, words written out); what was read is added to `rewrites`. */
export function readNumbersAndAbbreviations(tokens: readonly string[], rewrites: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const ordinal = /^(\d+)(st|nd|rd|th)$/.exec(t);
    if (ordinal) { out.push(ordinal[1]!); rewrites.push(`${t} → ${ordinal[1]}`); continue; }
    const tens = TENS_WORDS[t];
    if (tens !== undefined) {
      const next = tokens[i + 1];
      const unit = next !== undefined ? NUMBER_WORDS[next] : undefined;
      if (unit !== undefined && unit >= 1 && unit <= 9) { out.push(String(tens + unit)); rewrites.push(`${t} ${next} → ${tens + unit}`); i++; continue; }
      out.push(String(tens)); rewrites.push(`${t} → ${tens}`); continue;
    }
    const n = NUMBER_WORDS[t];
    // "one" and "first" are words too; read as numbers only where a number may stand (not the first word of a two-word name)
    if (n !== undefined && tokens.length >= 2) { out.push(String(n)); rewrites.push(`${t} → ${n}`); continue; }
    const abbreviation = ABBREVIATIONS.find(([short]) => short.length === 1 && short[0] === t);
    if (abbreviation && tokens.length >= 2) { out.push(...abbreviation[1]); rewrites.push(`${t} → ${abbreviation[1].join(' ')}`); continue; }
    out.push(t);
  }
  return out;
}

/** ä/ö/ü/æ/ø/å written both long (oe, aa) and short (o, a): a Dane types "Soeren" as often as "Soren". */
function letterVariants(lower: string): string[] {
  if (!/[æøåäöüœ]/.test(lower)) return [lower];
  const long = lower.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/œ/g, 'oe');
  const short = lower.replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/œ/g, 'oe');
  return long === short ? [long] : [long, short];
}

/** ASCII-fold and split into raw token strings (before legal-form and honorific handling). */
export function foldToTokens(text: string): string[] {
  // Han and Hangul transliterate to capitalised syllables ("张伟" → "ZhangWei"): keep them apart
  const ascii = (/[\p{Script=Han}\p{Script=Hangul}]/u.test(text) ? text.replace(/[\p{Script=Han}\p{Script=Hangul}]/gu, (c) => ' ' + anyAscii(c) + ' ') : anyAscii(text)).toLowerCase();
  return ascii
    // "S.A.", "Co." and "A/S" collapse to one token; apostrophes vanish (Qa'ida → qaida)
    .replace(/(?<=\b[a-z])[./](?=[a-z]\b)/g, '')
    .replace(/['`´‘’ʼʻ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t.length > 0);
}

/**
 * Consonant classes that Arabic/Hebrew romanisations write differently
 * (ظ/ذ as z or dh, ق as q or k, ة as h or nothing) folded together.
 */
export function skeletonOf(token: string): string {
  const s = token
    .replace(/dh/g, 'z').replace(/th/g, 't').replace(/kh/g, 'h').replace(/gh/g, 'g').replace(/sh/g, 's').replace(/ch/g, 's').replace(/ph/g, 'f')
    .replace(/q/g, 'k').replace(/c/g, 'k').replace(/v/g, 'f').replace(/p/g, 'b')
    .replace(/[aeiouyw]/g, '')
    .replace(/(.)\1+/g, '$1')
    .replace(/(?<=..)h$/, '');
  return s || token.slice(0, 1);
}

const tokenCache = new Map<string, NameToken>();

function makeToken(text: string, style: NameStyle): NameToken {
  const key = style + ':' + text;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  let kind: TokenKind = 'word';
  if (/^\d+$/.test(text)) kind = 'number';
  else if (text.length === 1) kind = 'initial';
  else if (style === 'person' && PARTICLES.has(text)) kind = 'particle';
  else if (style === 'company' && (GENERIC_COMPANY_WORDS.has(text) || LEGAL_FORM_WORDS.has(text))) kind = 'generic';
  else if (style === 'company' && isCountryWord(text)) kind = 'country';
  const weight = kind === 'initial' ? 0.35 : kind === 'particle' ? 0.3 : kind === 'generic' ? 0.5 : 1;
  const [p, s] = kind === 'number' ? [text, text] : doubleMetaphone(text);
  const token: NameToken = { text, kind, weight, variant: nameVariantKey(text), phonetic: [p, s], skeleton: skeletonOf(text) };
  // bounded: real name vocabularies are a few hundred thousand tokens at most
  if (tokenCache.size < 500_000) tokenCache.set(key, token);
  return token;
}

export function styleOfSchema(schema: string): NameStyle {
  return schema === 'Person' ? 'person' : 'company';
}

/** Prepare a name once for any number of comparisons. */
export function prepareName(raw: string, style: NameStyle): PreparedName {
  let display = cleanName(raw);
  const truncated = display.length > MAX_NAME_CHARS;
  if (truncated) display = display.slice(0, MAX_NAME_CHARS);
  const script = detectScript(display);
  const legalForms = new Set<string>();
  const rewrites: string[] = [];
  const variants: NameToken[][] = [];
  const surname: number[] = [];
  const seen = new Set<string>();
  // "SURNAME, Given Middle": the surname is the last part before the comma
  const comma = style === 'person' ? display.indexOf(',') : -1;
  const beforeComma = comma > 0 ? foldToTokens(display.slice(0, comma)).length : 0;
  let baseLength = -1;
  const add = (tokens: string[]) => {
    // a very long name keeps its start and its end: what tells sister companies apart ("... Danmark") comes last
    if (tokens.length > MAX_TOKENS) tokens = [...tokens.slice(0, MAX_TOKENS - 4), ...tokens.slice(-4)];
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) return;
    seen.add(key);
    if (baseLength < 0) baseLength = tokens.length;
    variants.push(tokens.map((t) => makeToken(t, style)));
    surname.push(style !== 'person' || tokens.length !== baseLength ? -1 : beforeComma > 0 ? beforeComma - 1 : tokens.length - 1);
  };
  for (const variant of letterVariants(display.toLowerCase())) {
    let tokens = readNumbersAndAbbreviations(foldToTokens(variant), rewrites);
    if (style === 'company') {
      const stripped = stripLegalForms(tokens);
      for (const f of stripped.legalForms) legalForms.add(f);
      add(stripped.tokens);
      // also kept whole: a misspelt legal form ("Limted") is not stripped on the other side
      if (stripped.legalForms.length > 0) add(tokens);
      continue;
    }
    if (script !== 'arabic' && script !== 'hebrew') {
      // honorifics are Latin-script words; "mr" in folded Arabic is the name Omar
      const kept = tokens.filter((t) => !HONORIFICS.has(t));
      if (kept.length > 0) tokens = kept;
    }
    add(tokens);
    // joined initials ("JC Juncker" for Jean-Claude Juncker): a part of two or three consonants read as initials
    // (Latin script only: folded Arabic and Hebrew carry no vowels at all)
    const joinedInitials = (t: string) => /^[b-df-hj-np-tv-z]{2,3}$/.test(t);
    if (script === 'latin' && tokens.some(joinedInitials)) add(tokens.flatMap((t) => (joinedInitials(t) ? t.split('') : [t])));
    // Russian-style romanisation of Cyrillic (Khasan, Dzhamel) also written the English way (Hasan, Jamel)
    if (script === 'cyrillic' || script === 'mixed') add(tokens.map((t) => t.replace(/dzh/g, 'j').replace(/kh/g, 'h').replace(/(?<=[aeiou])iy$|yy$/, 'y')));
  }
  return { display, script, variants, surname, legalForms: [...legalForms], truncated, rewrites: [...new Set(rewrites)] };
}

/** True when nothing comparable is left (empty, punctuation only, unknown symbols). */
export function isEmptyName(name: PreparedName): boolean {
  return name.variants.length === 0;
}
