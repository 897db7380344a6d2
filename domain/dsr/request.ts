// A data-subject request: its enums (API.md), the public form's schema, and the
// state machine the workflow runs (triage, plan, four-eyes approval). Pure: the
// workflow and the API call these, so the rules live in one place.
import { DomainRefusal } from '../refusal.ts';
import { z } from 'zod';

export const DSR_RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'withdraw_consent'] as const;
export const DSR_RELATIONSHIPS = ['platform_user', 'case_subject', 'other'] as const;
export const DSR_STATUSES = [
  'received', 'awaiting_verification', 'triage', 'awaiting_info', 'routed', 'discovery', 'hold_check',
  'plan_review', 'executing', 'verifying', 'responding', 'closed',
] as const;
export const DSR_OUTCOMES = ['completed', 'partially_completed', 'refused', 'withdrawn', 'unverified', 'merged'] as const;
export const TRIAGE_DECISIONS = ['proceed', 'need_info', 'merge', 'refuse'] as const;
/** Recorded reason codes; any free-text note stays in Postgres, never in workflow history. */
export const REFUSAL_REASONS = ['manifestly_unfounded', 'excessive', 'identity_not_established', 'no_applicable_right', 'other'] as const;
export const EXTENSION_REASONS = ['complexity', 'number_of_requests'] as const;
export const PLAN_ACTIONS = ['export', 'rectify', 'erase', 'anonymise', 'restrict', 'retain'] as const;
export const DSR_LOCALES = ['da', 'en'] as const;

export const dsrRightSchema = z.enum(DSR_RIGHTS);
export const dsrRelationshipSchema = z.enum(DSR_RELATIONSHIPS);
export const dsrStatusSchema = z.enum(DSR_STATUSES);
export const dsrOutcomeSchema = z.enum(DSR_OUTCOMES);
export const triageDecisionSchema = z.enum(TRIAGE_DECISIONS);
export const refusalReasonSchema = z.enum(REFUSAL_REASONS);
export const extensionReasonSchema = z.enum(EXTENSION_REASONS);
export const planActionSchema = z.enum(PLAN_ACTIONS);

export type DsrRight = z.infer<typeof dsrRightSchema>;
export type DsrRelationship = z.infer<typeof dsrRelationshipSchema>;
export type DsrStatus = z.infer<typeof dsrStatusSchema>;
export type DsrOutcome = z.infer<typeof dsrOutcomeSchema>;
export type TriageDecision = z.infer<typeof triageDecisionSchema>;
export type RefusalReason = z.infer<typeof refusalReasonSchema>;
export type ExtensionReason = z.infer<typeof extensionReasonSchema>;
export type PlanAction = z.infer<typeof planActionSchema>;

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_DESCRIPTION_LENGTH = 4000;

// Invisible and direction-changing characters make two addresses look alike
// (a homograph or a reversed domain); control characters could split mail headers.
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x0000, 0x001f], [0x007f, 0x009f], [0x00ad, 0x00ad], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180e, 0x180e],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];
const INVISIBLE_OR_CONTROL = {
  test: (s: string): boolean => [...s].some((ch) => {
    const cp = ch.codePointAt(0)!;
    return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
  }),
};
// Plain ASCII addresses only: an internationalised address can imitate another one.
const PLAIN_ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The one spelling of an address used for mail, duplicates and limits. */
export function normaliseEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

const freeText = (max: number, what: string) => z.string()
  .max(max * 2, `${what} is too long`)
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().max(max, `${what} may be at most ${max} characters`));

export const publicRequestSchema = z.object({
  rights: z.array(dsrRightSchema).min(1, 'choose at least one right').max(DSR_RIGHTS.length)
    .transform((rights) => [...new Set(rights)]),
  name: freeText(MAX_NAME_LENGTH, 'the name')
    .pipe(z.string().min(1, 'the name is required').refine((s) => !INVISIBLE_OR_CONTROL.test(s), 'the name contains invisible or control characters')),
  email: z.string().max(MAX_EMAIL_LENGTH * 2, 'the e-mail address is too long')
    .refine((s) => !INVISIBLE_OR_CONTROL.test(s), 'the e-mail address contains invisible or control characters')
    .transform(normaliseEmail)
    .pipe(z.string().max(MAX_EMAIL_LENGTH, 'the e-mail address is too long').regex(PLAIN_ADDRESS, 'enter a plain e-mail address (letters a–z, digits, no spaces)')),
  relationship: dsrRelationshipSchema,
  description: freeText(MAX_DESCRIPTION_LENGTH, 'the description').default(''),
  locale: z.enum(DSR_LOCALES).default('da'),
}).strict();
export type PublicRequest = z.output<typeof publicRequestSchema>;

export const verificationCodeSchema = z.string().regex(/^\d{6}$/, 'the code is 6 digits');

/** What the workflow knows and decides on: ids and enums only. */
export interface DsrState {
  status: DsrStatus;
  outcome: DsrOutcome | null;
  verified: boolean;
  triage: { decision: TriageDecision; actorId: string } | null;
  plan: { planHash: string; proposedBy: string } | null;
  approvedBy: string | null;
  dueAt: string;
  extended: boolean;
}

export class DsrTransitionError extends DomainRefusal {
  override name = 'DsrTransitionError';
}

export function initialDsrState(dueAt: Date): DsrState {
  return { status: 'awaiting_verification', outcome: null, verified: false, triage: null, plan: null, approvedBy: null, dueAt: dueAt.toISOString(), extended: false };
}

const closed = (s: DsrState, outcome: DsrOutcome): DsrState => ({ ...s, status: 'closed', outcome });

export function markVerified(s: DsrState): DsrState {
  if (s.status !== 'awaiting_verification') throw new DsrTransitionError('the request is not waiting for verification');
  return { ...s, verified: true, status: 'triage' };
}

export function closeUnverified(s: DsrState): DsrState {
  if (s.status !== 'awaiting_verification') throw new DsrTransitionError('the request is not waiting for verification');
  return closed(s, 'unverified');
}

export function triage(s: DsrState, decision: TriageDecision, actorId: string): DsrState {
  if (s.status !== 'triage') throw new DsrTransitionError(`the request is not in triage (it is ${s.status})`);
  const next = { ...s, triage: { decision, actorId } };
  switch (decision) {
    case 'proceed': return { ...next, status: 'discovery' };
    case 'need_info': return { ...next, status: 'awaiting_info' };
    case 'merge': return closed(next, 'merged');
    case 'refuse': return closed(next, 'refused');
  }
}

/** The requester answered a request for more information: back to triage. */
export function infoProvided(s: DsrState): DsrState {
  if (s.status !== 'awaiting_info') throw new DsrTransitionError('the request is not waiting for information');
  return { ...s, status: 'triage' };
}

export function advance(s: DsrState, from: DsrStatus, to: DsrStatus): DsrState {
  if (s.status !== from) throw new DsrTransitionError(`expected ${from}, the request is ${s.status}`);
  return { ...s, status: to };
}

export function proposePlan(s: DsrState, planHash: string, actorId: string): DsrState {
  if (s.status !== 'plan_review') throw new DsrTransitionError('the request has no plan to review now');
  if (!/^[0-9a-f]{64}$/.test(planHash)) throw new DsrTransitionError('the plan hash is not valid');
  return { ...s, plan: { planHash, proposedBy: actorId }, approvedBy: null };
}

/** Four-eyes: the person who proposed the plan may not approve it, and the approval names the exact plan. */
export function approvePlan(s: DsrState, planHash: string, actorId: string): DsrState {
  if (s.status !== 'plan_review' || !s.plan) throw new DsrTransitionError('there is no proposed plan to approve');
  if (s.plan.planHash !== planHash) throw new DsrTransitionError('the plan has changed since you read it');
  if (s.plan.proposedBy === actorId) throw new DsrTransitionError('the plan must be approved by a second person (four-eyes)');
  return { ...s, approvedBy: actorId, status: 'executing' };
}

export function recordExtension(s: DsrState, dueAt: Date): DsrState {
  if (s.status === 'closed') throw new DsrTransitionError('the request is closed');
  return { ...s, extended: true, dueAt: dueAt.toISOString() };
}

export function close(s: DsrState, outcome: DsrOutcome): DsrState {
  if (s.status === 'closed') throw new DsrTransitionError('the request is already closed');
  return closed(s, outcome);
}

/** Statuses a requester sees on the status page: coarse, and never about what was found. */
export function publicStatus(status: DsrStatus): 'awaiting_verification' | 'in_progress' | 'awaiting_info' | 'closed' {
  if (status === 'awaiting_verification' || status === 'received') return 'awaiting_verification';
  if (status === 'awaiting_info') return 'awaiting_info';
  if (status === 'closed') return 'closed';
  return 'in_progress';
}
