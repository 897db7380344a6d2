// Document requests to the client: an e-mailed, single-use, expiring upload link;
// reminders and expiry are durable timers in the `documentRequest` workflow.
// Names and shapes shared by the workflow and the API (which never imports
// workflow code). Ids, enums and durations only.

export const DOCUMENT_REQUEST_WORKFLOW = 'documentRequest';
export const DOCUMENT_UPLOADED_SIGNAL = 'documentUploaded';
export const DOCUMENT_REQUEST_CANCELLED_SIGNAL = 'documentRequestCancelled';

export const documentRequestWorkflowId = (requestId: string): string => `document-request/${requestId}`;

export const DOCUMENT_REQUEST_STATUSES = ['pending', 'fulfilled', 'expired', 'cancelled'] as const;
export type DocumentRequestStatus = (typeof DOCUMENT_REQUEST_STATUSES)[number];

export type DocumentRequestMail = 'request' | 'reminder_1' | 'reminder_2';

/** Seconds from the request: reminders, then expiry (from the organisation's settings). */
export interface DocumentRequestDurations {
  firstReminderSeconds: number;
  secondReminderSeconds: number;
  expirySeconds: number;
}

export const DEFAULT_DOCUMENT_REQUEST_DURATIONS: DocumentRequestDurations = {
  firstReminderSeconds: 3 * 86_400,
  secondReminderSeconds: 7 * 86_400,
  expirySeconds: 14 * 86_400,
};

/** Durations must be ordered: first reminder < second reminder < expiry. */
export function validDurations(d: DocumentRequestDurations): boolean {
  return d.firstReminderSeconds > 0 && d.secondReminderSeconds > d.firstReminderSeconds && d.expirySeconds > d.secondReminderSeconds;
}

export interface DocumentRequestInput {
  requestId: string;
  orgId: string;
  caseId: string;
  durations: DocumentRequestDurations;
}
export interface DocumentRequestResult { status: Exclude<DocumentRequestStatus, 'pending'> }
