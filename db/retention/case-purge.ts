// The end of a case's § 30 clock: every row of the case's data goes, walked from
// the personal-data registry (entries of class case_data), and the case row
// stays as a tombstone — id, type, status, dates, and the certificate of what
// went. In one transaction with the hold check, so a legal hold placed at any
// moment before the purge commits still wins. The documents' storage keys are
// listed in retention_file_deletions in the same transaction: their wrapped keys
// go with the rows (the bytes are unreadable from the commit on), and the files
// are then removed from storage, each key marked when it is gone.
import type { Knex } from 'knex';
import { PERSONAL_DATA_REGISTRY } from '../personal-data-registry.ts';
import type { AuditRepository } from '../repositories/audit.ts';
import type { RetentionRepository } from '../repositories/retention.ts';

/**
 * The order a case's tables are emptied in: rows that point at other rows of the case
 * first, so no row goes by a cascade unseen (every removed row is counted and hashed).
 */
export const CASE_PURGE_ORDER: readonly string[] = [
  'case_party_verifications', 'case_ownerships', 'case_hits', 'case_authority_reports', 'case_investigations', 'case_section_versions',
  'case_sections', 'case_approvals', 'case_notes', 'case_documents', 'document_requests', 'case_relationships', 'case_parties',
];

/** Tables of a case's data (the registry's case_data entries), in purge order, with their row keys. */
export const CASE_DATA_TABLES: readonly { table: string; rowKey: string }[] = PERSONAL_DATA_REGISTRY
  .filter((e) => e.retentionClass === 'case_data' && e.table !== 'cases')
  .map((e) => ({ table: e.table, rowKey: e.rowKey }))
  .sort((a, b) => rank(a.table) - rank(b.table));

function rank(table: string): number {
  const i = CASE_PURGE_ORDER.indexOf(table);
  // A table the order does not name goes first; db/retention/case-purge.test.ts fails until it is placed.
  return i === -1 ? -1 : i;
}

/** Rows of a case without personal data that go with it all the same: nothing of the case is left but the tombstone. */
export const CASE_BOOKKEEPING_TABLES: readonly { table: string; rowKey: string }[] = [
  { table: 'case_editors', rowKey: "case_id::text || ':' || user_id::text" },
  { table: 'case_events', rowKey: 'id::text' },
];

const CASE_TABLES = [...CASE_DATA_TABLES, ...CASE_BOOKKEEPING_TABLES];

/** What the tombstone keeps of the case row: everything else is cleared. */
export const CASE_TOMBSTONE: Readonly<Record<string, string | null>> = {
  client_name: null, client_cvr: null, client_facts: null, ubo_fallback_reason: null, ownership_warnings: null, risk_assessment: null,
  risk_override: null, decline_reason: null, conclusion: null, assignee_id: null, created_by: null,
};

export type CasePurgeOutcome =
  | { outcome: 'purged'; certificateId: string; counts: Record<string, number>; storageKeys: string[] }
  | { outcome: 'held' }
  | { outcome: 'not_approved' }
  | { outcome: 'already_purged'; certificateId: string | null; storageKeys: string[] };

export async function purgeCase(
  knex: Knex, retention: RetentionRepository, input: { orgId: string; caseId: string; now: Date }, audit?: AuditRepository,
): Promise<CasePurgeOutcome> {
  return knex.transaction(async (trx) => {
    const row = await trx('cases').where({ id: input.caseId, orgId: input.orgId }).forUpdate().first('id', 'purgedAt', 'purgeApprovedAt', 'purgeApprovedBy', 'createdAt', 'relationshipEndedOn');
    if (!row) throw new Error(`case ${input.caseId} not found in its organisation`);
    if (row.purgedAt) {
      const certificate = await trx('retention_certificates').where({ caseId: input.caseId }).first('id');
      return { outcome: 'already_purged', certificateId: certificate?.id ?? null, storageKeys: await retention.pendingFileDeletions(input.caseId) };
    }
    // Legal holds lock their case row's key: placing one takes no lock on cases, so check under a share lock on the holds.
    const held = await trx('legal_holds').where({ scopeKind: 'case', scopeKey: input.caseId }).whereNull('releasedAt')
      .andWhere((q) => q.where({ orgId: input.orgId }).orWhereNull('orgId')).forShare().first('id');
    if (held) {
      // An approval given before the hold does not carry over: once released, an admin approves afresh.
      await trx('cases').where({ id: input.caseId }).update({ purgeApprovedAt: null, purgeApprovedBy: null });
      return { outcome: 'held' };
    }
    if (!row.purgeApprovedAt) return { outcome: 'not_approved' };

    const storageKeys = (await trx('case_documents').where({ caseId: input.caseId }).pluck('storage_key')) as string[];
    await retention.listFileDeletions(trx, { orgId: input.orgId, caseId: input.caseId, storageKeys });
    const counts: Record<string, number> = {};
    const keys: string[] = [];
    for (const { table, rowKey } of CASE_TABLES) {
      const removed = (await trx(table).where({ caseId: input.caseId }).delete().returning(trx.raw(`? || ':' || ${rowKey} as key`, [table]))) as { key: string }[];
      if (removed.length) counts[table] = removed.length;
      keys.push(...removed.map((r) => r.key));
    }
    await trx('cases').where({ id: input.caseId }).update({ ...CASE_TOMBSTONE, purgeStatus: 'purged', purgedAt: input.now, updatedAt: input.now });
    const certificateId = await retention.insertCaseCertificate(trx, {
      orgId: input.orgId, caseId: input.caseId, counts, keys, oldestAt: row.createdAt, newestAt: row.relationshipEndedOn ? new Date(row.relationshipEndedOn) : null,
    });
    await audit?.record({
      orgId: input.orgId, actorUserId: row.purgeApprovedBy, action: 'case.purged', targetType: 'case', targetId: input.caseId, details: { certificateId },
    }, trx);
    return { outcome: 'purged', certificateId, counts, storageKeys };
  });
}

/** Remove the files listed for the case from storage, marking each one; a failure stops here and leaves the rest listed. */
export async function removeListedFiles(
  retention: RetentionRepository, storage: { delete(key: string): Promise<void> }, caseId: string, onFile?: () => void,
): Promise<number> {
  const keys = await retention.pendingFileDeletions(caseId);
  for (const key of keys) {
    await storage.delete(key);
    await retention.markFileRemoved(key);
    onFile?.();
  }
  return keys.length;
}
