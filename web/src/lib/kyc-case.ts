// The case page's view of a KYC case (GET /api/v1/cases/{id}) and the labels of
// its enums: roles, UBO reasons, risk levels, sections, event kinds.
import { m } from '#lib/paraglide/messages.js';

export type Band = { low: number; high: number } | null;
export interface Party {
	id: string;
	kind: 'person' | 'company';
	name: string;
	country: string | null;
	cvr: string | null;
	birthDate: string | null;
	roles: string[];
	isSubject: boolean;
	ubo: { certainty: 'certain' | 'possible' | 'fallback'; share: Band; voting: Band; reasons: string[] } | null;
}
export interface Ownership { ownerPartyId: string; ownedPartyId: string; share: Band; voting: Band; validFrom: string | null }
export interface Hit {
	id: string;
	partyId: string;
	entityId: string;
	list: string;
	listedName: string;
	primaryName: string;
	score: number;
	explanation: { name?: { text?: string }; birthDate?: { text: string }; country?: { text: string }; demo?: string } | null;
	entity: { programmes?: string[]; demo?: boolean; category?: string } | null;
	decision: 'open' | 'confirmed' | 'dismissed';
	reason: string | null;
	/** `monitoring`: raised by ongoing monitoring from a new list version. */
	source?: 'screening' | 'monitoring';
}
export interface RiskReason { factor: string; score: number; weight: number; contribution: number; detail: string }
export interface KycCaseView {
	id: string;
	status: string;
	step: string | null;
	riskLevel: 'low' | 'medium' | 'high' | null;
	dueDiligence: 'simplified' | 'standard' | 'enhanced' | null;
	registryStatus: string | null;
	clientFacts: { legalForm?: string; address?: string; industry?: { code: string; text: string }; source?: string } | null;
	parties: Party[];
	owners: Ownership[];
	uboFallbackReason: string | null;
	hits: Hit[];
	risk: { assessment: { modelVersion: string; score: number; reasons: RiskReason[]; rules: string[] } | null; override: { riskLevel: string; justification: string } | null };
	sections: { key: string; text: string; accepted: boolean }[];
	approvals: { userId: string | null; capacity: string; decision: string; reportVersion: string | null; returnTo: string | null; comment: string | null; createdAt: string }[];
	reportVersion: string;
	submittedReportVersion: string | null;
	reviewDueAt: string | null;
	relationshipEndedOn: string | null;
	retentionUntil: string | null;
}

export const SECTION_KEYS = ['client_description', 'ownership_and_control', 'screening_summary', 'risk_rationale', 'conclusion'] as const;

export const percent = (b: Band): string =>
	!b ? '?' : b.low === b.high ? `${Math.round(b.low * 1000) / 10} %` : `${Math.round(b.low * 1000) / 10}–${Math.round(b.high * 1000) / 10} %`;

const pick = (table: Record<string, () => string>, key: string | null | undefined): string => (key && table[key] ? table[key]() : (key ?? '—'));

export const roleLabel = (role: string): string =>
	pick({
		director: m.kyc_role_director, board_chair: m.kyc_role_board_chair, board_member: m.kyc_role_board_member, legal_owner: m.kyc_role_legal_owner,
		beneficial_owner: m.kyc_role_beneficial_owner, fully_liable: m.kyc_role_fully_liable, founder: m.kyc_role_founder
	}, role);
export const uboReasonLabel = (reason: string): string =>
	pick({
		direct_ownership: m.kyc_reason_direct_ownership, indirect_ownership: m.kyc_reason_indirect_ownership, voting_rights: m.kyc_reason_voting_rights,
		control_by_other_means: m.kyc_reason_control_by_other_means, no_owner_above_threshold: m.kyc_fallback_no_owner_above_threshold,
		ownership_chain_unresolved: m.kyc_fallback_ownership_chain_unresolved, senior_management: m.kyc_ubo_fallback
	}, reason);
export const riskLabel = (level: string | null): string => pick({ low: m.kyc_risk_low, medium: m.kyc_risk_medium, high: m.kyc_risk_high }, level);
export const ddLabel = (dd: string | null): string => pick({ simplified: m.kyc_dd_simplified, standard: m.kyc_dd_standard, enhanced: m.kyc_dd_enhanced }, dd);
export const hitDecisionLabel = (d: string): string => pick({ open: m.kyc_hit_decision_open, confirmed: m.kyc_hit_decision_confirmed, dismissed: m.kyc_hit_decision_dismissed }, d);
export const sectionLabel = (key: string): string =>
	pick({
		client_description: m.kyc_section_client_description, ownership_and_control: m.kyc_section_ownership_and_control,
		screening_summary: m.kyc_section_screening_summary, risk_rationale: m.kyc_section_risk_rationale, conclusion: m.kyc_section_conclusion
	}, key);
export const capacityLabel = (c: string): string => pick({ reviewer: m.kyc_capacity_reviewer, compliance_officer: m.kyc_capacity_compliance_officer }, c);

/** Event kinds the skeleton's labels do not know; null leaves them to caseEventLabel. */
export function kycEventLabel(kind: string): string | null {
	const [name, detail] = kind.split(':', 2);
	if (name.startsWith('registry_')) return m.kyc_event_registry({ status: name.slice('registry_'.length) });
	if (name === 'hit_confirmed' || name === 'hit_dismissed') return m.kyc_event_hit({ decision: hitDecisionLabel(name.slice(4)) });
	if (name === 'section_accepted' || name === 'section_edited') return m.kyc_event_section();
	const plain: Record<string, () => string> = {
		screened: m.kyc_event_screened, risk_assessed: m.kyc_event_risk_assessed, report_drafted: m.kyc_event_report_drafted, submitted: m.kyc_event_submitted,
		monitoring_started: m.kyc_event_monitoring_started, risk_overridden: m.kyc_event_risk_overridden, relationship_ended: m.kyc_event_relationship_ended,
		periodic_review_opened: m.kyc_event_periodic_review_opened, monitoring_hit: m.kyc_event_monitoring_hit,
		retention_held: m.kyc_event_retention_held, retention_expired: m.kyc_event_retention_expired
	};
	void detail;
	return plain[name] ? plain[name]() : null;
}

/** Layered layout of the ownership graph: the client at the bottom, each owner one row above what it owns. */
export function graphLayout(parties: Party[], owners: Ownership[]): { nodes: { party: Party; x: number; y: number }[]; edges: { from: { x: number; y: number }; to: { x: number; y: number }; label: string }[]; width: number; height: number } {
	const subject = parties.find((p) => p.isSubject);
	const level = new Map<string, number>();
	if (subject) level.set(subject.id, 0);
	for (let round = 0; round < parties.length; round++) {
		for (const e of owners) {
			const below = level.get(e.ownedPartyId);
			if (below === undefined) continue;
			if ((level.get(e.ownerPartyId) ?? -1) < below + 1 && below + 1 <= parties.length) level.set(e.ownerPartyId, below + 1);
		}
	}
	// Directors and other participants without ownership sit beside the client.
	for (const p of parties) if (!level.has(p.id)) level.set(p.id, 0);
	const rows = new Map<number, Party[]>();
	for (const p of parties) rows.set(level.get(p.id)!, [...(rows.get(level.get(p.id)!) ?? []), p]);
	const top = Math.max(0, ...rows.keys());
	const W = 190, H = 90;
	const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
	const pos = new Map<string, { x: number; y: number }>();
	const nodes: { party: Party; x: number; y: number }[] = [];
	for (const [lvl, row] of rows) {
		row.sort((a, b) => Number(b.isSubject) - Number(a.isSubject) || a.name.localeCompare(b.name));
		row.forEach((p, i) => {
			const x = 10 + i * W + ((widest - row.length) * W) / 2;
			const y = 10 + (top - lvl) * H;
			pos.set(p.id, { x, y });
			nodes.push({ party: p, x, y });
		});
	}
	const edges = owners
		.filter((e) => pos.has(e.ownerPartyId) && pos.has(e.ownedPartyId))
		.map((e) => ({ from: pos.get(e.ownerPartyId)!, to: pos.get(e.ownedPartyId)!, label: percent(e.share) }));
	return { nodes, edges, width: widest * W + 20, height: (top + 1) * H + 10 };
}
