// The case page's view of a KYC case (GET /api/v1/cases/{id}) and the labels of
// its enums: roles, UBO reasons, risk levels, sections, event kinds.
import { m } from '#lib/paraglide/messages.js';
import { caseStepLabel } from '#lib/i18n.js';
import type { CaseStep } from '#lib/api-types.js';
import { BLOCKING_CODES, type BlockingCode } from '#lib/api-problems.js';
import { countryName } from '#lib/countries.js';
import { getLocale } from '#lib/paraglide/runtime.js';

/** "RU, BY" → "Rusland, Hviderusland" in the user's language. */
const countryNames = (codes: string): string => codes.split(/,\s*/).map((c) => (/^[A-Z]{2}$/.test(c) ? countryName(c, getLocale()) : c)).join(', ');

export type Band = { low: number; high: number } | null;
export interface FeatureEffect { factor: number; text: string }
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
	/** From the company registry, or added by the handler (docs/case-file.md). */
	source?: 'registry' | 'manual';
	nationality?: string | null;
	address?: string | null;
	/** Masked by the API (`DDMMYY-XXXX`), and only where the organisation enables CPR numbers. */
	cpr?: string | null;
	/** § 11: the client, a person acting on its behalf or a beneficial owner must have their identity verified. */
	mustBeVerified?: boolean;
	verification?: Verification | null;
	correction?: { by: string | null; reason: string; at: string } | null;
	/** The registry's original values when the handler corrected a registry party. */
	registryValues?: { name?: string | null; birthDate?: string | null; country?: string | null } | null;
}
export type VerificationMethod = 'id_document' | 'mitid' | 'other';
export interface Verification {
	status: 'verified' | 'missing' | 'not_required';
	method: VerificationMethod | null;
	documentId: string | null;
	description: string | null;
	verifiedBy: string | null;
	verifiedAt: string | null;
}
export interface BusinessRelationship {
	purpose: string | null;
	nature: string | null;
	expectedActivity: string | null;
	sourceOfFunds: string | null;
	sourceOfWealth: string | null;
	product: 'standard' | 'high_risk' | null;
	deliveryChannel: 'in_person' | 'remote' | null;
	updatedAt: string | null;
}
export interface AuthorityReport {
	id: string;
	kind: 'sanctions_freeze' | 'suspicious_activity';
	recipient: string;
	reportedAt: string;
	reference: string;
	createdBy: string | null;
	createdAt: string;
}
export interface BlockingReason { code: string; partyId?: string; section?: string }
export interface Ownership { ownerPartyId: string; ownedPartyId: string; share: Band; voting: Band; validFrom: string | null }
export interface Hit {
	id: string;
	partyId: string;
	entityId: string;
	list: string;
	listedName: string;
	primaryName: string;
	score: number;
	/** The scorer's explanation (domain/screening/score.ts `Explanation`): a factor per feature (1 = agrees) and English texts. */
	explanation: {
		name?: { score?: number; matched?: string; nameType?: string; method?: string; text?: string };
		birthDate?: FeatureEffect; country?: FeatureEffect; gender?: FeatureEffect; legalForm?: FeatureEffect; identifier?: FeatureEffect; nameType?: FeatureEffect;
		demo?: string;
	} | null;
	entity: { programmes?: string[]; demo?: boolean; category?: string } | null;
	decision: 'open' | 'confirmed' | 'dismissed';
	reason: string | null;
	/** `monitoring`: raised by ongoing monitoring from a new list version. */
	source?: 'screening' | 'monitoring';
	/** § 18, stk. 6: the day a confirmed PEP left office, and a compliance officer's record that the risk is no longer increased. */
	pepLeftOfficeOn?: string | null;
	pepCleared?: { by: string | null; at: string } | null;
}
/** The latest draft of a report section (issue 13): the template's, or the AI's with its citations. */
export interface SectionDraft {
	version: number;
	source: 'template' | 'ai';
	text: string;
	provider: string | null;
	model: string | null;
	fallbackReason: string | null;
	citations: { sentence: number; evidence: string[]; kinds?: string[] }[] | null;
	createdAt: string;
}
export interface ReportSection { key: string; text: string; accepted: boolean; draft?: SectionDraft | null }
export interface RiskReason { factor: string; score: number; weight: number; contribution: number; detail: string }
export interface KycCaseView {
	id: string;
	status: string;
	step: string | null;
	riskLevel: 'low' | 'medium' | 'high' | null;
	dueDiligence: 'simplified' | 'standard' | 'enhanced' | null;
	registryStatus: string | null;
	/** A company's register facts, or a private person's as entered (country, birthDate). */
	clientFacts: { legalForm?: string; address?: string; industry?: { code: string; text: string }; source?: string; country?: string | null; birthDate?: string | null } | null;
	parties: Party[];
	owners: Ownership[];
	uboFallbackReason: string | null;
	hits: Hit[];
	risk: { assessment: { modelVersion: string; score: number; reasons: RiskReason[]; rules: string[] } | null; override: { riskLevel: string; justification: string } | null };
	sections: ReportSection[];
	approvals: { userId: string | null; capacity: string; decision: string; reportVersion: string | null; returnTo: string | null; comment: string | null; createdAt: string }[];
	reportVersion: string;
	submittedReportVersion: string | null;
	reviewDueAt: string | null;
	relationshipEndedOn: string | null;
	retentionUntil: string | null;
	// The case file (issue 12, docs/case-file.md).
	language?: 'da' | 'en';
	pep?: boolean;
	sanctionsStop?: boolean;
	conclusion?: 'establish' | 'decline' | null;
	declineReason?: string | null;
	businessRelationship?: BusinessRelationship | null;
	blockingReasons?: BlockingReason[];
	authorityReports?: AuthorityReport[];
	/** Only for those who may see investigations (compliance officers and their raisers); absent for everyone else. */
	investigationCount?: number;
}

/** Roles a handler may give a party added by hand. */
export const PARTY_ROLES = ['client', 'representative', 'signatory', 'director', 'board_member', 'beneficial_owner'] as const;
export const VERIFICATION_METHODS = ['id_document', 'mitid', 'other'] as const;
/** Documents that can verify a person's identity. */
export const ID_DOCUMENT_KINDS = ['passport', 'driving_licence', 'national_id_card'] as const;
export const DOCUMENT_KINDS = ['passport', 'driving_licence', 'national_id_card', 'registry_extract', 'proof_of_address', 'source_of_funds', 'other'] as const;
export const AUTHORITY_RECIPIENTS = ['hvidvasksekretariatet', 'advokatsamfundet', 'erhvervsstyrelsen', 'finanstilsynet'] as const;
/**
 * A placeholder the drafter left for the handler (`[...]`, `[accept / not accept]`, a text ending in `...`):
 * such a section cannot be accepted (the API's rule, domain/kyc/case-file.ts `holdsPlaceholder`). The placeholder found, or null.
 */
export function placeholderIn(text: string): string | null {
	return /\[[^\]\n]{0,80}\]/.exec(text)?.[0] ?? (/\.\.\.\s*$/.test(text.trim()) ? '...' : null);
}

export const SECTION_KEYS = ['client_description', 'ownership_and_control', 'screening_summary', 'risk_rationale', 'conclusion'] as const;

export const percent = (b: Band): string =>
	!b ? '?' : b.low === b.high ? `${Math.round(b.low * 1000) / 10} %` : `${Math.round(b.low * 1000) / 10}–${Math.round(b.high * 1000) / 10} %`;

/** The label for an enum value; an unknown value gets `fallback` (never the code itself on a page), or '—'. */
const pick = (table: Record<string, () => string>, key: string | null | undefined, fallback?: () => string): string =>
	key && table[key] ? table[key]() : key && fallback ? fallback() : '—';

export const roleLabel = (role: string): string =>
	pick({
		director: m.kyc_role_director, board_chair: m.kyc_role_board_chair, board_member: m.kyc_role_board_member, legal_owner: m.kyc_role_legal_owner,
		beneficial_owner: m.kyc_role_beneficial_owner, fully_liable: m.kyc_role_fully_liable, founder: m.kyc_role_founder,
		representative: m.kyc_role_representative, signatory: m.kyc_role_signatory, client: m.kyc_role_client
	}, role, m.kyc_role_other);
export const verificationStatusLabel = (s: string | null | undefined): string =>
	pick({ verified: m.cf_verification_verified, missing: m.cf_verification_missing, not_required: m.cf_verification_not_required }, s);
export const verificationMethodLabel = (method: string | null | undefined): string =>
	pick({ id_document: m.cf_method_id_document, mitid: m.cf_method_mitid, other: m.cf_method_other }, method);
export const documentKindLabel = (kind: string | null | undefined): string =>
	pick({
		passport: m.cf_doc_passport, driving_licence: m.cf_doc_driving_licence, national_id_card: m.cf_doc_national_id_card, registry_extract: m.cf_doc_registry_extract,
		proof_of_address: m.cf_doc_proof_of_address, source_of_funds: m.cf_doc_source_of_funds, other: m.cf_doc_other
	}, kind, m.cf_doc_other);
export const productLabel = (p: string | null | undefined): string => pick({ standard: m.cf_product_standard, high_risk: m.cf_product_high_risk }, p);
export const channelLabel = (c: string | null | undefined): string => pick({ in_person: m.cf_channel_in_person, remote: m.cf_channel_remote }, c);
export const recipientLabel = (r: string | null | undefined): string =>
	pick({
		hvidvasksekretariatet: m.cf_recipient_hvidvasksekretariatet, advokatsamfundet: m.cf_recipient_advokatsamfundet,
		erhvervsstyrelsen: m.cf_recipient_erhvervsstyrelsen, finanstilsynet: m.cf_recipient_finanstilsynet
	}, r, m.cf_recipient_other);
export const conclusionLabel = (c: string | null | undefined): string => pick({ establish: m.cf_conclusion_establish, decline: m.cf_conclusion_decline }, c);
export const languageLabel = (l: string | null | undefined): string => pick({ da: m.cf_language_da, en: m.cf_language_en }, l);

/**
 * Why a case cannot pass its next gate, as one sentence in the user's language, naming the
 * person (never an id) and the report section. Unknown codes get a general sentence.
 */
export function blockingReasonText(reason: BlockingReason, partyName: (id: string) => string | undefined): string {
	const name = (reason.partyId && partyName(reason.partyId)) || m.cf_blocking_someone();
	const section = reason.section ? sectionLabel(reason.section) : '—';
	// A sentence for every code of BLOCKING_CODES (the Record type says so).
	const texts: Record<BlockingCode, () => string> = {
		identity_unverified: () => m.cf_blocking_identity_unverified({ name }),
		identity_document_missing: () => m.cf_blocking_identity_document_missing({ name }),
		risk_answers_missing: () => m.cf_blocking_risk_answers_missing(),
		purpose_missing: () => m.cf_blocking_purpose_missing(),
		source_of_funds_missing: () => m.cf_blocking_source_of_funds_missing(),
		source_of_wealth_missing: () => m.cf_blocking_source_of_wealth_missing(),
		section_not_accepted: () => m.cf_blocking_section_not_accepted({ section }),
		section_placeholder: () => m.cf_blocking_section_placeholder({ section }),
		conclusion_missing: () => m.cf_blocking_conclusion_missing(),
		open_hits: () => m.cf_blocking_open_hits(),
		sanctions_match: () => m.cf_blocking_sanctions_match({ name }),
		conclusion_decline: () => m.cf_blocking_conclusion_decline()
	};
	return (BLOCKING_CODES as readonly string[]).includes(reason.code) ? texts[reason.code as BlockingCode]() : m.cf_blocking_other();
}

export const uboReasonLabel = (reason: string): string =>
	pick({
		direct_ownership: m.kyc_reason_direct_ownership, indirect_ownership: m.kyc_reason_indirect_ownership, voting_rights: m.kyc_reason_voting_rights,
		control_by_other_means: m.kyc_reason_control_by_other_means, no_owner_above_threshold: m.kyc_fallback_no_owner_above_threshold,
		ownership_chain_unresolved: m.kyc_fallback_ownership_chain_unresolved, senior_management: m.kyc_ubo_fallback
	}, reason, m.kyc_reason_other);
export const riskLabel = (level: string | null): string => pick({ low: m.kyc_risk_low, medium: m.kyc_risk_medium, high: m.kyc_risk_high }, level);
export const ddLabel = (dd: string | null): string => pick({ simplified: m.kyc_dd_simplified, standard: m.kyc_dd_standard, enhanced: m.kyc_dd_enhanced }, dd);
export const hitDecisionLabel = (d: string): string => pick({ open: m.kyc_hit_decision_open, confirmed: m.kyc_hit_decision_confirmed, dismissed: m.kyc_hit_decision_dismissed }, d);
export const sectionLabel = (key: string): string =>
	pick({
		client_description: m.kyc_section_client_description, ownership_and_control: m.kyc_section_ownership_and_control,
		screening_summary: m.kyc_section_screening_summary, risk_rationale: m.kyc_section_risk_rationale, conclusion: m.kyc_section_conclusion
	}, key);
export const capacityLabel = (c: string): string => pick({ reviewer: m.kyc_capacity_reviewer, compliance_officer: m.kyc_capacity_compliance_officer }, c);

const registryEventLabel = (status: string): string =>
	pick({
		collected: m.kyc_event_registry_collected, manual: m.kyc_event_registry_manual, not_found: m.kyc_event_registry_not_found,
		unavailable: m.kyc_event_registry_unavailable, pending: m.kyc_event_registry_pending
	}, status, m.kyc_event_registry_other);

/** One entry of the review's decisions: what was decided, in which capacity or back to which step. */
export function approvalLabel(a: { decision: string; capacity: string; returnTo: string | null }): string {
	if (a.decision === 'approve') return m.kyc_approval_approve({ capacity: capacityLabel(a.capacity) });
	if (a.decision === 'reject') return m.kyc_approval_reject();
	if (a.decision === 'return') return m.kyc_approval_return({ step: caseStepLabel((a.returnTo ?? 'report') as CaseStep) });
	return m.kyc_approval_other();
}

export const riskFactorLabel = (factor: string): string =>
	pick({
		country: m.kyc_factor_country, industry: m.kyc_factor_industry, ownership_complexity: m.kyc_factor_ownership_complexity, pep: m.kyc_factor_pep,
		sanctions: m.kyc_factor_sanctions, adverse_media: m.kyc_factor_adverse_media, product: m.kyc_factor_product, delivery_channel: m.kyc_factor_delivery_channel
	}, factor, m.kyc_factor_other);

/**
 * The risk model's reason for one factor, in the user's language. The model
 * (domain/kyc/risk.ts) writes an English detail from a handful of templates; the
 * factor, its score and the values in the detail (country codes, industry code,
 * chain depth) are enough to say the same thing in Danish or English.
 */
export function riskReasonText(r: Pick<RiskReason, 'factor' | 'score' | 'detail'>): string {
	const on = r.score > 0;
	switch (r.factor) {
		case 'country': {
			const risky = /^high-risk country: (.+)$/.exec(r.detail);
			if (risky) return m.kyc_reason_country_high({ countries: countryNames(risky[1]!) });
			return on ? m.kyc_reason_country_foreign() : m.kyc_reason_country_dk();
		}
		case 'industry': {
			const code = /(\d{1,6})/.exec(r.detail)?.[1];
			if (!code) return m.kyc_reason_industry_unknown();
			return on ? m.kyc_reason_industry_high({ code }) : m.kyc_reason_industry({ code });
		}
		case 'ownership_complexity': {
			const depth = /chain depth (\d+)/.exec(r.detail)?.[1] ?? '?';
			const parts = [depth === '0' ? m.kyc_reason_no_chain() : m.kyc_reason_chain_depth({ depth })];
			if (/foreign owners/.test(r.detail)) parts.push(m.kyc_reason_foreign_owners());
			if (/UBO not established/.test(r.detail)) parts.push(m.kyc_reason_ubo_unresolved());
			return parts.join(', ');
		}
		case 'pep': return on ? m.kyc_reason_pep_yes() : m.kyc_reason_pep_no();
		case 'sanctions': return on ? m.kyc_reason_sanctions_yes() : m.kyc_reason_sanctions_no();
		// "Not performed" is never "no adverse media" (no source is configured: domain/kyc/risk.ts).
		case 'adverse_media': return /not performed/.test(r.detail) ? m.kyc_reason_adverse_not_performed() : on ? m.kyc_reason_adverse_yes() : m.kyc_reason_adverse_no();
		case 'product': return /not answered/.test(r.detail) ? m.kyc_reason_product_unanswered() : on ? m.kyc_reason_product_high() : m.kyc_reason_product_standard();
		case 'delivery_channel': return /not answered/.test(r.detail) ? m.kyc_reason_channel_unanswered() : on ? m.kyc_reason_channel_remote() : m.kyc_reason_channel_in_person();
		default: return on ? m.kyc_reason_other_on() : m.kyc_reason_other_off();
	}
}

/** The rules the law fixes, applied on top of the score (domain/kyc/risk.ts). */
export function riskRuleText(rule: string): string {
	if (/sanctions/.test(rule)) return m.kyc_rule_sanctions();
	if (/politically exposed/.test(rule)) return m.kyc_rule_pep();
	return m.kyc_rule_other();
}

/**
 * A screening hit's explanation as translated lines. The scorer (domain/screening/score.ts)
 * gives each feature a factor (1 = agrees) and an English text; the factor says what
 * happened, and the values (dates, countries) are taken from the text where its template
 * is known. The English texts themselves stay behind a "details" disclosure.
 */
export function hitExplanationLines(h: Pick<Hit, 'score' | 'explanation'>): string[] {
	const e = h.explanation;
	const lines: string[] = [];
	if (!e) return lines;
	if (e.name && typeof e.name.score === 'number') {
		const kind = pick({ primary: m.kyc_name_type_primary, alias: m.kyc_name_type_alias, weak_alias: m.kyc_name_type_weak_alias }, e.name.nameType, m.kyc_name_type_primary);
		lines.push(m.kyc_explain_name({ percent: `${Math.round(e.name.score * 100)} %`, name: e.name.matched ?? '', kind }));
		if (e.name.method === 'joined') lines.push(m.kyc_explain_name_joined());
		if (e.name.method === 'skeleton') lines.push(m.kyc_explain_name_skeleton());
	}
	if (e.birthDate) {
		const d = /^birth date (.+?) (?:agrees with|is close to but not|disagrees with) (?:the )?listed (.+)$/.exec(e.birthDate.text);
		// Dates as everywhere on the pages (24.11.2026), also in English.
		const date = (s: string) => s.replace(/(\d{4})-(\d{2})-(\d{2})/g, '$3.$2.$1').replace(/about (\d+)/g, (_, y: string) => m.kyc_explain_about_year({ year: y }));
		const args = { query: d ? date(d[1]!) : '—', listed: d ? date(d[2]!) : '—' };
		lines.push(e.birthDate.factor >= 1 ? m.kyc_explain_birth_agrees(args) : e.birthDate.factor >= 0.9 ? m.kyc_explain_birth_close(args) : m.kyc_explain_birth_differs(args));
	}
	if (e.country) {
		const c = /^country (\S+) is (?:not )?among the listed (.+)$/.exec(e.country.text);
		const args = { country: c ? countryNames(c[1]!) : '—', listed: c ? countryNames(c[2]!) : '—' };
		lines.push(e.country.factor >= 1 ? m.kyc_explain_country_agrees(args) : m.kyc_explain_country_differs(args));
	}
	if (e.gender) lines.push(e.gender.factor >= 1 ? m.kyc_explain_gender_agrees() : m.kyc_explain_gender_differs());
	if (e.legalForm) lines.push(e.legalForm.factor >= 1 ? m.kyc_explain_legal_form_agrees() : m.kyc_explain_legal_form_differs());
	if (e.identifier) lines.push(m.kyc_explain_identifier());
	if (e.nameType && e.nameType.factor < 1) lines.push(m.kyc_explain_weak_alias());
	return lines;
}

/** The scorer's own English texts, for the "details" disclosure. */
export function hitExplanationRaw(h: Pick<Hit, 'explanation'>): string[] {
	const e = h.explanation;
	if (!e) return [];
	return [e.name?.text, e.nameType?.text, e.birthDate?.text, e.country?.text, e.gender?.text, e.legalForm?.text, e.identifier?.text].filter((t): t is string => Boolean(t));
}

/** Event kinds the skeleton's labels do not know; null leaves them to caseEventLabel. */
export function kycEventLabel(kind: string): string | null {
	const [name = '', detail] = kind.split(':', 2);
	if (name.startsWith('registry_')) return registryEventLabel(name.slice('registry_'.length));
	if (name === 'hit_confirmed' || name === 'hit_dismissed') return m.kyc_event_hit({ decision: hitDecisionLabel(name.slice(4)) });
	if (name === 'section_accepted' || name === 'section_edited') return m.kyc_event_section();
	const plain: Record<string, () => string> = {
		screened: m.kyc_event_screened, risk_assessed: m.kyc_event_risk_assessed, report_drafted: m.kyc_event_report_drafted, submitted: m.kyc_event_submitted,
		monitoring_started: m.kyc_event_monitoring_started, risk_overridden: m.kyc_event_risk_overridden, relationship_ended: m.kyc_event_relationship_ended,
		periodic_review_opened: m.kyc_event_periodic_review_opened, monitoring_hit: m.kyc_event_monitoring_hit,
		retention_held: m.kyc_event_retention_held, retention_expired: m.kyc_event_retention_expired,
		sla_reminder: m.kyc_event_sla_reminder, sla_overdue: m.kyc_event_sla_overdue,
		declined: m.cf_event_declined, identity_verified: m.cf_event_identity_verified, party_added: m.cf_event_party_added,
		party_corrected: m.cf_event_party_corrected, party_removed: m.cf_event_party_removed,
		relationship_recorded: m.cf_event_relationship_recorded, conclusion_set: m.cf_event_conclusion_set, report_ai_drafted: m.cf_event_report_ai_drafted,
	};
	void detail;
	const label = plain[name];
	return label ? label() : null;
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

/** Why an AI draft fell back to the template (activities/ai-drafting.ts, domain/kyc/evidence.ts), in a sentence. */
export function draftFallbackText(reason: string): string {
	const why = (() => {
		switch (reason) {
			case 'uncited_sentence': return m.draft_fallback_uncited_sentence();
			case 'unknown_evidence': return m.draft_fallback_unknown_evidence();
			case 'not_json': return m.draft_fallback_not_json();
			case 'no_sentences': return m.draft_fallback_no_sentences();
			case 'AiMisconfigured': return m.draft_fallback_misconfigured();
			case 'Ai_rate_limited': return m.draft_fallback_rate_limited();
			case 'Ai_server_error': return m.draft_fallback_server_error();
			case 'Ai_timeout': case 'timeout': return m.draft_fallback_timeout();
			case 'Ai_bad_response': return m.draft_fallback_bad_response();
			case 'Ai_unreachable': return m.draft_fallback_unreachable();
			case 'failed': return m.draft_fallback_failed();
			default: return m.draft_fallback_other();
		}
	})();
	return m.draft_fallback({ reason: why });
}

/** § 18, stk. 6: the first day a former PEP's risk may be recorded as no longer increased (12 months later; 29 Feb → 1 Mar). */
export function pepClearableFrom(leftOfficeOn: string): string {
	const [y, mo, d] = leftOfficeOn.split('-').map(Number);
	return new Date(Date.UTC(y! + 1, mo! - 1, d!)).toISOString().slice(0, 10);
}
