// One entry point for every list format: picks the parser named by the
// format, so the CLI, the store and the evaluation never switch on formats.
import { readFile } from 'node:fs/promises';
import { ListFormatError, type ListFormat, type ParsedList } from './list-format.ts';
import { parseUnXml } from './parsers/un-xml.ts';
import { parseOfacSdnCsv } from './parsers/ofac-sdn-csv.ts';
import { parseOfacXml } from './parsers/ofac-xml.ts';
import { parseEuFsfXml } from './parsers/eu-fsf-xml.ts';
import { parseUkCsv } from './parsers/uk-csv.ts';
import { parseFtmJson } from './parsers/ftm-json.ts';
import { parseDkPepXlsx } from './parsers/dk-pep-xlsx.ts';

export interface ParseListOptions {
  repair?: boolean;
  aliases?: Uint8Array;
  dataset?: string;
}

/** Largest list file accepted; the full OFAC XML is ~100 MB. */
export const MAX_LIST_BYTES = 512 * 1024 * 1024;

export async function parseList(format: ListFormat, bytes: Uint8Array, options: ParseListOptions = {}): Promise<ParsedList> {
  if (bytes.length === 0) throw new ListFormatError(`the ${format} file is empty`);
  if (bytes.length > MAX_LIST_BYTES) throw new ListFormatError(`the ${format} file is larger than ${MAX_LIST_BYTES} bytes`);
  const repair = { repair: options.repair ?? true };
  switch (format) {
    case 'un-xml': return parseUnXml(bytes, repair);
    case 'ofac-sdn-csv': return parseOfacSdnCsv(bytes, { ...repair, ...(options.aliases ? { aliases: options.aliases } : {}) });
    case 'ofac-xml': return parseOfacXml(bytes, repair);
    case 'eu-fsf-xml': return parseEuFsfXml(bytes, repair);
    case 'uk-csv': return parseUkCsv(bytes, repair);
    case 'ftm-json': return parseFtmJson(bytes, { ...repair, ...(options.dataset ? { dataset: options.dataset } : {}) });
    case 'dk-pep-xlsx': return parseDkPepXlsx(bytes);
  }
}

export async function parseListFile(format: ListFormat, path: string, options: { repair?: boolean; aliasesPath?: string; dataset?: string } = {}): Promise<ParsedList> {
  const bytes = await readFile(path);
  const aliases = options.aliasesPath ? await readFile(options.aliasesPath) : undefined;
  return parseList(format, bytes, {
    ...(options.repair !== undefined ? { repair: options.repair } : {}),
    ...(aliases ? { aliases } : {}),
    ...(options.dataset ? { dataset: options.dataset } : {}),
  });
}
