// The due-diligence file around a case's parties (docs/case-file.md): one
// identity verification per person, the business relationship, reports to the
// authorities, and investigations (§§ 25–26), which only compliance officers
// and the person who raised them read. Every method takes the orgId.
import type { Knex } from 'knex';
import { editRefusal, type CaseFileFacts, type CaseFilePart, type Conclusion, type VerificationMethod } from '../../domain/kyc/case-file.ts';
import { createCaseDataRepository, type CaseFileSettings, type HitRecord, type PartyRecord, type SectionRecord } from './case-data.ts';

export interface VerificationRecord { partyId: string; method: VerificationMethod; documentId: string | null; description: string | null; verifiedBy: string | null; verifiedAt: string }
export interface RelationshipRecord {
  purpose: string | null; nature: string | null; expectedActivity: string | null; sourceOfFunds: string | null; sourceOfWealth: string | null;
  product: 'standard' | 'high_risk' | null; deliveryChannel: 'in_person' | 'remote' | null; updatedBy: string | null; updatedAt: string;
}
export interface AuthorityReportRecord { id: string; kind: 'sanctions_freeze' | 'suspicious_activity'; recipient: string; reportedAt: string; reference: string; investigationId: string | null; createdBy: string | null; createdAt: string }
export interface InvestigationRecord { id: string; caseId: string; note: string; raisedBy: string | null; holdId: string | null; createdAt: string }

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);
const day = (d: Date | string) => (d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : String(d).slice(0, 10));

/** The case file's facts from records already read (the case page reads them anyway; the gate check reads them here). */
export function caseFileFacts(r: {
  row: Record<string, any>; parties: PartyRecord[]; hits: HitRecord[]; sections: SectionRecord[]; settings: CaseFileSettings;
  verifications: VerificationRecord[]; relationship: RelationshipRecord | null;
}): CaseFileFacts {
  const byParty = new Map(r.verifications.map((v) => [v.partyId, v]));
  return {
    parties: r.parties.map((p) => ({
      id: p.id, kind: p.kind, roles: p.roles, isSubject: p.isSubject, ubo: p.ubo,
      verification: byParty.has(p.id) ? { method: byParty.get(p.id)!.method, documentId: byParty.get(p.id)!.documentId } : null,
    })),
    hits: r.hits.map((h) => ({ partyId: h.partyId, decision: h.decision, category: (h.entity as { category?: string } | null)?.category ?? null, pepCleared: !!h.pepCleared })),
    pepManagementCounts: r.settings.pepManagementCounts,
    dueDiligence: r.row.dueDiligence ?? null,
    relationship: r.relationship,
    sections: r.sections.map((x) => ({ key: x.key, text: x.text, accepted: x.accepted })),
    conclusion: (r.row.conclusion ?? null) as Conclusion | null,
  };
}

export function createCaseFileRepository(knex: Knex) {
  const data = createCaseDataRepository(knex);
  return {
    /**
     * What the case file's rules (domain/kyc/case-file.ts) decide on, read in one place for the
     * workflow's gate check and the case page's blocking reasons. null when there is no such case.
     */
    async facts(orgId: string, caseId: string): Promise<CaseFileFacts | null> {
      const row = await data.caseFacts(orgId, caseId);
      if (!row) return null;
      const [parties, hits, sections, settings, verifications, relationship] = await Promise.all([
        data.parties(orgId, caseId), data.hits(orgId, caseId), data.sections(orgId, caseId), data.caseFileSettings(orgId),
        this.verifications(orgId, caseId), this.relationship(orgId, caseId),
      ]);
      return caseFileFacts({ row, parties, hits, sections, settings, verifications, relationship });
    },

    /**
     * A handler is about to change `part` of the case file: refused (the reason) unless the case, as its
     * projection stands, allows it; otherwise the user is recorded as an editor (four-eyes) and the event,
     * if any, is written, in one transaction that holds the case row. The change itself follows: a change
     * that lands after a later transition is caught there (the gates re-read Postgres; a section changed
     * after submission changes the report version, which the reviewer's approval names).
     */
    async claimEdit(orgId: string, caseId: string, userId: string, part: CaseFilePart, event?: { kind: string; key: string }): Promise<'ok' | 'not_found' | { refused: string }> {
      return knex.transaction(async (trx) => {
        const row = await trx('cases').where({ orgId, id: caseId }).forUpdate().first('status', 'step');
        if (!row) return 'not_found';
        const refused = editRefusal(part, row.status, row.step);
        if (refused) return { refused };
        await trx('case_editors').insert({ caseId, orgId, userId }).onConflict(['case_id', 'user_id']).ignore();
        if (event) await trx('case_events').insert({ orgId, caseId, kind: event.kind, idempotencyKey: event.key }).onConflict('idempotency_key').ignore();
        return 'ok';
      });
    },

    async editors(orgId: string, caseId: string): Promise<string[]> {
      return (await knex('case_editors').where({ orgId, caseId }).orderBy('firstEditedAt').pluck('user_id')) as string[];
    },

    async verifications(orgId: string, caseId: string): Promise<VerificationRecord[]> {
      const rows = await knex('case_party_verifications').where({ orgId, caseId });
      return rows.map((r: Record<string, any>) => ({ partyId: r.partyId, method: r.method, documentId: r.documentId, description: r.description, verifiedBy: r.verifiedBy, verifiedAt: iso(r.verifiedAt) }));
    },

    /** Records (or replaces) how a person's identity was verified. */
    async verify(orgId: string, caseId: string, partyId: string, v: { method: VerificationMethod; documentId: string | null; description: string | null; by: string; at: Date }): Promise<void> {
      await knex('case_party_verifications')
        .insert({ partyId, orgId, caseId, method: v.method, documentId: v.documentId, description: v.description, verifiedBy: v.by, verifiedAt: v.at })
        .onConflict('party_id').merge(['method', 'document_id', 'description', 'verified_by', 'verified_at']);
    },

    /** Whether the document belongs to this case of this organisation (a verification never rests on another case's). */
    async documentOfCase(orgId: string, caseId: string, documentId: string): Promise<boolean> {
      return !!(await knex('case_documents').where({ orgId, caseId, id: documentId }).first('id'));
    },

    async setDocumentKind(orgId: string, caseId: string, documentId: string, kind: string | null): Promise<boolean> {
      return (await knex('case_documents').where({ orgId, caseId, id: documentId }).update({ documentKind: kind })) > 0;
    },

    async relationship(orgId: string, caseId: string): Promise<RelationshipRecord | null> {
      const r = await knex('case_relationships').where({ orgId, caseId }).first();
      return r ? {
        purpose: r.purpose, nature: r.nature, expectedActivity: r.expectedActivity, sourceOfFunds: r.sourceOfFunds, sourceOfWealth: r.sourceOfWealth,
        product: r.product, deliveryChannel: r.deliveryChannel, updatedBy: r.updatedBy, updatedAt: iso(r.updatedAt),
      } : null;
    },

    async saveRelationship(orgId: string, caseId: string, r: Omit<RelationshipRecord, 'updatedBy' | 'updatedAt'>, by: string, at: Date): Promise<void> {
      await knex('case_relationships').insert({ caseId, orgId, ...r, updatedBy: by, updatedAt: at }).onConflict('case_id').merge();
    },

    async addAuthorityReport(orgId: string, caseId: string, r: Omit<AuthorityReportRecord, 'id' | 'createdAt'>): Promise<AuthorityReportRecord> {
      const [row] = await knex('case_authority_reports').insert({ orgId, caseId, ...r }).returning('*');
      return toReport(row);
    },

    /** Reports of an asset freeze (the case's readers see them); reports of suspicion are under their investigation. */
    async freezeReports(orgId: string, caseId: string): Promise<AuthorityReportRecord[]> {
      return (await knex('case_authority_reports').where({ orgId, caseId, kind: 'sanctions_freeze' }).orderBy('createdAt')).map(toReport);
    },

    async reportsOfInvestigation(orgId: string, investigationId: string): Promise<AuthorityReportRecord[]> {
      return (await knex('case_authority_reports').where({ orgId, investigationId }).orderBy('createdAt')).map(toReport);
    },

    /** Opens an investigation and, in the same transaction, the legal hold of basis `investigation` on the case. */
    async openInvestigation(orgId: string, caseId: string, i: { note: string; raisedBy: string; holdReviewOn: string }): Promise<InvestigationRecord> {
      return knex.transaction(async (trx) => {
        const [hold] = await trx('legal_holds').insert({ orgId, scopeKind: 'case', scopeKey: caseId, basis: 'investigation', note: null, reviewOn: i.holdReviewOn, placedBy: i.raisedBy }).returning('id');
        const [row] = await trx('case_investigations').insert({ orgId, caseId, note: i.note, raisedBy: i.raisedBy, holdId: hold.id }).returning('*');
        return toInvestigation(row);
      });
    },

    /** The investigations of a case the viewer may read: all for a compliance officer, else those they raised. */
    async investigationsVisibleTo(orgId: string, caseId: string, viewer: { userId: string; complianceOfficer: boolean }): Promise<InvestigationRecord[]> {
      const query = knex('case_investigations').where({ orgId, caseId }).orderBy('createdAt');
      if (!viewer.complianceOfficer) query.where({ raisedBy: viewer.userId });
      return (await query).map(toInvestigation);
    },
  };
}

function toReport(r: Record<string, any>): AuthorityReportRecord {
  return { id: r.id, kind: r.kind, recipient: r.recipient, reportedAt: day(r.reportedAt), reference: r.reference, investigationId: r.investigationId, createdBy: r.createdBy, createdAt: iso(r.createdAt) };
}
function toInvestigation(r: Record<string, any>): InvestigationRecord {
  return { id: r.id, caseId: r.caseId, note: r.note, raisedBy: r.raisedBy, holdId: r.holdId, createdAt: iso(r.createdAt) };
}

export type CaseFileRepository = ReturnType<typeof createCaseFileRepository>;
