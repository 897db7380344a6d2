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
  legalForms: string[];
  /** True when the input had more text than is compared (very long names are cut, not rejected). */
  truncated: boolean;
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
]);

/** ä/ö/ü/æ/ø/å written both long (oe, aa) and short (o, a): a Dane types "Soeren" as often as "Soren". */
function letterVariants(lower: string): string[] {
  if (!/[æøåäöüœ]/.test(lower)) return [lower];
  const long = lower.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/œ/g, 'oe');
  const short = lower.replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/œ/g, 'oe');
  return long === short ? [long] : [long, short];
}

/** ASCII-fold and split into raw token strings (before legal-form and honorific handling). */
export function foldToTokens(text: string): string[] {
  const ascii = anyAscii(text).toLowerCase();
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
  const variants: NameToken[][] = [];
  const seen = new Set<string>();
  const add = (tokens: string[]) => {
    // a very long name keeps its start and its end: what tells sister companies apart ("... Danmark") comes last
    if (tokens.length > MAX_TOKENS) tokens = [...tokens.slice(0, MAX_TOKENS - 4), ...tokens.slice(-4)];
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) return;
    seen.add(key);
    variants.push(tokens.map((t) => makeToken(t, style)));
  };
  for (const variant of letterVariants(display.toLowerCase())) {
    let tokens = foldToTokens(variant);
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
    // Russian-style romanisation of Cyrillic (Khasan, Dzhamel) also written the English way (Hasan, Jamel)
    if (script === 'cyrillic' || script === 'mixed') add(tokens.map((t) => t.replace(/dzh/g, 'j').replace(/kh/g, 'h').replace(/(?<=[aeiou])iy$|yy$/, 'y')));
  }
  return { display, script, variants, legalForms: [...legalForms], truncated };
}

/** True when nothing comparable is left (empty, punctuation only, unknown symbols). */
export function isEmptyName(name: PreparedName): boolean {
  return name.variants.length === 0;
}
