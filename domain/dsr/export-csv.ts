// CSV for access and portability exports: every cell quoted, and cells a
// spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the
// start, also after leading spaces) prefixed with a single quote, so opening an
// export never executes what somebody typed into Clientnote (OWASP CSV injection).
const FORMULA_START = /^[\s\u00a0]*[=+\-@\t\r]/;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One cell, quoted, formula-safe. */
export function csvCell(value: unknown): string {
  let cell = text(value);
  if (FORMULA_START.test(cell)) cell = `'${cell}`;
  return `"${cell.replace(/"/g, '""')}"`;
}

/** Rows as CSV with a header of every column seen (in first-seen order), CRLF line ends. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
