// The document-request side of the Temporal client: start the request's workflow
// (reminders and expiry as durable timers) and tell it the client uploaded or the
// handler withdrew it.
import type { TemporalClient } from './connection.ts';
import { documentRequestStartAttributes } from './start-attributes.ts';
import {
  DOCUMENT_REQUEST_CANCELLED_SIGNAL, DOCUMENT_REQUEST_WORKFLOW, DOCUMENT_UPLOADED_SIGNAL, documentRequestWorkflowId, type DocumentRequestInput,
} from '../../domain/documents/document-request.ts';

export interface DocumentRequestGateway {
  start(input: DocumentRequestInput): Promise<{ workflowId: string }>;
  uploaded(requestId: string): Promise<void>;
  cancelled(requestId: string): Promise<void>;
}

export function documentRequestGateway({ client, taskQueue }: TemporalClient): DocumentRequestGateway {
  const handle = (requestId: string) => client.workflow.getHandle(documentRequestWorkflowId(requestId));
  return {
    async start(input) {
      const workflowId = documentRequestWorkflowId(input.requestId);
      await client.workflow.start(DOCUMENT_REQUEST_WORKFLOW, {
        workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: documentRequestStartAttributes(input.orgId, input.caseId, input.requestId, new Date(Date.now() + input.durations.expirySeconds * 1000)),
      });
      return { workflowId };
    },
    async uploaded(requestId) {
      await handle(requestId).signal(DOCUMENT_UPLOADED_SIGNAL);
    },
    async cancelled(requestId) {
      await handle(requestId).signal(DOCUMENT_REQUEST_CANCELLED_SIGNAL);
    },
  };
}
