// The client side of a workflow's "no" (workflows/refusal.ts): an Update whose
// validator or handler refused comes back as one error class carrying the
// refusal's code, which the API's error boundary maps once (api/errors.ts).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSAL_CODES as CODES, type RefusalCode } from '../../domain/refusal.ts';

/** A workflow refused a step (validator or transition), or it has closed meanwhile: the caller's mistake, not ours. */
export class WorkflowRefusedError extends Error {
  override name = 'WorkflowRefusedError';
  constructor(message: string, readonly code: RefusalCode, options?: ErrorOptions & { details?: unknown }) {
    super(message, options);
    this.details = options?.details;
  }
  /** What the refusal carried (ids and codes), such as the case file's blocking reasons. */
  readonly details: unknown;
}

/** Send an Update; a refusal, or a workflow that has closed (`closedMessage`), becomes a WorkflowRefusedError. */
export async function executeUpdate<R, A>(handle: WorkflowHandle, name: string, args: A, closedMessage: string): Promise<R> {
  try {
    return await handle.executeUpdate<R, [A]>(name, { args: [args] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const type = error.cause.type as RefusalCode | null | undefined;
      throw new WorkflowRefusedError(error.cause.message, type && CODES.includes(type) ? type : 'conflict', { cause: error, details: error.cause.details?.[0] });
    }
    // The caller checked that the case or request exists, so its workflow has closed: an Update accepted a
    // moment before another decision closed the workflow is aborted this way.
    if (error instanceof WorkflowNotFoundError) throw new WorkflowRefusedError(closedMessage, 'conflict', { cause: error });
    throw error;
  }
}

/** A query's answer, or null when the workflow does not exist (any more). */
export async function queryOrNull<R>(handle: WorkflowHandle, name: string): Promise<R | null> {
  try {
    return await handle.query<R>(name);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
