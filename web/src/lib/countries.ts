// Countries for a select, named in the user's language by the platform's own ICU data
// (Intl.DisplayNames), so no list of names has to be kept in the catalogues. The API
// takes ISO 3166 two-letter codes.

/** Region codes ICU names that are not countries (unions, reserved and private-use codes). */
const NOT_COUNTRIES = new Set([
	'EU', 'EZ', 'UN', 'QO', 'ZZ', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA',
	// withdrawn codes ICU still names
	'AN', 'BU', 'CS', 'DD', 'FX', 'NT', 'SU', 'TP', 'YD', 'YU', 'ZR', 'UK'
]);

const cache = new Map<string, { code: string; name: string }[]>();

/** Every country as `{code, name}`, Denmark first, then by name in `locale`. */
export function countryOptions(locale: string): { code: string; name: string }[] {
	const known = cache.get(locale);
	if (known) return known;
	const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
	const all: { code: string; name: string }[] = [];
	for (let a = 65; a <= 90; a++) {
		for (let b = 65; b <= 90; b++) {
			const code = String.fromCharCode(a, b);
			if (NOT_COUNTRIES.has(code) || (code.startsWith('X') && code !== 'XK') || code.startsWith('Q')) continue;
			let name: string | undefined;
			try {
				name = names.of(code);
			} catch {
				name = undefined;
			}
			if (name && name !== code) all.push({ code, name });
		}
	}
	const collator = new Intl.Collator(locale);
	all.sort((x, y) => (x.code === 'DK' ? -1 : y.code === 'DK' ? 1 : collator.compare(x.name, y.name)));
	cache.set(locale, all);
	return all;
}

/** A country's name in `locale` ("DK" → "Danmark"); the code itself when ICU does not know it. */
export function countryName(code: string, locale: string): string {
	try {
		return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
	} catch {
		return code;
	}
}
