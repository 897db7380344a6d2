// Country names as lists write them ("Iran (Islamic Republic of)", "Democratic
// People's Republic of Korea", "RUSSIA") to ISO 3166-1 alpha-2 codes, so that
// a query's country can be compared with a listed entity's.
const EXTRA_NAMES: Record<string, string> = {
  "democratic people's republic of korea": 'KP',
  'korea, north': 'KP',
  'north korea': 'KP',
  'dprk': 'KP',
  'korea, democratic people\'s republic of': 'KP',
  'republic of korea': 'KR',
  'korea, south': 'KR',
  'south korea': 'KR',
  'iran (islamic republic of)': 'IR',
  'iran, islamic republic of': 'IR',
  'syrian arab republic': 'SY',
  'russian federation': 'RU',
  'russia': 'RU',
  'united kingdom of great britain and northern ireland': 'GB',
  'united kingdom': 'GB',
  'uk': 'GB',
  'great britain': 'GB',
  'united states of america': 'US',
  'united states': 'US',
  'usa': 'US',
  'united republic of tanzania': 'TZ',
  'tanzania': 'TZ',
  'venezuela (bolivarian republic of)': 'VE',
  'bolivia (plurinational state of)': 'BO',
  "lao people's democratic republic": 'LA',
  'viet nam': 'VN',
  'libyan arab jamahiriya': 'LY',
  'democratic republic of the congo': 'CD',
  'congo, democratic republic of the': 'CD',
  'congo, democratic republic of (was zaire)': 'CD',
  'republic of the congo': 'CG',
  'congo': 'CG',
  "cote d'ivoire": 'CI',
  'ivory coast': 'CI',
  'burma': 'MM',
  'myanmar': 'MM',
  'the former yugoslav republic of macedonia': 'MK',
  'macedonia': 'MK',
  'republic of moldova': 'MD',
  'moldova': 'MD',
  'palestine': 'PS',
  'state of palestine': 'PS',
  'west bank': 'PS',
  'gaza': 'PS',
  'turkey': 'TR',
  'turkiye': 'TR',
  'czech republic': 'CZ',
  'czechia': 'CZ',
  'kosovo': 'XK',
  'danmark': 'DK',
  'sverige': 'SE',
  'norge': 'NO',
  'deutschland': 'DE',
  'holy see': 'VA',
  'swaziland': 'SZ',
  'cape verde': 'CV',
  'east timor': 'TL',
  'brunei darussalam': 'BN',
  'micronesia (federated states of)': 'FM',
  'the bahamas': 'BS',
  'the gambia': 'GM',
  'gambia, the': 'GM',
  'bahamas, the': 'BS',
  'yemen': 'YE',
  'sudan': 'SD',
  'south sudan': 'SS',
  'crimea': 'UA',
};

function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

let table: Map<string, string> | null = null;

function buildTable(): Map<string, string> {
  const map = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      const name = names.of(code);
      if (name && name !== code) map.set(fold(name), code);
    }
  }
  for (const [name, code] of Object.entries(EXTRA_NAMES)) map.set(fold(name), code);
  return map;
}

/** ISO2 code for a country name or code as written in a list; null when unknown. */
export function countryCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = fold(raw).replace(/\.$/, '');
  if (!text) return null;
  if (/^[a-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    return code === 'UK' ? 'GB' : code;
  }
  table ??= buildTable();
  return table.get(text) ?? table.get(text.replace(/^the /, '')) ?? null;
}

/** Every token that names a country (used to tell "X Danmark A/S" from "X Norge AS"). */
export function isCountryWord(token: string): boolean {
  table ??= buildTable();
  return COUNTRY_WORDS.has(token) || (token.length > 3 && table.has(token));
}

const COUNTRY_WORDS = new Set([
  'danmark', 'denmark', 'dansk', 'danish', 'norge', 'norway', 'norsk', 'sverige', 'sweden', 'svenska', 'svensk', 'suomi', 'finland',
  'deutschland', 'germany', 'uk', 'usa', 'us', 'europe', 'europa', 'nordic', 'nordics', 'scandinavia', 'nederland', 'netherlands',
  'holland', 'france', 'espana', 'spain', 'italia', 'italy', 'polska', 'poland', 'iceland', 'island', 'estonia', 'eesti', 'latvia',
  'lithuania', 'schweiz', 'suisse', 'switzerland', 'osterreich', 'austria', 'belgium', 'belgique', 'ireland', 'international',
  'global', 'asia', 'africa', 'america', 'americas', 'emea', 'china', 'japan', 'india', 'canada', 'australia', 'brasil', 'brazil',
  'mexico', 'russia', 'ukraine', 'turkey', 'dubai', 'uae', 'hk', 'singapore',
]);
