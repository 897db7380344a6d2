// Translated labels for the API's enums and event kinds. Messages live in
// web/messages/{da,en}.json; Paraglide compiles them into #lib/paraglide.
import { m } from '#lib/paraglide/messages.js';
import type { CaseStatus, CaseStep, CaseType, Role, TokenScope } from '#lib/api-types.js';

export { m };

export function caseTypeLabel(type: CaseType): string {
	switch (type) {
		case 'onboarding':
			return m.case_type_onboarding();
		case 'periodic_review':
			return m.case_type_periodic_review();
		case 'event_review':
			return m.case_type_event_review();
		default:
			return String(type);
	}
}

export function caseTypeHint(type: CaseType): string {
	switch (type) {
		case 'onboarding':
			return m.case_type_onboarding_hint();
		case 'periodic_review':
			return m.case_type_periodic_review_hint();
		case 'event_review':
			return m.case_type_event_review_hint();
		default:
			return '';
	}
}

export function caseStepLabel(step: CaseStep | null): string {
	switch (step) {
		case 'data_collection':
			return m.case_step_data_collection();
		case 'screening':
			return m.case_step_screening();
		case 'risk':
			return m.case_step_risk();
		case 'report':
			return m.case_step_report();
		case 'review':
			return m.case_step_review();
		case null:
			return m.case_no_step();
		default:
			return String(step);
	}
}

export function caseStatusLabel(status: CaseStatus): string {
	switch (status) {
		case 'open':
			return m.case_status_open();
		case 'in_review':
			return m.case_status_in_review();
		case 'approved':
			return m.case_status_approved();
		case 'declined':
			return m.case_status_declined();
		case 'monitoring':
			return m.case_status_monitoring();
		case 'ended':
			return m.case_status_ended();
		case 'deleted':
			return m.case_status_deleted();
		default:
			return String(status);
	}
}

export function roleLabel(role: Role): string {
	switch (role) {
		case 'org_admin':
			return m.role_org_admin();
		case 'handler':
			return m.role_handler();
		case 'reviewer':
			return m.role_reviewer();
		case 'compliance_officer':
			return m.role_compliance_officer();
		case 'platform_admin':
			return m.role_platform_admin();
		case 'privacy_officer':
			return m.role_privacy_officer();
		default:
			return String(role);
	}
}

export function tokenScopeLabel(scope: TokenScope): string {
	switch (scope) {
		case 'cases:read':
			return m.token_scope_cases_read();
		case 'cases:write':
			return m.token_scope_cases_write();
		case 'screening:search':
			return m.token_scope_screening_search();
		case 'lists:read':
			return m.token_scope_lists_read();
		case 'audit:read':
			return m.token_scope_audit_read();
		case 'dsr:forwarded':
			return m.token_scope_dsr_forwarded();
		default:
			return String(scope);
	}
}

/** Event kinds the case workflow records (`case_opened`, `step_completed:<step>`, `decision:<decision>`). */
export function caseEventLabel(kind: string): string {
	const [name, detail] = kind.split(':', 2);
	if (name === 'case_opened') return m.case_event_case_opened();
	if (name === 'step_completed' && detail) return m.case_event_step_completed({ step: caseStepLabel(detail as CaseStep) });
	if (name === 'decision') {
		if (detail === 'approve') return m.case_event_decision_approve();
		if (detail === 'reject') return m.case_event_decision_reject();
		if (detail === 'return') return m.case_event_decision_return();
	}
	return m.case_event_other();
}
