// Custom search attributes: ids, enums and dates only, never personal data.
// Upserted by the workflows; the start command and the compose namespace job register them.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const OrgId = defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD);
export const CaseId = defineSearchAttributeKey('CaseId', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseStep = defineSearchAttributeKey('CaseStep', SearchAttributeType.KEYWORD);
export const RiskLevel = defineSearchAttributeKey('RiskLevel', SearchAttributeType.KEYWORD);
export const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
export const RequestId = defineSearchAttributeKey('RequestId', SearchAttributeType.KEYWORD);
export const RequestStatus = defineSearchAttributeKey('RequestStatus', SearchAttributeType.KEYWORD);
/** A document request to a client (its workflow also carries the case's OrgId and CaseId). */
export const DocumentRequestId = defineSearchAttributeKey('DocumentRequestId', SearchAttributeType.KEYWORD);
/** The sanctions list version an ongoing-monitoring run re-screens against. */
export const ListVersionId = defineSearchAttributeKey('ListVersionId', SearchAttributeType.KEYWORD);

/** For `temporal server start-dev --search-attribute Name=Type` and the namespace job. */
export const SEARCH_ATTRIBUTE_FLAGS = [
  'OrgId=Keyword', 'CaseId=Keyword', 'CaseStatus=Keyword', 'CaseStep=Keyword', 'RiskLevel=Keyword',
  'DueAt=Datetime', 'RequestId=Keyword', 'RequestStatus=Keyword', 'DocumentRequestId=Keyword', 'ListVersionId=Keyword',
] as const;
