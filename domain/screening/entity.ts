// The normalised list-entity model every sanctions/PEP parser produces and the
// screening index consumes: one shape for UN, OFAC, EU, UK, FollowTheMoney and
// the Danish PEP list, so matching never needs to know where an entry came from.
import { z } from 'zod';

/** `demo` and `demo-pep` are the shipped demo lists (fictitious sanctions and PEP entries). */
export const LIST_IDS = ['un', 'ofac', 'eu', 'uk', 'dk-pep', 'demo', 'demo-pep'] as const;
/** `ftm:<dataset>` lists come from FollowTheMoney exports, so the id is open-ended. */
export const ListIdSchema = z.union([z.enum(LIST_IDS), z.string().regex(/^ftm:[a-z0-9_-]{1,64}$/)]);
export type ListId = z.infer<typeof ListIdSchema>;

export const EntitySchemaSchema = z.enum(['Person', 'Company', 'Organization', 'LegalEntity', 'Vessel', 'Aircraft']);
export type EntitySchema = z.infer<typeof EntitySchemaSchema>;

/** primary: the list's main name; alias: a strong a.k.a.; weak_alias: low-quality a.k.a., nicknames. */
export const NameTypeSchema = z.enum(['primary', 'alias', 'weak_alias']);
export type NameType = z.infer<typeof NameTypeSchema>;

export const EntityNameSchema = z.object({
  full: z.string().min(1).max(2000),
  type: NameTypeSchema,
  /** Set when the name is written in a non-Latin script in the source (e.g. UN NAME_ORIGINAL_SCRIPT). */
  originalScript: z.boolean().optional(),
});
export type EntityName = z.infer<typeof EntityNameSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const year = z.number().int().min(1000).max(2200);

export const BirthDateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), date: isoDate }),
  z.object({ kind: z.literal('month'), year, month: z.number().int().min(1).max(12) }),
  z.object({ kind: z.literal('year'), year, approximate: z.boolean() }),
  z.object({ kind: z.literal('range'), fromYear: year, toYear: year }),
]);
export type BirthDate = z.infer<typeof BirthDateSchema>;

export const IdentifierTypeSchema = z.enum(['passport', 'national_id', 'registration', 'tax', 'imo', 'lei', 'swift', 'other']);
export type IdentifierType = z.infer<typeof IdentifierTypeSchema>;

export const IdentifierSchema = z.object({
  type: IdentifierTypeSchema,
  value: z.string().min(1).max(200),
  /** ISO 3166-1 alpha-2 of the issuing country, when known. */
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});
export type Identifier = z.infer<typeof IdentifierSchema>;

const iso2 = z.string().regex(/^[A-Z]{2}$/);

export const ListEntitySchema = z.object({
  /** Stable across list versions: `<list>:<source id>`, e.g. `un:6908555`, `ofac:306`. */
  id: z.string().min(3).max(200),
  list: ListIdSchema,
  sourceId: z.string().min(1).max(200),
  schema: EntitySchemaSchema,
  names: z.array(EntityNameSchema).min(1),
  birthDates: z.array(BirthDateSchema),
  /** Countries of residence/address/registration (ISO2). */
  countries: z.array(iso2),
  nationalities: z.array(iso2),
  gender: z.enum(['male', 'female']).optional(),
  identifiers: z.array(IdentifierSchema),
  programmes: z.array(z.string().min(1).max(200)),
  listedOn: isoDate.optional(),
  /** True for the demo list the project ships: every hit from it says so. */
  demo: z.boolean().optional(),
});
export type ListEntity = z.infer<typeof ListEntitySchema>;

/** The primary name, or the first name when a source gave no primary. */
export function primaryName(entity: Pick<ListEntity, 'names'>): string {
  return (entity.names.find((n) => n.type === 'primary') ?? entity.names[0])!.full;
}

/** Upper-case letters and digits only: passport "A 12-345" and "a12345" are the same document. */
export function normaliseIdentifierValue(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a query's birth date) into the model; null when malformed. */
export function parseQueryBirthDate(text: string): BirthDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1000 || y > 2200) return null;
  if (m[2] === undefined) return { kind: 'year', year: y, approximate: false };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return { kind: 'month', year: y, month: mo };
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (d < 1 || probe.getUTCMonth() !== mo - 1) return null;
  return { kind: 'exact', date: text.trim() };
}
