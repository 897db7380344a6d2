// What a refused API call means to the person who sent the form, in their language.
// The API answers with a stable `code` (api/errors.ts), field paths for validation
// errors, and an English `message` for developers. The web never shows that message:
// `classifyApiError` turns an answer into problem keys (pure, testable without the
// catalogues), and `api-problem-text.ts` turns the keys into Paraglide messages.

/** Every code the API's error middleware can answer with (api/errors.ts `ErrorCode`). */
export const API_ERROR_CODES = [
	'validation_failed', 'unauthenticated', 'totp_required', 'csrf_failed', 'forbidden', 'not_found', 'method_not_allowed',
	'conflict', 'account_erased', 'gone', 'stale_version', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'unavailable', 'internal',
	// The case file (docs/case-file.md): a blocking reason stands (`details.blockingReasons` says which), or a confirmed sanctions hit.
	'incomplete', 'sanctions_match'
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * Refusals of the case workflow (domain/kyc/case.ts `CaseTransitionError`, and the
 * gateway's "closed meanwhile"). They all arrive as `conflict`/`forbidden`/`stale_version`;
 * the English text is the only thing that tells them apart, so it is matched here and
 * never shown. A text no pattern knows falls back to the message for its code.
 */
export const CASE_REFUSALS = [
	'wrong_step', 'registry_pending', 'registry_failed', 'screening_pending', 'hits_open_review', 'hits_open', 'risk_pending',
	'report_by_submit', 'review_by_reviewer', 'hit_unknown', 'sections_unaccepted', 'not_in_review', 'four_eyes', 'report_changed',
	'already_approved', 'needs_compliance', 'may_not_approve', 'no_return_to_review', 'relationship_not_active', 'closed_meanwhile',
	'assignee_restricted',
	// The case file (docs/case-file.md).
	'review_not_declined', 'decline_closed', 'file_closed', 'parties_at_collection', 'language_drafted', 'conclusion_at_report', 'registry_there',
	'registry_party_remove', 'party_open_hit',
	// Report drafting (issue 13).
	'ai_off', 'redraft_at_report', 'section_accepted',
	// A former PEP (§ 18, stk. 6).
	'pep_not_confirmed', 'pep_left_office_first', 'pep_too_early'
] as const;
export type CaseRefusal = (typeof CASE_REFUSALS)[number];

const REFUSAL_PATTERNS: Array<[RegExp, CaseRefusal]> = [
	[/not at step (\w+)/, 'wrong_step'],
	[/registry lookup has not finished/, 'registry_pending'],
	[/could not be collected from the registry/, 'registry_failed'],
	[/screening has not finished/, 'screening_pending'],
	[/(\d+) screening hit\(s\) raised during review/, 'hits_open_review'],
	[/(\d+) screening hit\(s\) are still unresolved/, 'hits_open'],
	[/risk assessment has not finished/, 'risk_pending'],
	[/report step ends by submitting/, 'report_by_submit'],
	[/reviewer decides the review step/, 'review_by_reviewer'],
	[/no such hit/, 'hit_unknown'],
	[/every report section must be accepted/, 'sections_unaccepted'],
	[/not waiting for review/, 'not_in_review'],
	[/four-eyes/, 'four_eyes'],
	[/report has changed|not a report version/, 'report_changed'],
	[/already approved/, 'already_approved'],
	[/second approval from a compliance officer/, 'needs_compliance'],
	[/may not approve/, 'may_not_approve'],
	[/cannot be returned to review/, 'no_return_to_review'],
	[/only an approved (client relationship|case)/, 'relationship_not_active'],
	[/decided or closed in the meantime/, 'closed_meanwhile'],
	[/restricted at their request/, 'assignee_restricted'],
	[/review of an existing relationship is not declined/, 'review_not_declined'],
	[/only an open case can be declined/, 'decline_closed'],
	[/case file can only be changed while the case is open/, 'file_closed'],
	[/parties are changed at data collection/, 'parties_at_collection'],
	[/already drafted in the case's language/, 'language_drafted'],
	[/conclusion is chosen at the report step/, 'conclusion_at_report'],
	[/registry data is already there/, 'registry_there'],
	[/party from the registry is corrected, not removed/, 'registry_party_remove'],
	[/party has an undecided screening hit/, 'party_open_hit'],
	[/AI drafting is not switched on/, 'ai_off'],
	[/sections are drafted at the report step/, 'redraft_at_report'],
	[/the section is accepted: change it by hand/, 'section_accepted'],
	[/only a confirmed PEP hit has an office to leave/, 'pep_not_confirmed'],
	[/record the day the person left office first/, 'pep_left_office_first'],
	[/12 months after leaving office: not before (\d{4}-\d{2}-\d{2}|\S+)/, 'pep_too_early']
];

/**
 * What can block a case's next gate (docs/case-file.md, `blockingReasons` of the case and of an
 * `incomplete` refusal); each has a sentence in #lib/kyc-case.js `blockingReasonText`.
 */
export const BLOCKING_CODES = [
	'identity_unverified', 'identity_document_missing', 'risk_answers_missing', 'purpose_missing', 'source_of_funds_missing', 'source_of_wealth_missing',
	'section_not_accepted', 'section_placeholder', 'conclusion_missing', 'conclusion_decline', 'open_hits', 'sanctions_match'
] as const;
export type BlockingCode = (typeof BLOCKING_CODES)[number];

/** What went wrong with one field: the field's own message, or a general one. */
export const FIELD_PROBLEMS = ['required', 'too_long', 'invalid', 'date', 'country', 'cvr', 'cvr_unknown', 'choose', 'sentence', 'reason', 'placeholder', 'cpr', 'cpr_birth_date', 'not_allowed', 'describe'] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];

export type Problem =
	| { kind: 'code'; code: ApiErrorCode | 'error' }
	| { kind: 'refusal'; refusal: CaseRefusal; step?: string; count?: string; date?: string };

export interface ClassifiedError {
	/** A message for the form as a whole; null when every field error found its field. */
	problem: Problem | null;
	/** Field name (the last part of the API's path, e.g. `client.birthDate` → `birthDate`) → problem. */
	fields: Record<string, FieldProblem>;
}

export interface ApiErrorLike {
	code: string;
	message?: string;
	fields?: { path: string; message: string }[];
}

const isCode = (code: string): code is ApiErrorCode => (API_ERROR_CODES as readonly string[]).includes(code);

/** Fields that are a choice among options: what is wrong with them is that nothing (valid) was chosen. */
const CHOICES = new Set(['decision', 'returnTo', 'riskLevel', 'method', 'documentId', 'product', 'deliveryChannel', 'outcome', 'language', 'recipient', 'kind', 'documentKind', 'roles', 'defaultLanguage']);

function fieldProblemOf(name: string, message: string): FieldProblem {
	if (/too big|too long|at most|<=/i.test(message)) return 'too_long';
	if (name === 'cvr') return /No company/i.test(message) ? 'cvr_unknown' : 'cvr';
	if (name === 'text' && /placeholder/i.test(message)) return 'placeholder';
	if (name === 'cpr') return /does not record|not enabled|not allowed|disabled/i.test(message) ? 'not_allowed' : /match the birth date/i.test(message) ? 'cpr_birth_date' : 'cpr';
	// A text that must say something (an investigation's note, the source a person was verified by).
	if ((name === 'note' || name === 'description') && /^(write|describe|say)\b/i.test(message)) return 'describe';
	if (name === 'birthDate' || name === 'endedOn' || name === 'reportedAt' || /date/i.test(message)) return 'date';
	if (name === 'country' || name === 'nationality') return 'country';
	if (CHOICES.has(name) || /invalid option|expected one of/i.test(message)) return 'choose';
	if (name === 'justification') return 'sentence';
	if (name === 'reason' || name === 'comment') return 'reason';
	if (/too small|required|>=1|non-empty|cannot be empty/i.test(message)) return 'required';
	return 'invalid';
}

/**
 * An API refusal as problem keys. `knownFields` are the fields the form shows: an error on
 * one of them goes next to it; any other field error, or a refusal without fields, becomes
 * the form's message.
 */
export function classifyApiError(status: number, error: ApiErrorLike, knownFields: readonly string[] = []): ClassifiedError {
	const fields: Record<string, FieldProblem> = {};
	let unplaced = false;
	for (const f of error.fields ?? []) {
		const name = f.path.split('.').pop() ?? f.path;
		if (knownFields.includes(name)) fields[name] ??= fieldProblemOf(name, f.message);
		else unplaced = true;
	}
	if (Object.keys(fields).length > 0 && !unplaced) return { problem: null, fields };
	// The case file's refusals carry their own code (and, for `incomplete`, the blocking reasons).
	if (error.code === 'incomplete' || error.code === 'sanctions_match') return { problem: { kind: 'code', code: error.code }, fields };
	const message = error.message ?? '';
	for (const [pattern, refusal] of REFUSAL_PATTERNS) {
		const match = pattern.exec(message);
		if (!match) continue;
		if (refusal === 'wrong_step') return { problem: { kind: 'refusal', refusal, step: match[1]! }, fields };
		if (refusal === 'hits_open' || refusal === 'hits_open_review') return { problem: { kind: 'refusal', refusal, count: match[1]! }, fields };
		if (refusal === 'pep_too_early') return { problem: { kind: 'refusal', refusal, date: match[1]! }, fields };
		return { problem: { kind: 'refusal', refusal }, fields };
	}
	const code = isCode(error.code) ? error.code : status >= 500 ? 'internal' : 'error';
	return { problem: { kind: 'code', code }, fields };
}
