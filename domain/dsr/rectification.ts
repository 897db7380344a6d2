// Rectification (GDPR Art. 16) as a corrected value with provenance: a correction of
// a self-declared value replaces it; a value that is verified evidence (an address
// proven by logging in, data from a registry or a document) is never overwritten:
// the correction is recorded beside it with where it came from.
import { z } from 'zod';

export type ValueKind = 'self_declared' | 'verified_evidence';

/** Columns a data-subject request may correct, by table, and what kind of value each holds. */
export const RECTIFIABLE: Readonly<Record<string, Readonly<Record<string, ValueKind>>>> = {
  users: { name: 'self_declared', email: 'verified_evidence' },
};

export const PROVENANCES = ['requester_statement', 'identity_document', 'registry_extract'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export function rectificationOutcome(table: string, column: string): 'applied' | 'recorded_beside_evidence' | null {
  const kind = RECTIFIABLE[table]?.[column];
  if (!kind) return null;
  return kind === 'self_declared' ? 'applied' : 'recorded_beside_evidence';
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;
export const correctedValueSchema = z.string().max(400).transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'the corrected value is empty').max(200, 'at most 200 characters').refine((s) => !CONTROL.test(s), 'the value contains invisible or control characters'));
