// Data-subject requests as the web app shows them: the API's shapes (see
// /api/v1/openapi.json, tags privacy and dsr) and the translated labels of their enums.
import { m } from '#lib/paraglide/messages.js';

export const DSR_RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'withdraw_consent'] as const;
export type DsrRight = (typeof DSR_RIGHTS)[number];
export const DSR_RELATIONSHIPS = ['platform_user', 'case_subject', 'other'] as const;
export type DsrRelationship = (typeof DSR_RELATIONSHIPS)[number];
export const REFUSAL_REASONS = ['manifestly_unfounded', 'excessive', 'identity_not_established', 'no_applicable_right', 'other'] as const;
export const EXTENSION_REASONS = ['complexity', 'number_of_requests'] as const;
export type PublicStatus = 'awaiting_verification' | 'in_progress' | 'awaiting_info' | 'closed';

export interface PublicRequestStatus {
	requestId: string;
	status: PublicStatus;
	rights: DsrRight[];
	receivedOn: string;
	dueDate: string;
	daysLeft: number;
	extended: boolean;
	verified: boolean;
	outcome: string | null;
	resendAvailableAt: string | null;
	exportAvailable: boolean;
}

export interface DsrSummary {
	id: string;
	rights: DsrRight[];
	relationship: DsrRelationship;
	status: string;
	outcome: string | null;
	receivedAt: string;
	dueAt: string;
	daysLeft: number;
	overdue: boolean;
	extended: boolean;
	verifiedAt: string | null;
}

export interface DsrManifestItem {
	id: string;
	sourceTable: string;
	rowKey: string;
	retentionClass: string;
	held: boolean;
	action: string | null;
	executedAt: string | null;
	/** What the plan may do with this row (the API's plan rules). */
	allowedActions: string[];
	retentionBasis: string | null;
}

export interface DsrDetail extends DsrSummary {
	requester: { name: string; email: string; locale: 'da' | 'en' };
	description: string;
	triageDecision: string | null;
	refusalReason: string | null;
	plan: { planHash: string | null; proposedBy: string | null; approvedBy: string | null };
	manifest: DsrManifestItem[];
	events: { kind: string; actorId: string | null; createdAt: string }[];
	receipt: { hash: string; sentAt: string } | null;
	flags: DsrFlag[];
	/** The reason codes that may lift each flag kind and the suppression. */
	liftReasons: Record<string, LiftReason[]>;
	corrections: { itemId: string; column: string; value: string; provenance: string; outcome: string | null; appliedAt: string | null }[];
	erasureRecord: {
		entries: number;
		tables: Record<string, number>;
		suppressed: boolean;
		suppressionLift: { at: string; by: string | null; reason: LiftReason; note: string | null } | null;
	};
}

/** Restriction, objection or withdrawal of consent, and its lift once lifted. */
export interface DsrFlag {
	kind: string;
	createdAt: string;
	liftedAt: string | null;
	lift: { by: string | null; reason: LiftReason; note: string | null } | null;
}
export const LIFT_REASONS = ['objection_assessed', 'accuracy_verified', 'requester_asked', 'legal_claim_ended'] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];

export function flagLabel(kind: string): string {
	const labels: Record<string, () => string> = {
		restriction: m.dsr_flag_kind_restriction,
		objection: m.dsr_flag_kind_objection,
		consent_withdrawn: m.dsr_flag_kind_consent_withdrawn
	};
	return labels[kind]?.() ?? kind;
}

export function liftReasonLabel(reason: string): string {
	const labels: Record<string, () => string> = {
		objection_assessed: m.dsr_lift_reason_objection_assessed,
		accuracy_verified: m.dsr_lift_reason_accuracy_verified,
		requester_asked: m.dsr_lift_reason_requester_asked,
		legal_claim_ended: m.dsr_lift_reason_legal_claim_ended
	};
	return labels[reason]?.() ?? reason;
}

export function rightLabel(right: string): string {
	const labels: Record<string, () => string> = {
		access: m.dsr_right_access,
		rectification: m.dsr_right_rectification,
		erasure: m.dsr_right_erasure,
		restriction: m.dsr_right_restriction,
		portability: m.dsr_right_portability,
		objection: m.dsr_right_objection,
		withdraw_consent: m.dsr_right_withdraw_consent
	};
	return labels[right]?.() ?? right;
}

export function relationshipLabel(relationship: string): string {
	const labels: Record<string, () => string> = {
		platform_user: m.dsr_relationship_platform_user,
		case_subject: m.dsr_relationship_case_subject,
		other: m.dsr_relationship_other
	};
	return labels[relationship]?.() ?? relationship;
}

export function publicStatusLabel(status: PublicStatus): string {
	const labels: Record<PublicStatus, () => string> = {
		awaiting_verification: m.dsr_public_awaiting_verification,
		in_progress: m.dsr_public_in_progress,
		awaiting_info: m.dsr_public_awaiting_info,
		closed: m.dsr_public_closed
	};
	return labels[status]();
}

export function statusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		received: m.dsr_status_received_s,
		awaiting_verification: m.dsr_status_awaiting_verification,
		triage: m.dsr_status_triage,
		awaiting_info: m.dsr_status_awaiting_info,
		routed: m.dsr_status_routed,
		discovery: m.dsr_status_discovery,
		hold_check: m.dsr_status_hold_check,
		plan_review: m.dsr_status_plan_review,
		executing: m.dsr_status_executing,
		verifying: m.dsr_status_verifying,
		responding: m.dsr_status_responding,
		closed: m.dsr_status_closed
	};
	return labels[status]?.() ?? status;
}

export function outcomeLabel(outcome: string): string {
	const labels: Record<string, () => string> = {
		completed: m.dsr_outcome_completed,
		partially_completed: m.dsr_outcome_partially_completed,
		refused: m.dsr_outcome_refused,
		withdrawn: m.dsr_outcome_withdrawn,
		unverified: m.dsr_outcome_unverified,
		merged: m.dsr_outcome_merged
	};
	return labels[outcome]?.() ?? outcome;
}

export function refusalLabel(reason: string): string {
	const labels: Record<string, () => string> = {
		manifestly_unfounded: m.dsr_refusal_manifestly_unfounded,
		excessive: m.dsr_refusal_excessive,
		identity_not_established: m.dsr_refusal_identity_not_established,
		no_applicable_right: m.dsr_refusal_no_applicable_right,
		other: m.dsr_refusal_other
	};
	return labels[reason]?.() ?? reason;
}

export function extensionLabel(reason: string): string {
	return reason === 'complexity' ? m.dsr_extension_complexity() : m.dsr_extension_number_of_requests();
}

const EVENT_LABELS: Record<string, () => string> = {
	received: m.dsr_event_received,
	entered_by_staff: m.dsr_event_entered_by_staff,
	verified: m.dsr_event_verified,
	acknowledgement_sent: m.dsr_event_acknowledgement_sent,
	rights_recorded: m.dsr_event_rights_recorded,
	info_provided: m.dsr_event_info_provided,
	routed_to_controller: m.dsr_event_routed_to_controller,
	discovered: m.dsr_event_discovered,
	holds_checked: m.dsr_event_holds_checked,
	plan_proposed: m.dsr_event_plan_proposed,
	plan_approved: m.dsr_event_plan_approved,
	executed: m.dsr_event_executed,
	verified_clean: m.dsr_event_verified_clean,
	verified_with_remainder: m.dsr_event_verified_with_remainder,
	response_sent: m.dsr_event_response_sent,
	closed_unverified: m.dsr_event_closed_unverified,
	deadline_reminder: m.dsr_event_deadline_reminder,
	deadline_overdue: m.dsr_event_deadline_overdue,
	extension_notice_sent: m.dsr_event_extension_notice_sent,
	flag_lifted: m.dsr_event_flag_lifted,
	suppression_lifted: m.dsr_event_suppression_lifted,
};
const TRIAGE_LABELS: Record<string, () => string> = { proceed: m.dsr_triage_proceed, need_info: m.dsr_triage_need_info, merge: m.dsr_triage_merge, refuse: m.dsr_triage_refuse };

/** A timeline event of a request in words: `triage:<decision>`, `closed:<outcome>`, `extended:<reason>` and `note:…` included; an unknown kind shows as its code. */
export function eventLabel(kind: string): string {
	const colon = kind.indexOf(':');
	if (colon > 0) {
		const head = kind.slice(0, colon);
		const tail = kind.slice(colon + 1);
		if (head === 'triage') return m.dsr_event_triage({ decision: TRIAGE_LABELS[tail]?.() ?? tail });
		if (head === 'closed') return m.dsr_event_closed({ outcome: outcomeLabel(tail) });
		if (head === 'extended') return m.dsr_event_extended({ reason: extensionLabel(tail) });
		if (head === 'note') return m.dsr_event_note();
	}
	return EVENT_LABELS[kind]?.() ?? kind;
}

/** Parts of requests forwarded to my organisation (the controller of case data). */
export const FORWARDED_DECISIONS = ['handled_by_org', 'no_match', 'erase_unheld'] as const;
export interface ForwardedSummary {
	id: string;
	requestId: string;
	status: 'forwarded' | 'decided';
	decision: (typeof FORWARDED_DECISIONS)[number] | null;
	rights: string[];
	receivedAt: string;
	dueAt: string;
	daysLeft: number;
	parties: number;
	createdAt: string;
	decidedAt: string | null;
}
export interface ForwardedDetail extends ForwardedSummary {
	requester: { name: string; email: string; locale: 'da' | 'en' };
	note: string | null;
	decidedBy: string | null;
	items: {
		id: string;
		caseId: string;
		partyId: string;
		partyName: string;
		clientName: string | null;
		amlHold: 'relationship_active' | 'retention_period' | null;
		heldUntil: string | null;
		action: 'erased' | 'held' | 'kept' | null;
		executedAt: string | null;
	}[];
}

export function forwardedDecisionLabel(decision: string): string {
	const labels: Record<string, () => string> = {
		handled_by_org: m.dsr_forwarded_decision_handled_by_org,
		no_match: m.dsr_forwarded_decision_no_match,
		erase_unheld: m.dsr_forwarded_decision_erase_unheld
	};
	return labels[decision]?.() ?? decision;
}

export function amlHoldLabel(hold: string | null, until: string | null): string {
	if (hold === 'relationship_active') return m.dsr_forwarded_hold_active();
	if (hold === 'retention_period') return m.dsr_forwarded_hold_until({ date: until ?? '' });
	return m.dsr_forwarded_hold_none();
}
