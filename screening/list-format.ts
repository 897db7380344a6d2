// What every list parser returns, and the one error a bad list file raises.
// A parse either yields every entity of the file (with a report of what had to
// be repaired) or throws ListFormatError: never half a list.
import type { ListEntity, ListId } from '../domain/screening/entity.ts';

export const LIST_FORMATS = ['un-xml', 'ofac-sdn-csv', 'ofac-xml', 'eu-fsf-xml', 'uk-csv', 'ftm-json', 'dk-pep-xlsx'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export function isListFormat(value: string): value is ListFormat {
  return (LIST_FORMATS as readonly string[]).includes(value);
}

export interface Repair {
  /** What was repaired, e.g. `invalid-utf8`, `control-character`, `bare-ampersand`, `mangled-original-script`. */
  kind: string;
  count: number;
  /** Where (line numbers or record ids), never the personal data itself. */
  where: string[];
}

export interface ParsedList {
  format: ListFormat;
  list: ListId;
  entities: ListEntity[];
  repairs: Repair[];
  /** Publication date stated inside the file, when it has one. */
  publishedAt?: string;
}

/** The file is not what its format says, or is damaged beyond repair. Nothing from it is used. */
export class ListFormatError extends Error {
  override name = 'ListFormatError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Collects repairs by kind while a parser runs. */
export class RepairLog {
  private readonly byKind = new Map<string, Repair>();

  add(kind: string, where: string, count = 1): void {
    const repair = this.byKind.get(kind) ?? { kind, count: 0, where: [] };
    repair.count += count;
    if (repair.where.length < 20 && !repair.where.includes(where)) repair.where.push(where);
    this.byKind.set(kind, repair);
  }

  list(): Repair[] {
    return [...this.byKind.values()];
  }
}
