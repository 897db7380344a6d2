// The shapes of the Clientnote API as the web app uses them (../shared/design/API.md;
// the OpenAPI document at /api/v1/openapi.json is the full truth). Kept here because
// web/ talks to the API over HTTP only.

export const ROLES = ['org_admin', 'handler', 'reviewer', 'compliance_officer', 'platform_admin', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const CASE_TYPES = ['onboarding', 'periodic_review', 'event_review'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STEPS = ['data_collection', 'screening', 'risk', 'report', 'review'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const CASE_STATUSES = ['open', 'in_review', 'approved', 'declined', 'monitoring', 'ended', 'deleted'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	orgId: string | null;
	roles: Role[];
	locale: 'da' | 'en';
	totpEnabled: boolean;
	/** The organisation requires TOTP and this user has not set it up yet. */
	totpSetupRequired: boolean;
}

export interface SessionBody {
	user: SessionUser;
	csrfToken: string;
}

export interface Health {
	status: 'ok' | 'degraded';
	db: 'ok' | 'down';
	temporal: 'ok' | 'down';
}

export interface CaseClient {
	kind: 'company' | 'person';
	name: string | null;
	cvr: string | null;
}

export interface CaseSummary {
	id: string;
	type: CaseType;
	status: CaseStatus;
	/** The current step while the case is open; null once decided. */
	step: CaseStep | null;
	client: CaseClient;
	assigneeId?: string | null;
	dueAt: string | null;
	createdAt: string;
}

export interface CaseEvent {
	kind: string;
	createdAt: string;
}

export interface CaseDetail extends CaseSummary {
	workflowId: string;
	events: CaseEvent[];
}

export interface Page<T> {
	items: T[];
	nextCursor: string | null;
}

export interface FieldError {
	path: string;
	message: string;
}

/** The error body every API error has. */
export interface ApiErrorBody {
	error: {
		code: string;
		message: string;
		requestId?: string;
		fields?: FieldError[];
		/** A workflow refusal's particulars: `incomplete` lists what blocks the case (docs/case-file.md). */
		details?: { blockingReasons?: BlockingReason[] };
	};
}

/** What stops a case's next gate (docs/case-file.md): a code, and the party or report section it is about. */
export interface BlockingReason {
	code: string;
	partyId?: string;
	section?: string;
}

/** The organisation's case-file settings (GET/PUT /api/v1/organisation/case-file-settings). */
export interface CaseFileSettings {
	defaultLanguage: 'da' | 'en';
	/** A PEP among directors, board, signatories and representatives counts as § 18 (enhanced due diligence). */
	pepManagementCounts: boolean;
	cprEnabled: boolean;
	/** Report sections are drafted by the configured AI provider (issue 13). */
	aiDrafting?: boolean;
	/** Person names go to the AI provider as PERSON_n placeholders. */
	aiPseudonymise?: boolean;
}

/** Organisation administration (issue 3). */
export interface OrgUser {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	active: boolean;
	totpEnabled: boolean;
	createdAt: string;
	/** Restricted at the person's request (GDPR Art. 18): no case can be assigned to them. */
	restricted?: boolean;
	/** Erased at the person's request: stays inactive for good. */
	erased?: boolean;
}

/** What an API token may reach (domain/identity/token-scopes.ts); a token has no role. */
export type TokenScope = 'cases:read' | 'cases:write' | 'screening:search' | 'lists:read' | 'audit:read' | 'dsr:forwarded';
export const TOKEN_SCOPES: readonly TokenScope[] = ['cases:read', 'cases:write', 'screening:search', 'lists:read', 'audit:read', 'dsr:forwarded'];

export interface ApiToken {
	id: string;
	name: string;
	scopes: TokenScope[];
	createdBy: string | null;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export interface AuditEvent {
	id: string;
	seq: number;
	action: string;
	actorUserId: string | null;
	actorTokenId: string | null;
	targetType: string | null;
	targetId: string | null;
	requestId: string | null;
	details: Record<string, unknown>;
	createdAt: string;
}

export interface OutboxMessage {
	id: string;
	to: string[];
	subject: string;
	text: string;
	receivedAt: string;
}
