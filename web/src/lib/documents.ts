// Case documents and document requests as the API returns them, and their labels.
import { m } from '#lib/paraglide/messages.js';

export type DocumentType = 'pdf' | 'png' | 'jpeg' | 'docx';
export type DocumentDecision = 'open' | 'accepted' | 'rejected';
export type DocumentRequestStatus = 'pending' | 'fulfilled' | 'expired' | 'cancelled';

export interface CaseDocument {
	id: string;
	caseId: string;
	partyId: string | null;
	name: string;
	type: DocumentType;
	mediaType: string;
	sizeBytes: number;
	uploadedBy: string | null;
	requestId: string | null;
	decision: DocumentDecision;
	decisionReason: string | null;
	decidedBy: string | null;
	decidedAt: string | null;
	createdAt: string;
	/** What the document is (docs/case-file.md): an identity document can verify a person. */
	documentKind?: 'passport' | 'driving_licence' | 'national_id_card' | 'registry_extract' | 'proof_of_address' | 'source_of_funds' | 'other' | null;
}

export interface DocumentRequest {
	id: string;
	recipientEmail: string;
	description: string;
	locale: 'da' | 'en';
	status: DocumentRequestStatus;
	expiresAt: string;
	createdAt: string;
	fulfilledAt: string | null;
	remindersSent: number;
}

export interface CaseDocumentsBody { items: CaseDocument[]; requests: DocumentRequest[] }

export interface UploadRequestView { organisation: string; description: string; expiresAt: string; maxBytes: number; types: DocumentType[]; locale: 'da' | 'en' }

/** Accept attribute for file inputs; the server decides by content anyway. */
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function documentDecisionLabel(decision: DocumentDecision): string {
	switch (decision) {
		case 'open':
			return m.documents_decision_open();
		case 'accepted':
			return m.documents_decision_accepted();
		case 'rejected':
			return m.documents_decision_rejected();
		default:
			return String(decision);
	}
}

export function requestStatusLabel(status: DocumentRequestStatus): string {
	switch (status) {
		case 'pending':
			return m.documents_request_pending();
		case 'fulfilled':
			return m.documents_request_fulfilled();
		case 'expired':
			return m.documents_request_expired();
		case 'cancelled':
			return m.documents_request_cancelled();
		default:
			return String(status);
	}
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
