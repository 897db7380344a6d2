// snake_case in SQL, camelCase in code, mapped once on the knex instance
// (db/knex.ts): every query and every row a repository sees is camelCase.
// The same conversion objection's knexSnakeCaseMappers made (default options),
// written here so knex alone is the query layer (docs/architecture-notes.md).

function memoize(convert: (input: string) => string): (input: string) => string {
  const cache = new Map<string, string>();
  return (input) => {
    let output = cache.get(input);
    if (output === undefined) {
      output = convert(input);
      cache.set(input, output);
    }
    return output;
  };
}

/** camelCase → snake_case; a run of capitals stays one word (fooBAR → foo_bar). */
export function snakeCase(text: string): string {
  if (text.length === 0) return text;
  const upper = text.toUpperCase();
  const lower = text.toLowerCase();
  let out = lower[0]!;
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    const isUpper = char === upper[i] && upper[i] !== lower[i];
    if (!isUpper) {
      out += char;
      continue;
    }
    const prev = text[i - 1]!;
    const prevIsUpper = prev === upper[i - 1] && upper[i - 1] !== lower[i - 1];
    out += prevIsUpper ? lower[i] : `_${lower[i]}`;
  }
  return out;
}

/** snake_case → camelCase: the reverse of snakeCase. */
export function camelCase(text: string): string {
  if (text.length === 0) return text;
  let out = text[0]!;
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '_') out += text[i - 1] === '_' ? char.toUpperCase() : char;
  }
  return out;
}

/** Only the part after the last ':' is mapped (aliases such as 'table:column' keep their prefix). */
function lastPart(convert: (input: string) => string): (input: string) => string {
  return (input) => {
    if (!input) return input;
    const at = input.lastIndexOf(':');
    return input.slice(0, at + 1) + convert(input.slice(at + 1));
  };
}

function mapKeys(convert: (key: string) => string) {
  return (value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[convert(key)] = (value as Record<string, unknown>)[key];
    return out;
  };
}

/** The knex options that map identifiers out (wrapIdentifier) and result keys back (postProcessResponse). */
export function snakeCaseMappers() {
  const toColumn = memoize(lastPart(snakeCase));
  const rowKeys = mapKeys(memoize(lastPart(camelCase)));
  return {
    wrapIdentifier: (identifier: string, wrap: (identifier: string) => string): string => wrap(toColumn(identifier)),
    postProcessResponse: (result: unknown): unknown => (Array.isArray(result) ? result.map(rowKeys) : rowKeys(result)),
  };
}
