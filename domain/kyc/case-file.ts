// The customer-due-diligence file (hvidvaskloven, DOMAIN.md "Customer due
// diligence"): who must be verified, when the PEP rule applies, which confirmed
// hits stop a case, and what blocks each gate of the case (data collection,
// submission, approval). Pure: the case workflow asks these rules through a
// local activity that reads the facts from Postgres; the API shows the same
// blocking reasons on the case page. Ids and codes only, never names.
import { z } from 'zod';
import type { DueDiligence } from './risk.ts';

/** Roles a party can have on a case; `representative` acts on behalf of the client, `client` is a private client themself. */
export const PARTY_ROLES = [
  'beneficial_owner', 'director', 'board_chair', 'board_member', 'signatory', 'representative', 'client', 'legal_owner', 'fully_liable', 'founder',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
/** Roles a handler may give a party by hand (the rest come from the registry). */
export const EDITABLE_PARTY_ROLES = ['beneficial_owner', 'director', 'board_member', 'signatory', 'representative', 'client'] as const;

export const VERIFICATION_METHODS = ['id_document', 'mitid', 'other'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
/** What a case document is evidence of. */
export const DOCUMENT_KINDS = ['passport', 'driving_licence', 'national_id_card', 'registry_extract', 'proof_of_address', 'source_of_funds', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const CASE_LANGUAGES = ['da', 'en'] as const;
export type CaseLanguage = (typeof CASE_LANGUAGES)[number];
export const CONCLUSIONS = ['establish', 'decline'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];
export const PRODUCTS = ['standard', 'high_risk'] as const;
export const DELIVERY_CHANNELS = ['in_person', 'remote'] as const;
export const AUTHORITY_REPORT_KINDS = ['sanctions_freeze', 'suspicious_activity'] as const;
export const AUTHORITY_RECIPIENTS = ['hvidvasksekretariatet', 'advokatsamfundet', 'erhvervsstyrelsen', 'finanstilsynet'] as const;

/** The gates of a case, each checked before the workflow lets the case past it. */
export type CaseGate = 'data_collection' | 'submission' | 'approval';
export const BLOCKING_CODES = [
  'identity_unverified', 'identity_document_missing', 'risk_answers_missing', 'purpose_missing', 'source_of_funds_missing',
  'source_of_wealth_missing', 'section_not_accepted', 'section_placeholder', 'conclusion_missing', 'conclusion_decline', 'open_hits', 'sanctions_match',
] as const;
export type BlockingCode = (typeof BLOCKING_CODES)[number];
export interface BlockingReason { code: BlockingCode; partyId?: string; section?: string }

export interface CaseFileParty {
  id: string;
  kind: 'person' | 'company';
  roles: readonly string[];
  isSubject: boolean;
  /** The computed beneficial-owner result (null: not a UBO). */
  ubo: { certainty: string } | null;
  verification: { method: VerificationMethod; documentId: string | null } | null;
}
export interface CaseFileHit {
  partyId: string; decision: 'open' | 'confirmed' | 'dismissed'; category: string | null;
  /** § 18, stk. 6: a compliance officer recorded that a former PEP's risk is no longer increased. */
  pepCleared?: boolean;
}
export interface CaseFileFacts {
  parties: readonly CaseFileParty[];
  hits: readonly CaseFileHit[];
  /** The organisation's policy: a PEP among directors and representatives counts as § 18 (default on). */
  pepManagementCounts: boolean;
  dueDiligence: DueDiligence | null;
  relationship: { purpose: string | null; nature: string | null; expectedActivity: string | null; sourceOfFunds: string | null; sourceOfWealth: string | null; product: string | null; deliveryChannel: string | null } | null;
  sections: readonly { key: string; text: string; accepted: boolean }[];
  conclusion: Conclusion | null;
}

const isOwner = (p: CaseFileParty) => p.ubo !== null || p.roles.includes('beneficial_owner');
const isClient = (p: CaseFileParty) => p.isSubject || p.roles.includes('client');
const actsForClient = (p: CaseFileParty) => p.roles.includes('representative');
const isManagement = (p: CaseFileParty) => ['director', 'board_chair', 'board_member', 'signatory', 'representative'].some((r) => p.roles.includes(r));

/**
 * § 11, stk. 1, nr. 1–2: the client, the persons acting on its behalf and the beneficial
 * owners are verified. Companies are identified through the registry; a person is verified.
 */
export const mustBeVerified = (p: CaseFileParty): boolean => p.kind === 'person' && (isClient(p) || actsForClient(p) || isOwner(p));

/** § 18: a confirmed PEP as the client or a beneficial owner, and by the organisation's policy among management. */
export function pepApplies(facts: Pick<CaseFileFacts, 'parties' | 'hits' | 'pepManagementCounts'>): boolean {
  const peps = new Set(facts.hits.filter((h) => h.decision === 'confirmed' && h.category === 'pep' && !h.pepCleared).map((h) => h.partyId));
  return facts.parties.some((p) => peps.has(p.id) && (isClient(p) || isOwner(p) || (facts.pepManagementCounts && isManagement(p))));
}

/** The hard stop: confirmed sanctions matches on the client, an owner or a person acting for it (ids of the parties). */
export function sanctionedParties(facts: Pick<CaseFileFacts, 'parties' | 'hits'>): string[] {
  const listed = new Set(facts.hits.filter((h) => h.decision === 'confirmed' && h.category !== 'pep').map((h) => h.partyId));
  return facts.parties.filter((p) => listed.has(p.id) && (isClient(p) || isOwner(p) || isManagement(p))).map((p) => p.id);
}

/**
 * § 18, stk. 6: after a PEP leaves office the measures continue for at least 12 months; only then may a
 * compliance officer record that the risk is no longer increased. The earliest day that record is allowed.
 */
export function pepClearableFrom(leftOfficeOn: string): string {
  const [y, m, d] = leftOfficeOn.split('-').map(Number) as [number, number, number];
  // 29 February + 12 months is 1 March in a common year (Date rolls the day over by itself).
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/** Text a drafted section leaves for the handler: `[...]`, `[accept / not accept]`, `[Begrundelse]`. */
export const holdsPlaceholder = (text: string): boolean => /\[[^\]\n]{0,80}\]/.test(text) || /\.\.\.\s*$/.test(text.trim());

/** Everything that stops the case at `gate`; each later gate includes the earlier ones. */
export function blockingReasons(facts: CaseFileFacts, gate: CaseGate): BlockingReason[] {
  const reasons: BlockingReason[] = [];
  const enhanced = facts.dueDiligence === 'enhanced';
  for (const p of facts.parties) {
    if (!mustBeVerified(p)) continue;
    if (!p.verification) reasons.push({ code: 'identity_unverified', partyId: p.id });
    // Enhanced due diligence wants more evidence than a described source alone: a document, or MitID.
    else if (gate !== 'data_collection' && enhanced && p.verification.method === 'other' && !p.verification.documentId) reasons.push({ code: 'identity_document_missing', partyId: p.id });
  }
  const r = facts.relationship;
  if (!r?.product || !r.deliveryChannel) reasons.push({ code: 'risk_answers_missing' });
  if (gate === 'data_collection') return reasons;

  if (!r?.purpose?.trim() || !r.nature?.trim() || !r.expectedActivity?.trim()) reasons.push({ code: 'purpose_missing' });
  if (enhanced && !r?.sourceOfFunds?.trim()) reasons.push({ code: 'source_of_funds_missing' });
  if (enhanced && !r?.sourceOfWealth?.trim()) reasons.push({ code: 'source_of_wealth_missing' });
  for (const s of facts.sections) {
    if (holdsPlaceholder(s.text)) reasons.push({ code: 'section_placeholder', section: s.key });
    else if (!s.accepted) reasons.push({ code: 'section_not_accepted', section: s.key });
  }
  if (!facts.conclusion) reasons.push({ code: 'conclusion_missing' });
  else if (facts.conclusion === 'decline') reasons.push({ code: 'conclusion_decline' });
  if (gate === 'submission') return reasons;

  if (facts.hits.some((h) => h.decision === 'open')) reasons.push({ code: 'open_hits' });
  for (const partyId of sanctionedParties(facts)) reasons.push({ code: 'sanctions_match', partyId });
  return reasons;
}

/**
 * What a handler changes in the case file, straight into Postgres (no workflow round trip, issue 20), and
 * when: parties at data collection, the language before drafting, sections and the conclusion at the report
 * step, everything else while the case is open. Whoever edits is recorded as an editor: never a decider.
 */
export const CASE_FILE_PARTS = ['parties', 'identity', 'relationship', 'language', 'conclusion', 'section', 'document'] as const;
export type CaseFilePart = (typeof CASE_FILE_PARTS)[number];
export function editRefusal(part: CaseFilePart, status: string, step: string | null): string | null {
  if (status !== 'open') return 'the case file can only be changed while the case is open';
  if (part === 'parties' && step !== 'data_collection') return 'parties are changed at data collection: return the case there first';
  if (part === 'language' && (step === 'report' || step === 'review')) return 'the report is already drafted in the case\'s language';
  if ((part === 'conclusion' || part === 'section') && step !== 'report') return 'the report is written at the report step';
  return null;
}

/** CPR: DDMMYY-SSSS with a real date; the century follows the seventh digit (CPR-kontoret's table). */
export function cprBirthDate(cpr: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/.exec(cpr.trim());
  if (!m) return null;
  const [dd, mm, yy, s7] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  let century: number;
  if (s7 <= 3) century = 1900;
  else if (s7 === 4 || s7 === 9) century = yy <= 36 ? 2000 : 1900;
  else century = yy <= 57 ? 2000 : 1800;
  const year = century + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
  return date.toISOString().slice(0, 10);
}
export const normaliseCpr = (cpr: string): string => cpr.trim().replace('-', '').replace(/^(\d{6})(\d{4})$/, '$1-$2');
/** Shown on pages: the date part only. */
export const maskCpr = (cpr: string): string => `${normaliseCpr(cpr).slice(0, 6)}-XXXX`;

/** A birth date a person can have: not in the future, not before 1900. */
export const plausibleBirthDate = (iso: string, today: Date): boolean => iso >= '1900-01-01' && iso <= today.toISOString().slice(0, 10);

/** Free text on the case file: bounded, no control characters except line breaks and tabs. */
export const caseText = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters are not allowed');
const iso2 = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter country code');

export const partyFieldsSchema = z.object({
  kind: z.enum(['person', 'company']),
  name: caseText(300).refine((s) => s.trim().length > 0, 'a name is required'),
  birthDate: z.iso.date().nullable().optional(),
  nationality: iso2.nullable().optional(),
  country: iso2.nullable().optional(),
  address: caseText(500).nullable().optional(),
  cvr: z.string().regex(/^\d{8}$/, 'a CVR number has 8 digits').nullable().optional(),
  cpr: z.string().trim().regex(/^\d{6}-?\d{4}$/, 'a CPR number is DDMMYY-XXXX').refine((s) => cprBirthDate(s) !== null, 'the date part of the CPR number is not a date').nullable().optional(),
  roles: z.array(z.enum(EDITABLE_PARTY_ROLES)).max(6),
});
export const newPartySchema = partyFieldsSchema.strict();
export const partyCorrectionSchema = partyFieldsSchema.partial().extend({ reason: caseText(1000).optional() }).strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), 'nothing to change');

export const identityVerificationSchema = z.object({
  method: z.enum(VERIFICATION_METHODS),
  documentId: z.uuid('not a valid document id').nullable().optional(),
  description: caseText(1000).nullable().optional(),
}).strict()
  .refine((b) => b.method !== 'id_document' || !!b.documentId, { path: ['documentId'], message: 'an ID-document verification names the document it rests on' })
  .refine((b) => b.method !== 'other' || (b.description ?? '').trim().length >= 5, { path: ['description'], message: 'describe the reliable, independent source' });

export const businessRelationshipSchema = z.object({
  purpose: caseText(4000),
  nature: caseText(4000),
  expectedActivity: caseText(4000),
  sourceOfFunds: caseText(4000).nullable().optional(),
  sourceOfWealth: caseText(4000).nullable().optional(),
  product: z.enum(PRODUCTS),
  deliveryChannel: z.enum(DELIVERY_CHANNELS),
}).strict();

export const declineSchema = z.object({ reason: caseText(4000).refine((s) => s.trim().length >= 5, 'write the reason for declining') }).strict();
export const conclusionSchema = z.object({ outcome: z.enum(CONCLUSIONS) }).strict();
export const languageSchema = z.object({ language: z.enum(CASE_LANGUAGES) }).strict();
export const investigationSchema = z.object({ note: caseText(10_000).refine((s) => s.trim().length >= 5, 'write what raised the suspicion') }).strict();
export const authorityReportSchema = z.object({
  kind: z.enum(AUTHORITY_REPORT_KINDS),
  recipient: z.enum(AUTHORITY_RECIPIENTS),
  reportedAt: z.iso.date(),
  reference: caseText(200).refine((s) => s.trim().length > 0, 'the authority\'s reference is required'),
  investigationId: z.uuid().optional(),
}).strict()
  .refine((b) => b.kind !== 'suspicious_activity' || !!b.investigationId, { path: ['investigationId'], message: 'a report of suspicion belongs to an investigation' });
export const caseFileSettingsSchema = z.object({
  defaultLanguage: z.enum(CASE_LANGUAGES),
  pepManagementCounts: z.boolean(),
  cprEnabled: z.boolean(),
  /** Report sections drafted by the configured AI provider (off: templates only). */
  aiDrafting: z.boolean(),
  /** Person names are replaced by placeholders before text leaves the platform, and put back afterwards. */
  aiPseudonymise: z.boolean(),
}).strict();
