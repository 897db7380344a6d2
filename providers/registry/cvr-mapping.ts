// Reading one CVR `Vrvirksomhed` document (the cvr-permanent index of the CVR
// system-to-system API) into CompanyFacts. Only current values count (periode
// with gyldigTil null). Ownership is published as the lower bound of a band
// (EJERANDEL_PROCENT, EJERANDEL_STEMMERET_PROCENT: 0.05, 0.1, ..., 1.0).
import { z } from 'zod';
import type { CompanyFacts, Holding, ParticipantRole, RegistryParticipant, ShareBand } from './registry.ts';

const periode = z.object({ gyldigFra: z.string().nullable().optional(), gyldigTil: z.string().nullable().optional() }).nullable().optional();
const dated = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, periode });
const attribut = z.object({
  type: z.string(),
  vaerdier: z.array(dated({ vaerdi: z.string().nullable() })).nullable().optional(),
});
const deltager = z.object({
  enhedsNummer: z.union([z.number(), z.string()]),
  enhedstype: z.string().nullable().optional(),
  forretningsnoegle: z.union([z.number(), z.string()]).nullable().optional(),
  navne: z.array(dated({ navn: z.string() })).nullable().optional(),
  beliggenhedsadresse: z.array(dated({ landekode: z.string().nullable().optional() })).nullable().optional(),
});
const organisation = z.object({
  hovedtype: z.string().nullable().optional(),
  organisationsNavn: z.array(dated({ navn: z.string() })).nullable().optional(),
  medlemsData: z.array(z.object({ attributter: z.array(attribut).nullable().optional() })).nullable().optional(),
});
export const vrvirksomhedSchema = z.object({
  cvrNummer: z.union([z.number(), z.string()]),
  navne: z.array(dated({ navn: z.string() })).nullable().optional(),
  virksomhedsform: z.array(dated({ kortBeskrivelse: z.string().nullable().optional(), langBeskrivelse: z.string().nullable().optional() })).nullable().optional(),
  virksomhedsstatus: z.array(dated({ status: z.string() })).nullable().optional(),
  hovedbranche: z.array(dated({ branchekode: z.string(), branchetekst: z.string() })).nullable().optional(),
  beliggenhedsadresse: z.array(dated({
    landekode: z.string().nullable().optional(), vejnavn: z.string().nullable().optional(),
    husnummerFra: z.number().nullable().optional(), postnummer: z.number().nullable().optional(), postdistrikt: z.string().nullable().optional(),
  })).nullable().optional(),
  livsforloeb: z.array(dated({})).nullable().optional(),
  deltagerRelation: z.array(z.object({ deltager: deltager.nullable().optional(), organisationer: z.array(organisation).nullable().optional() })).nullable().optional(),
});
export const searchResponseSchema = z.object({
  hits: z.object({ hits: z.array(z.object({ _source: z.object({ Vrvirksomhed: vrvirksomhedSchema }) })) }),
});
export type Vrvirksomhed = z.infer<typeof vrvirksomhedSchema>;

type Dated = { periode?: { gyldigFra?: string | null | undefined; gyldigTil?: string | null | undefined } | null | undefined };
const current = <T extends Dated>(values: readonly T[] | null | undefined): T | undefined =>
  values?.find((v) => !v.periode?.gyldigTil) ?? undefined;

/** The bands CVR publishes, by their lower bound; the upper bound is the next band's lower bound. */
const BAND_BOUNDS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3333, 0.5, 0.6667, 0.9, 1];

export function bandOf(lowerBound: number): ShareBand | null {
  if (!Number.isFinite(lowerBound) || lowerBound <= 0 || lowerBound > 1) return null;
  if (lowerBound === 1) return { low: 1, high: 1 };
  const next = BAND_BOUNDS.find((b) => b > lowerBound + 1e-9);
  return { low: lowerBound, high: next ?? 1 };
}

function holdingFrom(org: z.infer<typeof organisation>): Holding | null {
  let share: ShareBand | null = null;
  let voting: ShareBand | null = null;
  let validFrom: string | null = null;
  for (const member of org.medlemsData ?? []) {
    for (const a of member.attributter ?? []) {
      const value = current(a.vaerdier ?? []);
      if (!value?.vaerdi) continue;
      if (a.type === 'EJERANDEL_PROCENT') {
        share = bandOf(Number(value.vaerdi));
        validFrom = value.periode?.gyldigFra ?? validFrom;
      } else if (a.type === 'EJERANDEL_STEMMERET_PROCENT') {
        voting = bandOf(Number(value.vaerdi));
      }
    }
  }
  if (!share && !voting) return null;
  return { share, voting, validFrom, validTo: null };
}

const FUNCTION_ROLES: Record<string, ParticipantRole> = {
  'DIREKTØR': 'director', 'ADM. DIR.': 'director', 'DIREKTION': 'director',
  'FORMAND': 'board_chair', 'BESTYRELSESMEDLEM': 'board_member', 'NÆSTFORMAND': 'board_member',
  'STIFTER': 'founder', 'FULDT ANSVARLIG DELTAGER': 'fully_liable',
};

function rolesFrom(org: z.infer<typeof organisation>): ParticipantRole[] {
  const roles = new Set<ParticipantRole>();
  for (const member of org.medlemsData ?? []) {
    for (const a of member.attributter ?? []) {
      if (a.type !== 'FUNKTION') continue;
      const value = current(a.vaerdier ?? [])?.vaerdi?.toUpperCase();
      const role = value ? FUNCTION_ROLES[value] : undefined;
      if (role) roles.add(role);
    }
  }
  const name = current(org.organisationsNavn ?? [])?.navn.toLowerCase() ?? '';
  if (roles.size === 0) {
    if (name === 'direktion') roles.add('director');
    else if (name === 'bestyrelse') roles.add('board_member');
    else if (name === 'stiftere') roles.add('founder');
    else if (org.hovedtype === 'FULDT_ANSVARLIG_DELTAGERE') roles.add('fully_liable');
  }
  return [...roles];
}

export function mapCompany(doc: Vrvirksomhed): CompanyFacts {
  const participants = new Map<string, RegistryParticipant>();
  for (const relation of doc.deltagerRelation ?? []) {
    const d = relation.deltager;
    if (!d) continue;
    const registryId = String(d.enhedsNummer);
    const name = current(d.navne ?? [])?.navn ?? d.navne?.at(-1)?.navn;
    if (!name) continue;
    const kind = d.enhedstype === 'PERSON' ? 'person' : 'company';
    const cvr = kind === 'company' && d.forretningsnoegle != null ? String(d.forretningsnoegle) : null;
    const p = participants.get(registryId) ?? {
      registryId, kind, name, country: current(d.beliggenhedsadresse ?? [])?.landekode ?? null, cvr,
      birthDate: null, roles: [], ownership: null, beneficialOwnership: null,
    };
    for (const org of relation.organisationer ?? []) {
      // A relation that ended is history, not a current participant.
      const orgName = current(org.organisationsNavn ?? [])?.navn;
      if (!orgName) continue;
      if (org.hovedtype === 'REGISTER' && orgName === 'EJERREGISTER') {
        const holding = holdingFrom(org);
        if (holding) { p.ownership = holding; p.roles.push('legal_owner'); }
      } else if (org.hovedtype === 'REGISTER' && orgName.toLowerCase() === 'reelle ejere') {
        const holding = holdingFrom(org);
        p.beneficialOwnership = holding ?? { share: null, voting: null, validFrom: null, validTo: null };
        p.roles.push('beneficial_owner');
      } else {
        p.roles.push(...rolesFrom(org));
      }
    }
    p.roles = [...new Set(p.roles)];
    if (p.roles.length) participants.set(registryId, p);
  }
  const form = current(doc.virksomhedsform ?? []);
  const address = current(doc.beliggenhedsadresse ?? []);
  const industry = current(doc.hovedbranche ?? []);
  return {
    cvr: String(doc.cvrNummer),
    name: current(doc.navne ?? [])?.navn ?? doc.navne?.at(-1)?.navn ?? String(doc.cvrNummer),
    legalForm: form?.kortBeskrivelse ?? form?.langBeskrivelse ?? null,
    status: current(doc.virksomhedsstatus ?? [])?.status ?? null,
    country: address?.landekode ?? 'DK',
    address: address ? [address.vejnavn, address.husnummerFra].filter(Boolean).join(' ') + (address.postnummer ? `, ${address.postnummer} ${address.postdistrikt ?? ''}`.trimEnd() : '') : null,
    industry: industry ? { code: industry.branchekode, text: industry.branchetekst } : null,
    foundedOn: doc.livsforloeb?.[0]?.periode?.gyldigFra ?? null,
    participants: [...participants.values()],
    source: 'cvr',
  };
}
