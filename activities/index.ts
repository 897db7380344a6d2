// Every activity the worker registers, built from its dependencies.
import { createCaseActivities, type CaseActivityDeps } from './cases.ts';
import { createDsrActivities, type DsrActivityDeps } from './dsr.ts';
import { createDsrRoutingActivities, type DsrRoutingActivityDeps } from './dsr-routing.ts';
import { createListMonitoringActivities, type MonitoringActivityDeps } from './list-monitoring.ts';
import { createDocumentActivities, type DocumentActivityDeps } from './documents.ts';
import { createCaseSlaActivities } from './case-sla.ts';
import { createCaseFileActivities } from './case-file.ts';
import { createAiDraftingActivities, type AiDraftingDeps } from './ai-drafting.ts';
import { createCaseFilePdfActivities } from './case-file-pdf.ts';
import { createRetentionActivities, type RetentionActivityDeps } from './retention.ts';
import type { Mailer } from '../providers/mail/mailer.ts';

export type ActivityDeps = CaseActivityDeps & RetentionActivityDeps & AiDraftingDeps & DsrActivityDeps & DsrRoutingActivityDeps & DocumentActivityDeps & MonitoringActivityDeps & {
  /** Transactional mail (reminders, escalations, document requests, DSR responses); idempotent through the mail log. */
  mailer: Mailer;
};

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCaseActivities(deps),
    ...createDsrActivities(deps),
    ...createDsrRoutingActivities(deps),
    ...createDocumentActivities(deps),
    ...createListMonitoringActivities(deps),
    ...createCaseSlaActivities(deps),
    ...createCaseFileActivities(deps),
    ...createAiDraftingActivities(deps),
    ...createCaseFilePdfActivities(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
