// The one way a workflow says no: a domain refusal (domain/refusal.ts) becomes a
// non-retryable ApplicationFailure whose type is the refusal's code, thrown from
// an Update's validator (nothing is recorded) or its handler. The client layer
// (temporal/client/refusal.ts) reads the code back.
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainRefusal } from '../domain/refusal.ts';

/** A domain refusal as the failure the caller sees; anything else unchanged. */
export function asFailure(error: unknown): unknown {
  if (error instanceof DomainRefusal) {
    return error.details === undefined
      ? ApplicationFailure.nonRetryable(error.message, error.code)
      : ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: [error.details] });
  }
  return error;
}

/** An Update validator: run the rule, and refuse the Update when it throws. */
export function refuseUnless(rule: () => unknown): void {
  try {
    rule();
  } catch (error) {
    throw asFailure(error);
  }
}
