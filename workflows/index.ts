// The workflow bundle's entry: every workflow the worker runs.
export { kycCase } from './kyc-case.ts';
export { dataSubjectRequest } from './dsr.ts';
export { dsrRoutedPart } from './dsr-routed-part.ts';
export { documentRequest } from './document-request.ts';
export { listMonitoring } from './list-monitoring.ts';
export { retentionSweep } from './retention-sweep.ts';
