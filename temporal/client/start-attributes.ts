// The search attributes a workflow carries from its start, so the workflow console
// finds it (and its organisation's admins may open it) before its first workflow task
// has run: the same names and types as workflows/search-attributes.ts, which the
// workflows upsert as they go (test/workflow-console.test.ts checks the two agree).
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const START_ATTRIBUTE_KEYS = {
  OrgId: defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD),
  CaseId: defineSearchAttributeKey('CaseId', SearchAttributeType.KEYWORD),
  RequestId: defineSearchAttributeKey('RequestId', SearchAttributeType.KEYWORD),
  DocumentRequestId: defineSearchAttributeKey('DocumentRequestId', SearchAttributeType.KEYWORD),
  ListVersionId: defineSearchAttributeKey('ListVersionId', SearchAttributeType.KEYWORD),
  DueAt: defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME),
} as const;

const K = START_ATTRIBUTE_KEYS;
const due = (at: Date | null): SearchAttributePair[] => (at ? [{ key: K.DueAt, value: at }] : []);

export const caseStartAttributes = (orgId: string, caseId: string, dueAt: Date | null): SearchAttributePair[] =>
  [{ key: K.OrgId, value: orgId }, { key: K.CaseId, value: caseId }, ...due(dueAt)];
export const documentRequestStartAttributes = (orgId: string, caseId: string, requestId: string, dueAt: Date | null): SearchAttributePair[] =>
  [{ key: K.OrgId, value: orgId }, { key: K.CaseId, value: caseId }, { key: K.DocumentRequestId, value: requestId }, ...due(dueAt)];
export const requestStartAttributes = (requestId: string, dueAt: Date | null): SearchAttributePair[] =>
  [{ key: K.RequestId, value: requestId }, ...due(dueAt)];
export const listVersionStartAttributes = (versionId: string): SearchAttributePair[] => [{ key: K.ListVersionId, value: versionId }];
