// Routed parts of data-subject requests: the case parties in customer organisations
// that match the requester, one part per organisation with its items (ids only) and
// the AML hold of each, the organisation admin's task and decision, and the erasure
// of the parties no hold covers. Every read for an organisation takes its orgId, so
// one organisation never sees another's part.
import type { Knex } from 'knex';
import { amlHold, type RoutedDecision } from '../../domain/dsr/routing.ts';
import type { DsrRight } from '../../domain/dsr/request.ts';
import { eraseCaseParty } from './case-party-erasure.ts';

/** One spelling of a person's name for matching: NFC, trimmed, single spaces, lower case. */
export const matchName = (name: string): string => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export interface RoutedPartSummary {
  id: string; requestId: string; orgId: string; status: 'forwarded' | 'decided'; decision: RoutedDecision | null;
  rights: DsrRight[]; receivedAt: string; dueAt: string; parties: number; createdAt: string; decidedAt: string | null;
}
export interface RoutedItem {
  id: string; caseId: string; partyId: string; partyName: string; clientName: string | null;
  amlHold: 'relationship_active' | 'retention_period' | null; heldUntil: string | null; action: 'erased' | 'held' | 'kept' | null; executedAt: string | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null): string | null => {
  if (d === null) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Who the requester is, for finding them in customers' case data: the name they gave and their verified address. */
export interface RoutedSubject { name: string; email: string }

export function createDsrRoutingRepository(knex: Knex) {
  /**
   * Person parties in `orgId`'s cases (or every organisation's) that are the subject,
   * with the case's relationship dates: a party whose name matches, or a party a
   * document request was sent to at the subject's (verified) address, whatever the
   * spelling of the name in the case.
   */
  async function matches(subject: RoutedSubject, orgId?: string) {
    const columns = ['p.id as partyId', 'p.orgId', 'p.caseId', 'c.relationshipEndedOn', 'c.retentionUntil'];
    const byName = knex('case_parties as p').join('cases as c', 'c.id', 'p.case_id')
      .where('p.kind', 'person').andWhereRaw("lower(regexp_replace(btrim(p.name), '\\s+', ' ', 'g')) = ?", [matchName(subject.name)])
      .select(columns);
    const byAddress = knex('document_requests as d').join('case_parties as p', 'p.id', 'd.party_id').join('cases as c', 'c.id', 'p.case_id')
      .where('p.kind', 'person').andWhereRaw('lower(d.recipient_email) = ?', [subject.email.toLowerCase()])
      .select(columns);
    if (orgId) {
      byName.where('p.org_id', orgId);
      byAddress.where('p.org_id', orgId);
    }
    const rows = [...(await byName), ...(await byAddress)] as { partyId: string; orgId: string; caseId: string; relationshipEndedOn: Date | string | null; retentionUntil: Date | string | null }[];
    return [...new Map(rows.map((r) => [r.partyId, r])).values()];
  }

  const partColumns = [
    'p.id', 'p.requestId', 'p.orgId', 'p.status', 'p.decision', 'p.createdAt', 'p.decidedAt', 'r.rights', 'r.receivedAt', 'r.dueAt',
    knex.raw('(select count(*) from dsr_routed_items i where i.part_id = p.id)::int as parties'),
  ];
  const toSummary = (row: Record<string, any>): RoutedPartSummary => ({
    id: row.id, requestId: row.requestId, orgId: row.orgId, status: row.status, decision: row.decision, rights: row.rights,
    receivedAt: iso(row.receivedAt)!, dueAt: iso(row.dueAt)!, parties: row.parties, createdAt: iso(row.createdAt)!, decidedAt: iso(row.decidedAt),
  });

  return {
    /** The organisations whose case data names the subject (ids only, sorted). */
    async controllerOrganisations(subject: RoutedSubject): Promise<string[]> {
      return [...new Set((await matches(subject)).map((m) => m.orgId))].sort();
    },

    /** The part for one organisation with its matched parties and their AML hold today; idempotent. */
    async forward(requestId: string, orgId: string, subject: RoutedSubject, today: string): Promise<{ partId: string; created: boolean; items: number }> {
      return knex.transaction(async (trx) => {
        const inserted = await trx('dsr_routed_parts').insert({ requestId, orgId }).onConflict(['request_id', 'org_id']).ignore().returning('id');
        const partId = inserted[0]?.id ?? (await trx('dsr_routed_parts').where({ requestId, orgId }).first('id')).id;
        const found = await matches(subject, orgId);
        if (found.length) {
          await trx('dsr_routed_items').insert(found.map((m) => {
            const hold = amlHold({ relationshipEndedOn: day(m.relationshipEndedOn), retentionUntil: day(m.retentionUntil) }, today);
            return { partId, orgId, caseId: m.caseId, partyId: m.partyId, amlHold: hold.held ? hold.reason : null, heldUntil: 'until' in hold ? hold.until : null };
          })).onConflict(['part_id', 'party_id']).ignore();
        }
        return { partId, created: inserted.length > 0, items: found.length };
      });
    },

    async partFor(requestId: string, orgId: string): Promise<{ id: string; status: string; decision: RoutedDecision | null } | null> {
      return (await knex('dsr_routed_parts').where({ requestId, orgId }).first('id', 'status', 'decision')) ?? null;
    },

    async listForOrg(orgId: string, options: { open?: boolean | undefined } = {}): Promise<RoutedPartSummary[]> {
      const q = knex('dsr_routed_parts as p').join('dsr_requests as r', 'r.id', 'p.request_id').where('p.org_id', orgId).select(partColumns).orderBy([{ column: 'r.due_at' }, { column: 'p.id' }]).limit(500);
      if (options.open === true) q.where('p.status', 'forwarded');
      if (options.open === false) q.where('p.status', 'decided');
      return (await q).map(toSummary);
    },

    /** One part of `orgId` (null for any other organisation's), with the requester's contact details and the matched parties. */
    async getForOrg(orgId: string, partId: string) {
      const row = await knex('dsr_routed_parts as p').join('dsr_requests as r', 'r.id', 'p.request_id').where({ 'p.org_id': orgId, 'p.id': partId })
        .first([...partColumns, 'p.note', 'p.decidedBy', 'r.requesterName', 'r.requesterEmail', 'r.locale']);
      if (!row) return null;
      const items = await knex('dsr_routed_items as i').join('case_parties as cp', 'cp.id', 'i.party_id').join('cases as c', 'c.id', 'i.case_id')
        .where('i.part_id', partId).andWhere('i.org_id', orgId).orderBy('i.id')
        .select('i.id', 'i.caseId', 'i.partyId', 'cp.name as partyName', 'c.clientName', 'i.amlHold', 'i.heldUntil', 'i.action', 'i.executedAt');
      return {
        ...toSummary(row), note: row.note as string | null, decidedBy: row.decidedBy as string | null,
        requester: { name: row.requesterName as string, email: row.requesterEmail as string, locale: row.locale as 'da' | 'en' },
        items: items.map((i: Record<string, any>): RoutedItem => ({
          id: i.id, caseId: i.caseId, partyId: i.partyId, partyName: i.partyName, clientName: i.clientName, amlHold: i.amlHold,
          heldUntil: day(i.heldUntil), action: i.action, executedAt: iso(i.executedAt),
        })),
      };
    },

    /** Parts of one request, for Clientnote's privacy staff. */
    async partsOfRequest(requestId: string) {
      const parts = await knex('dsr_routed_parts').where({ requestId }).orderBy('createdAt').select('id', 'orgId', 'status', 'decision', 'decidedAt');
      const counts = (await knex('dsr_routed_items').whereIn('partId', parts.map((p) => p.id)).groupBy('partId').select('partId').count({ n: '*' })) as { partId: string; n: string }[];
      return parts.map((p) => ({ id: p.id as string, orgId: p.orgId as string, status: p.status as string, decision: p.decision as RoutedDecision | null, decidedAt: iso(p.decidedAt), parties: Number(counts.find((c) => c.partId === p.id)?.n ?? 0) }));
    },

    /**
     * What the organisation holds about the requester, for its own answer to an access
     * request: per matched party the party, its case's basic facts, the document requests
     * sent to the party and the party's documents (metadata, and how to read their files). Left out: screening hits,
     * risk assessments, drafted sections and internal notes (disclosing them can be
     * tipping-off, hvidvaskloven § 38; the organisation decides on those itself), and
     * every case under an active legal hold. Null for another organisation's part.
     */
    async exportForOrg(orgId: string, partId: string): Promise<{
      tables: Record<string, Record<string, unknown>[]>; withheldCases: number;
      /** How to read each listed document's file (its sealed key), for the zip; never in the tables. */
      files: { id: string; name: string; storageKey: string; keyId: string; wrappedKey: string }[];
    } | null> {
      const part = await knex('dsr_routed_parts').where({ orgId, id: partId }).first('id');
      if (!part) return null;
      const items = (await knex('dsr_routed_items').where({ partId, orgId }).select('caseId', 'partyId')) as { caseId: string; partyId: string }[];
      const caseIds = [...new Set(items.map((i) => i.caseId))];
      const held = new Set((await knex('legal_holds').where({ scopeKind: 'case' }).whereNull('releasedAt').whereIn('scopeKey', caseIds).pluck('scope_key')) as string[]);
      const open = items.filter((i) => !held.has(i.caseId));
      const partyIds = open.map((i) => i.partyId);
      const openCases = [...new Set(open.map((i) => i.caseId))];
      const tables = {
        case_parties: await knex('case_parties').where({ orgId }).whereIn('id', partyIds).orderBy('id')
          .select('id', 'caseId', 'kind', 'name', 'birthDate', 'country', 'roles', 'ubo'),
        cases: await knex('cases').where({ orgId }).whereIn('id', openCases).orderBy('id')
          .select('id', 'type', 'status', 'clientKind', 'clientName', 'clientCvr', 'createdAt', 'relationshipEndedOn'),
        document_requests: await knex('document_requests').where({ orgId }).whereIn('partyId', partyIds).orderBy('createdAt')
          .select('id', 'caseId', 'partyId', 'recipientEmail', 'description', 'status', 'createdAt', 'expiresAt', 'fulfilledAt'),
        case_documents: await knex('case_documents').where({ orgId }).whereIn('partyId', partyIds).orderBy('createdAt')
          .select('id', 'caseId', 'partyId', 'name', 'type', 'sizeBytes', 'decision', 'createdAt'),
      };
      const files = await knex('case_documents').where({ orgId }).whereIn('partyId', partyIds).orderBy('createdAt')
        .select('id', 'name', 'storageKey', 'keyId', 'wrappedKey');
      return { tables, withheldCases: new Set(items.filter((i) => held.has(i.caseId)).map((i) => i.caseId)).size, files };
    },

    async setNote(orgId: string, partId: string, note: string): Promise<void> {
      await knex('dsr_routed_parts').where({ orgId, id: partId }).update({ note });
    },

    /**
     * The decision, once. For `erase_unheld`, every matched party that neither the
     * § 30 AML hold (checked again today) nor an active legal hold on its case covers
     * is erased with what its case holds about it (db/repositories/case-party-erasure.ts);
     * held parties are kept. Returns the party ids erased and the storage keys of their
     * deleted documents, for the caller to remove from storage once this commits.
     */
    async decide(
      orgId: string, partId: string, decision: RoutedDecision, actorId: string, today: string, now: Date,
      /** Runs in the same transaction with the erased party ids (the erasure ledger). */
      onErased: (trx: Knex, partyIds: string[]) => Promise<void> = async () => {},
    ): Promise<{ erased: string[]; held: number; storageKeys: string[] } | null> {
      return knex.transaction(async (trx) => {
        const part = await trx('dsr_routed_parts').where({ orgId, id: partId }).forUpdate().first('status');
        if (!part) return null;
        if (part.status === 'decided') return { erased: [], held: 0, storageKeys: [] };
        const erased: string[] = [];
        const storageKeys: string[] = [];
        let held = 0;
        if (decision === 'erase_unheld') {
          const items = await trx('dsr_routed_items as i').join('cases as c', 'c.id', 'i.case_id').where('i.part_id', partId).whereNull('i.executed_at')
            .select('i.id', 'i.partyId', 'i.caseId', 'c.relationshipEndedOn', 'c.retentionUntil');
          const legal = new Set((await trx('legal_holds').where({ scopeKind: 'case' }).whereNull('releasedAt').whereIn('scopeKey', items.map((i) => i.caseId)).pluck('scope_key')) as string[]);
          for (const item of items) {
            const hold = amlHold({ relationshipEndedOn: day(item.relationshipEndedOn), retentionUntil: day(item.retentionUntil) }, today);
            const keep = hold.held || legal.has(item.caseId);
            if (keep) held += 1;
            else {
              const party = await eraseCaseParty(trx, item.partyId);
              storageKeys.push(...party.storageKeys);
              erased.push(item.partyId);
            }
            await trx('dsr_routed_items').where({ id: item.id }).update({ action: keep ? 'held' : 'erased', executedAt: now });
          }
        } else {
          await trx('dsr_routed_items').where({ partId }).whereNull('executedAt').update({ action: 'kept', executedAt: now });
        }
        if (erased.length) await onErased(trx, erased);
        await trx('dsr_routed_parts').where({ id: partId }).update({ status: 'decided', decision, decidedBy: actorId, decidedAt: now });
        return { erased, held, storageKeys };
      });
    },
  };
}
