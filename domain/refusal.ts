// A rule of the domain said no: the caller's mistake, not ours. Every workflow
// turns such a refusal into an ApplicationFailure typed by its code (one way:
// workflows/refusal.ts); the Temporal client layer turns it back into a
// WorkflowRefusedError with the same code, and the API maps that code once.

/** conflict: the state does not allow it; forbidden: four-eyes or role; stale_version: another report version. */
export type RefusalCode = 'conflict' | 'forbidden' | 'stale_version';

export class DomainRefusal extends Error {
  override name = 'DomainRefusal';
  constructor(message: string, readonly code: RefusalCode = 'conflict') {
    super(message);
  }
}
