// Erasing one person party from a customer's case, when the controller
// organisation decides so on a routed data-subject request (and again when the
// erasure ledger is replayed after a backup restore). The case and its links stay;
// what is about the person goes:
// - the party row is anonymised (name, birth date, country, UBO details);
// - their name is redacted wherever the case holds it as text or in JSON: the
//   registry facts, drafted sections, notes, review comments, hit reasons and
//   explanations, document requests;
// - screening hits on the party lose the name that was screened;
// - document requests to the party lose the address, and the party's documents are
//   deleted: the row holds the document's wrapped key, so the stored bytes are
//   unreadable from the commit on (crypto-shredding); the caller then removes the
//   files from storage with the returned keys.
import type { Knex } from 'knex';

/** How an erased party reads afterwards; the anonymisation below and the replay use the same words. */
export const ERASED_PARTY_NAME = 'Erased person';
const REDACTED = '[erased person]';

/** How a routed erasure anonymises the party row itself. Replayed from the erasure ledger as well. */
export const PARTY_ANONYMISATION: Readonly<Record<string, string>> = {
  name: `'${ERASED_PARTY_NAME}'`, birth_date: 'null', country: 'null', ubo: 'null',
  nationality: 'null', address: 'null', cpr_sealed: 'null', registry_values: 'null', correction_reason: 'null',
};

/**
 * A Postgres regular expression (ARE) matching the name as written in free text:
 * every character that is not a letter or digit is escaped, runs of white space
 * match any white space, and a name that begins or ends with a letter or digit must
 * begin or end a word there (\\m, \\M), so "Ole" is not found inside "role" or
 * "Olesen". Used with the 'gi' flags (case-insensitive, every match).
 */
export function nameInTextPattern(name: string): string {
  const trimmed = name.trim();
  const body = trimmed.split(/\s+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, (c) => `\\${c}`))
    .join('\\s+');
  const wordChar = /[\p{L}\p{N}]/u;
  return `${wordChar.test(trimmed.at(0) ?? '') ? '\\m' : ''}${body}${wordChar.test(trimmed.at(-1) ?? '') ? '\\M' : ''}`;
}

/** Text columns of a case that may name a party, per table (all filtered by case). */
const CASE_TEXT: readonly { table: string; column: string; json?: boolean }[] = [
  { table: 'cases', column: 'client_facts', json: true },
  { table: 'cases', column: 'risk_override', json: true },
  { table: 'case_sections', column: 'text' },
  { table: 'case_section_versions', column: 'text' },
  { table: 'case_notes', column: 'body' },
  { table: 'case_approvals', column: 'comment' },
  { table: 'case_hits', column: 'reason' },
  { table: 'case_hits', column: 'explanation', json: true },
  { table: 'document_requests', column: 'description' },
  { table: 'cases', column: 'decline_reason' },
  { table: 'case_relationships', column: 'purpose' },
  { table: 'case_relationships', column: 'nature' },
  { table: 'case_relationships', column: 'expected_activity' },
  { table: 'case_relationships', column: 'source_of_funds' },
  { table: 'case_relationships', column: 'source_of_wealth' },
  { table: 'case_party_verifications', column: 'description' },
];

export interface PartyErasure {
  /** False when there is no such party (already gone with its case). */
  erased: boolean;
  /** Storage keys of the party's deleted documents, to remove from document storage after the commit. */
  storageKeys: string[];
}

/** Erase one party and what its case holds about it, in the caller's transaction. Idempotent. */
export async function eraseCaseParty(trx: Knex, partyId: string): Promise<PartyErasure> {
  const party = (await trx('case_parties').where({ id: partyId }).forUpdate().first('id', 'caseId', 'name')) as { id: string; caseId: string; name: string } | undefined;
  if (!party) return { erased: false, storageKeys: [] };
  const caseKey = (table: string) => (table === 'cases' ? 'id' : 'case_id');
  // The verification of the erased person goes with it (it names their evidence).
  await trx('case_party_verifications').where({ partyId }).delete();
  if (party.name !== ERASED_PARTY_NAME && party.name.trim().length > 1) {
    const textPattern = nameInTextPattern(party.name);
    // In JSON text a quote or backslash in the name is escaped: look for it as JSON writes it.
    const jsonPattern = nameInTextPattern(JSON.stringify(party.name).slice(1, -1));
    for (const { table, column, json } of CASE_TEXT) {
      const pattern = json ? jsonPattern : textPattern;
      // JSON is redacted in its text form: the replacement holds no character JSON would need to escape.
      const value = json ? `regexp_replace(??::text, ?, ?, 'gi')::jsonb` : `regexp_replace(??, ?, ?, 'gi')`;
      await trx(table).where(caseKey(table), party.caseId).whereRaw(`${json ? '??::text' : '??'} ~* ?`, [column, pattern])
        .update({ [column]: trx.raw(value, [column, pattern, REDACTED]) });
    }
  }
  await trx('case_hits').where({ partyId }).update({ primaryName: ERASED_PARTY_NAME });
  await trx('document_requests').where({ partyId }).update({ recipientEmail: trx.raw("'erased-' || id::text || '@erased.invalid'") });
  const storageKeys = (await trx('case_documents').where({ partyId }).pluck('storage_key')) as string[];
  await trx('case_documents').where({ partyId }).delete();
  await trx('case_parties').where({ id: partyId })
    .update(Object.fromEntries(Object.entries(PARTY_ANONYMISATION).map(([column, sql]) => [column, trx.raw(sql)])));
  return { erased: true, storageKeys };
}
