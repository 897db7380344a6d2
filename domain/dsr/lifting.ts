// Lifting what a data-subject request put in effect: a processing flag (restriction,
// objection, withdrawal of consent) or the suppression of an erased address. A lift
// names its reason as a code; which codes fit depends on what is lifted, so a
// restriction is never lifted "because the objection was assessed" when there was
// no objection to assess. Free-text notes stay in dsr_events.note, never here.
import { z } from 'zod';

export const FLAG_KINDS = ['restriction', 'objection', 'consent_withdrawn'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const LIFT_REASONS = ['objection_assessed', 'accuracy_verified', 'requester_asked', 'legal_claim_ended'] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];

export const flagKindSchema = z.enum(FLAG_KINDS);
export const liftReasonSchema = z.enum(LIFT_REASONS);

/**
 * The reasons that end each effect:
 * - restriction (Art. 18(1)): accuracy verified (a), the legal claim it was kept for ended (c),
 *   the objection assessed (d), or the person asks for it to end;
 * - objection (Art. 21): assessed (compelling grounds shown, or the processing stopped), or withdrawn by the person;
 * - consent withdrawn (Art. 7(3)) and suppression of an erased address (Art. 17): only the person can
 *   undo them, by giving consent again or asking to be contacted (e.g. invited) again.
 */
export const LIFT_REASONS_BY_TARGET: Readonly<Record<FlagKind | 'suppression', readonly LiftReason[]>> = {
  restriction: ['objection_assessed', 'accuracy_verified', 'legal_claim_ended', 'requester_asked'],
  objection: ['objection_assessed', 'requester_asked'],
  consent_withdrawn: ['requester_asked'],
  suppression: ['requester_asked'],
};

export function liftReasonFits(target: FlagKind | 'suppression', reason: LiftReason): boolean {
  return LIFT_REASONS_BY_TARGET[target].includes(reason);
}

export const MAX_LIFT_NOTE = 2000;
// Control characters (but line breaks and tabs) have no place in a note shown to staff.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The body of a lift: a reason code and an optional note (kept in Postgres only). */
export const liftBodySchema = z.object({
  reason: liftReasonSchema,
  note: z.string().max(MAX_LIFT_NOTE, `at most ${MAX_LIFT_NOTE} characters`)
    .refine((s) => !CONTROL.test(s), 'control characters are not allowed')
    .transform((s) => s.trim())
    .optional(),
}).strict();
