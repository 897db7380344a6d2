// One document request to the client (id `document-request/<requestId>`): mail
// the single-use upload link, remind after the first and second reminder
// durations, expire after the expiry duration — durable timers, with the
// durations from the organisation's settings as inputs. The client's upload
// (a signal from the API) or a cancellation ends it early. Ids only travel.
import { condition, defineSignal, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  DOCUMENT_REQUEST_CANCELLED_SIGNAL, DOCUMENT_UPLOADED_SIGNAL, type DocumentRequestInput, type DocumentRequestResult,
} from '../domain/documents/document-request.ts';
import { CaseId, DocumentRequestId, DueAt, OrgId } from './search-attributes.ts';

export const documentUploadedSignal = defineSignal(DOCUMENT_UPLOADED_SIGNAL);
export const documentRequestCancelledSignal = defineSignal(DOCUMENT_REQUEST_CANCELLED_SIGNAL);

const { sendDocumentRequestMail, expireDocumentRequest } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function documentRequest(input: DocumentRequestInput): Promise<DocumentRequestResult> {
  let ended: 'fulfilled' | 'cancelled' | null = null;
  setHandler(documentUploadedSignal, () => { ended ??= 'fulfilled'; });
  setHandler(documentRequestCancelledSignal, () => { ended ??= 'cancelled'; });
  const ids = { orgId: input.orgId, requestId: input.requestId };
  const { firstReminderSeconds, secondReminderSeconds, expirySeconds } = input.durations;
  const startedAt = Date.now();
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId }, { key: CaseId, value: input.caseId }, { key: DocumentRequestId, value: input.requestId },
    { key: DueAt, value: new Date(startedAt + expirySeconds * 1000) },
  ]);
  /** Wait until `seconds` after the start, or until the request ends; true when the time came. */
  const until = async (seconds: number) => !(await condition(() => ended !== null, Math.max(1, startedAt + seconds * 1000 - Date.now())));

  const first = await sendDocumentRequestMail({ ...ids, kind: 'request' });
  if (first.status !== 'pending') return { status: first.status };
  for (const [seconds, kind] of [[firstReminderSeconds, 'reminder_1'], [secondReminderSeconds, 'reminder_2']] as const) {
    if (!(await until(seconds))) return { status: ended ?? 'fulfilled' };
    const sent = await sendDocumentRequestMail({ ...ids, kind });
    if (sent.status !== 'pending') return { status: sent.status };
  }
  if (!(await until(expirySeconds))) return { status: ended ?? 'fulfilled' };
  const { status } = await expireDocumentRequest(ids);
  return { status: status === 'pending' ? 'expired' : status };
}
