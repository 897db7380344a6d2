// Chinese names arrive in two romanisations: Pinyin (Mao Zedong, Xi Jinping)
// and the older Wade-Giles (Mao Tse-tung, Hsi Chin-p'ing), which writes
// voiced and aspirated initials alike (apostrophes are usually dropped) and
// some finals differently. A name whose every part splits into syllables of
// either system gets a key per syllable that both systems share, so the two
// spellings of one name compare equal. The key is coarse on purpose (it
// merges what Wade-Giles without apostrophes cannot tell apart), so it is
// used only when the whole name is Chinese syllables on both sides.
const PINYIN = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|ui|un|uo|ue|a|e|i|o|u)$/;
const WADE_GILES = /^(ch|hs|ts|tz|ss|sz|sh|[pmftnlkhjsyw])?(iang|iung|uang|ang|eng|ing|ung|ien|ieh|iao|uai|uan|uei|ai|ao|an|ei|en|erh|eh|ia|ih|in|iu|ou|ua|ui|un|uo|ueh|a|e|i|o|u)$/;

const INITIAL: Record<string, string> = {
  b: 'p', p: 'p', d: 't', t: 't', g: 'k', k: 'k', j: 'c', q: 'c', zh: 'c', ch: 'c', x: 'x', hs: 'x', z: 'z', c: 'z', ts: 'z', tz: 'z', s: 's', ss: 's', sz: 's',
  sh: 'sh', r: 'r', m: 'm', f: 'f', n: 'n', l: 'l', h: 'h', y: 'y', w: 'w', '': '',
};
const FINAL: Record<string, string> = { ong: 'ung', iong: 'iung', ian: 'ien', ie: 'ieh', ih: 'i', uei: 'ui', uo: 'o', e: 'o', erh: 'er', ue: 'ueh' };

function keyOf(initial: string, final: string, wadeGiles: boolean): string {
  let ini = initial;
  // Wade-Giles j is Pinyin r (jen = ren)
  if (wadeGiles && ini === 'j') ini = 'r';
  // Wade-Giles tzu/ssu are Pinyin zi/si
  let fin = wadeGiles && (ini === 'ts' || ini === 'tz' || ini === 'ss' || ini === 'sz') && final === 'u' ? 'i' : final;
  fin = FINAL[fin] ?? fin;
  if (ini === 'y' && fin === 'ou') fin = 'u';
  // Pinyin yan / ye, Wade-Giles yen / yeh
  if (ini === 'y' && (fin === 'an' || fin === 'en')) { ini = ''; fin = 'ien'; }
  if (ini === 'y' && (fin === 'e' || fin === 'eh' || fin === 'o' || fin === 'ieh')) { ini = ''; fin = 'ieh'; }
  if (ini === 'y' && fin === 'i') ini = '';
  return (INITIAL[ini] ?? ini) + fin;
}

function split(word: string, pattern: RegExp, wadeGiles: boolean): string[] | null {
  if (word === '') return [];
  for (let len = Math.min(6, word.length); len >= 1; len--) {
    const m = pattern.exec(word.slice(0, len));
    if (!m) continue;
    const rest = split(word.slice(len), pattern, wadeGiles);
    if (rest) return [keyOf(m[1] ?? '', m[2] ?? '', wadeGiles), ...rest];
  }
  return null;
}

/** The shared syllable keys of one name part, read as Pinyin and as Wade-Giles (either may fail), or null when neither reads it. */
const cache = new Map<string, string[][] | null>();

export function chineseSyllableKeys(token: string): string[][] | null {
  if (token.length > 12) return null;
  const known = cache.get(token);
  if (known !== undefined) return known;
  const readings = [split(token, PINYIN, false), split(token, WADE_GILES, true)].filter((r): r is string[] => r !== null);
  const result = readings.length === 0 ? null : readings;
  // bounded: name vocabularies are a few hundred thousand words at most
  if (cache.size < 200_000) cache.set(token, result);
  return result;
}

/**
 * Syllable keys of a whole name (parts in order), one reading preferring
 * Pinyin and one preferring Wade-Giles per part; null when any part is not
 * Chinese syllables.
 */
export function chineseNameKeys(tokens: readonly string[]): string[][] | null {
  const pinyinFirst: string[] = [];
  const wadeGilesFirst: string[] = [];
  for (const t of tokens) {
    const readings = chineseSyllableKeys(t);
    if (!readings) return null;
    pinyinFirst.push(...readings[0]!);
    wadeGilesFirst.push(...readings.at(-1)!);
  }
  return pinyinFirst.join(' ') === wadeGilesFirst.join(' ') ? [pinyinFirst] : [pinyinFirst, wadeGilesFirst];
}
