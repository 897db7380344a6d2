// A rule of the domain said no: the caller's mistake, not ours. Every workflow
// turns such a refusal into an ApplicationFailure typed by its code (one way:
// workflows/refusal.ts); the Temporal client layer turns it back into a
// WorkflowRefusedError with the same code, and the API maps that code once.

/**
 * conflict: the state does not allow it; forbidden: four-eyes or role; stale_version: another report version;
 * incomplete: the case file lacks what the gate needs; sanctions_match: a confirmed sanctions match stops approval.
 */
export type RefusalCode = 'conflict' | 'forbidden' | 'stale_version' | 'incomplete' | 'sanctions_match';
export const REFUSAL_CODES: readonly RefusalCode[] = ['conflict', 'forbidden', 'stale_version', 'incomplete', 'sanctions_match'];

export class DomainRefusal extends Error {
  override name = 'DomainRefusal';
  /** `details`: ids and codes only (they travel in the failure), such as the blocking reasons. */
  constructor(message: string, readonly code: RefusalCode = 'conflict', readonly details?: unknown) {
    super(message);
  }
}
