// The messages for the problem keys of api-problems.ts, in the user's language.
// Every key has a message in both catalogues (web/src/lib/i18n.test.ts checks every message
// the code names, and the Record types below that every key has one).
import { m } from '#lib/paraglide/messages.js';
import { caseStepLabel } from '#lib/i18n.js';
import { formatDate } from '#lib/dates.js';
import type { CaseStep } from '#lib/api-types.js';
import type { ApiErrorCode, CaseRefusal, FieldProblem, Problem } from '#lib/api-problems.js';

const CODE_MESSAGES: Record<ApiErrorCode | 'error', () => string> = {
	validation_failed: m.api_error_validation_failed,
	unauthenticated: m.api_error_unauthenticated,
	totp_required: m.api_error_totp_required,
	csrf_failed: m.api_error_csrf_failed,
	forbidden: m.api_error_forbidden,
	not_found: m.api_error_not_found,
	method_not_allowed: m.api_error_method_not_allowed,
	conflict: m.api_error_conflict,
	account_erased: m.api_error_account_erased,
	gone: m.api_error_gone,
	stale_version: m.api_error_stale_version,
	payload_too_large: m.api_error_payload_too_large,
	unsupported_media_type: m.api_error_unsupported_media_type,
	rate_limited: m.api_error_rate_limited,
	unavailable: m.api_error_unavailable,
	internal: m.api_error_internal,
	incomplete: m.api_error_incomplete,
	sanctions_match: m.api_error_sanctions_match,
	error: m.api_error_error
};

const REFUSAL_MESSAGES: Record<CaseRefusal, (p: { step: string; count: string; date: string }) => string> = {
	wrong_step: (p) => m.case_refusal_wrong_step({ step: p.step }),
	registry_pending: () => m.case_refusal_registry_pending(),
	registry_failed: () => m.case_refusal_registry_failed(),
	screening_pending: () => m.case_refusal_screening_pending(),
	hits_open_review: (p) => m.case_refusal_hits_open_review({ count: p.count }),
	hits_open: (p) => m.case_refusal_hits_open({ count: p.count }),
	risk_pending: () => m.case_refusal_risk_pending(),
	report_by_submit: () => m.case_refusal_report_by_submit(),
	review_by_reviewer: () => m.case_refusal_review_by_reviewer(),
	hit_unknown: () => m.case_refusal_hit_unknown(),
	sections_unaccepted: () => m.case_refusal_sections_unaccepted(),
	not_in_review: () => m.case_refusal_not_in_review(),
	four_eyes: () => m.case_refusal_four_eyes(),
	report_changed: () => m.case_refusal_report_changed(),
	already_approved: () => m.case_refusal_already_approved(),
	needs_compliance: () => m.case_refusal_needs_compliance(),
	may_not_approve: () => m.case_refusal_may_not_approve(),
	no_return_to_review: () => m.case_refusal_no_return_to_review(),
	relationship_not_active: () => m.case_refusal_relationship_not_active(),
	closed_meanwhile: () => m.case_refusal_closed_meanwhile(),
	assignee_restricted: () => m.case_refusal_assignee_restricted(),
	review_not_declined: () => m.case_refusal_review_not_declined(),
	decline_closed: () => m.case_refusal_decline_closed(),
	file_closed: () => m.case_refusal_file_closed(),
	parties_at_collection: () => m.case_refusal_parties_at_collection(),
	language_drafted: () => m.case_refusal_language_drafted(),
	conclusion_at_report: () => m.case_refusal_conclusion_at_report(),
	registry_there: () => m.case_refusal_registry_there(),
	registry_party_remove: () => m.case_refusal_registry_party_remove(),
	party_open_hit: () => m.case_refusal_party_open_hit(),
	ai_off: () => m.case_refusal_ai_off(),
	redraft_at_report: () => m.case_refusal_redraft_at_report(),
	section_accepted: () => m.case_refusal_section_accepted(),
	pep_not_confirmed: () => m.case_refusal_pep_not_confirmed(),
	pep_left_office_first: () => m.case_refusal_pep_left_office_first(),
	pep_too_early: (p) => m.case_refusal_pep_too_early({ date: p.date })
};

const FIELD_MESSAGES: Record<FieldProblem, () => string> = {
	required: m.field_problem_required,
	too_long: m.field_problem_too_long,
	invalid: m.field_problem_invalid,
	date: m.field_problem_date,
	country: m.field_problem_country,
	cvr: m.case_new_cvr_invalid,
	cvr_unknown: m.kyc_preview_unknown,
	choose: m.field_problem_choose,
	sentence: m.field_problem_sentence,
	reason: m.field_problem_reason,
	placeholder: m.field_problem_placeholder,
	cpr: m.field_problem_cpr,
	cpr_birth_date: m.field_problem_cpr_birth_date,
	describe: m.field_problem_describe,
	not_allowed: m.field_problem_not_allowed
};

export function problemText(problem: Problem): string {
	if (problem.kind === 'code') return CODE_MESSAGES[problem.code]();
	const step = problem.step ? caseStepLabel(problem.step as CaseStep) : '';
	const date = problem.date && /^\d{4}-\d{2}-\d{2}$/.test(problem.date) ? formatDate(problem.date) : (problem.date ?? '');
	return REFUSAL_MESSAGES[problem.refusal]({ step, count: problem.count ?? '', date });
}

export function fieldProblemText(problem: FieldProblem): string {
	return FIELD_MESSAGES[problem]();
}
