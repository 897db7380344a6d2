// What the case-file PDF prints, read from Postgres through the repositories
// for one case of one organisation: the client, the parties with how each was
// verified, ownership, the business relationship, screening decisions, the
// risk assessment, the accepted report sections, the conclusion and the
// approvals, with every user id resolved to a name. Deliberately absent:
// investigations, reports of suspicion and CPR numbers (never read here).
import type { Knex } from '../db/knex.ts';
import { createCaseRepository } from '../db/repositories/cases.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { createDocumentRepository } from '../db/repositories/documents.ts';
import { createOrganisationRepository } from '../db/repositories/organisations.ts';
import { createUserRepository } from '../db/repositories/users.ts';
import { sha256Hex } from '../db/sha256.ts';
import type { CaseStatus, CaseType } from '../domain/kyc/case.ts';
import { mustBeVerified } from '../domain/kyc/case-file.ts';
import { sanitiseDocumentName } from '../domain/documents/document.ts';
import { reportVersionOf } from '../domain/kyc/report.ts';
import type { DueDiligence, RiskAssessment, RiskLevel } from '../domain/kyc/risk.ts';
import type { ReportLanguage } from './labels.ts';

type Band = { low: number; high: number } | null;

export interface CaseFileReport {
  caseId: string;
  organisation: string | null;
  /** The language the case (and its report text) is written in. */
  language: ReportLanguage;
  type: CaseType;
  status: CaseStatus;
  client: { kind: 'company' | 'person'; name: string | null; cvr: string | null };
  clientFacts: { legalForm?: string | null; status?: string | null; address?: string | null; industry?: { code?: string; text?: string } | null; foundedOn?: string | null; country?: string | null; birthDate?: string | null } | null;
  riskLevel: RiskLevel | null;
  dueDiligence: DueDiligence | null;
  pep: boolean;
  parties: {
    id: string; kind: 'person' | 'company'; name: string; roles: string[]; isSubject: boolean; country: string | null; nationality: string | null;
    birthDate: string | null; cvr: string | null; ubo: { certainty: 'certain' | 'possible' | 'fallback'; share: Band; voting: Band } | null;
    mustBeVerified: boolean;
    verification: { method: 'id_document' | 'mitid' | 'other'; document: string | null; description: string | null; by: string | null; at: string } | null;
  }[];
  owners: { ownerId: string; ownedId: string; owner: string; owned: string; share: Band; voting: Band }[];
  uboFallback: boolean;
  relationship: {
    purpose: string | null; nature: string | null; expectedActivity: string | null; sourceOfFunds: string | null; sourceOfWealth: string | null;
    product: 'standard' | 'high_risk' | null; deliveryChannel: 'in_person' | 'remote' | null;
  } | null;
  hits: { party: string; list: string; listedName: string; score: number; decision: 'open' | 'confirmed' | 'dismissed'; reason: string | null; by: string | null; at: string | null }[];
  risk: { assessment: RiskAssessment | null; override: { riskLevel: RiskLevel; justification: string; by: string | null; at: string } | null };
  /** The accepted sections, in report order, as written. */
  sections: { key: string; text: string }[];
  conclusion: 'establish' | 'decline' | null;
  approvals: { name: string | null; capacity: string; decision: string; comment: string | null; at: string }[];
  reportVersion: string;
  /** The date the cover shows: the final approval's when there is one, else when the PDF was made. */
  date: string;
}

const userName = (names: Map<string, string>, id: string | null | undefined) => (id ? names.get(id) ?? null : null);

/** The report of a case of the organisation; null when there is no such case. */
export async function loadCaseFileReport(knex: Knex, orgId: string, caseId: string, now: () => Date = () => new Date()): Promise<CaseFileReport | null> {
  const cases = createCaseRepository(knex);
  const data = createCaseDataRepository(knex);
  const caseFile = createCaseFileRepository(knex);
  const documents = createDocumentRepository(knex);
  const found = await cases.get(orgId, caseId);
  if (!found) return null;
  const [row, parties, owners, hits, sections, approvals, docs, facts, verifications, relationship, organisation] = await Promise.all([
    data.caseFacts(orgId, caseId), data.parties(orgId, caseId), data.ownerships(orgId, caseId), data.hits(orgId, caseId), data.sections(orgId, caseId),
    data.approvals(orgId, caseId), documents.list(orgId, caseId), caseFile.facts(orgId, caseId), caseFile.verifications(orgId, caseId),
    caseFile.relationship(orgId, caseId), createOrganisationRepository(knex).name(orgId),
  ]);
  if (!row || !facts) return null;
  const override = (row.riskOverride ?? null) as { riskLevel: RiskLevel; justification: string; by: string; at: string } | null;
  const names = await createUserRepository(knex).namesByIds(orgId, [
    ...verifications.map((v) => v.verifiedBy), ...hits.map((h) => h.decidedBy), ...approvals.map((a) => a.userId), override?.by,
  ].filter((x): x is string => !!x));
  const partyName = new Map(parties.map((p) => [p.id, p.name]));
  const docName = new Map(docs.map((d) => [d.id, d.name]));
  const verified = new Map(verifications.map((v) => [v.partyId, v]));
  const factsOf = new Map(facts.parties.map((p) => [p.id, p]));
  const approved = approvals.filter((a) => a.decision === 'approve');
  return {
    caseId, organisation,
    language: row.language === 'en' ? 'en' : 'da',
    type: found.type, status: found.status, client: found.client,
    clientFacts: row.clientFacts ?? null,
    riskLevel: found.riskLevel, dueDiligence: found.dueDiligence,
    pep: facts.hits.some((h) => h.decision === 'confirmed' && h.category === 'pep'),
    parties: parties.map((p) => {
      const v = verified.get(p.id);
      return {
        id: p.id, kind: p.kind, name: p.name, roles: p.roles, isSubject: p.isSubject, country: p.country, nationality: p.nationality ?? null,
        birthDate: p.birthDate, cvr: p.cvr, ubo: p.ubo ? { certainty: p.ubo.certainty, share: p.ubo.share, voting: p.ubo.voting } : null,
        mustBeVerified: mustBeVerified(factsOf.get(p.id)!),
        verification: v ? { method: v.method, document: v.documentId ? docName.get(v.documentId) ?? null : null, description: v.description, by: userName(names, v.verifiedBy), at: v.verifiedAt } : null,
      };
    }),
    owners: owners.map((o) => ({ ownerId: o.ownerPartyId, ownedId: o.ownedPartyId, owner: partyName.get(o.ownerPartyId) ?? '?', owned: partyName.get(o.ownedPartyId) ?? '?', share: o.share, voting: o.voting })),
    uboFallback: !!row.uboFallbackReason,
    relationship: relationship ? {
      purpose: relationship.purpose, nature: relationship.nature, expectedActivity: relationship.expectedActivity, sourceOfFunds: relationship.sourceOfFunds,
      sourceOfWealth: relationship.sourceOfWealth, product: relationship.product, deliveryChannel: relationship.deliveryChannel,
    } : null,
    hits: hits.map((h) => ({
      party: partyName.get(h.partyId) ?? '?', list: h.list, listedName: h.listedName, score: h.score, decision: h.decision, reason: h.reason,
      by: userName(names, h.decidedBy), at: h.decidedAt,
    })),
    risk: {
      assessment: (row.riskAssessment ?? null) as RiskAssessment | null,
      override: override ? { riskLevel: override.riskLevel, justification: override.justification, by: userName(names, override.by), at: override.at } : null,
    },
    sections: sections.filter((s) => s.accepted).map((s) => ({ key: s.key, text: s.text })),
    conclusion: row.conclusion ?? null,
    approvals: approvals.map((a) => ({ name: userName(names, a.userId), capacity: a.capacity, decision: a.decision, comment: a.comment, at: a.createdAt })),
    reportVersion: reportVersionOf(caseId, sections, sha256Hex),
    date: approved.at(-1)?.createdAt ?? now().toISOString(),
  };
}

/** The PDF's file name: "Kundekendskab <client> <date>.pdf" (in the labels' language), safe to store and send. */
export function caseFilePdfName(report: CaseFileReport, lang: ReportLanguage = report.language): string {
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(report.date));
  const title = lang === 'da' ? 'Kundekendskab' : 'Customer due diligence';
  return sanitiseDocumentName(`${title} ${report.client.name ?? report.client.cvr ?? report.caseId} ${date}.pdf`, 'pdf');
}
