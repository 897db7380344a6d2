// The case workflow's public messages: names and argument shapes shared by the
// workflow (which defines them) and the API's WorkflowGateway (which sends them),
// so the API never imports workflow code. Ids and enums only.
import type { CaseDecision, CaseProgress, CaseStep } from './case.ts';

export const KYC_CASE_WORKFLOW = 'kycCase';
export const COMPLETE_STEP_UPDATE = 'completeStep';
export const DECIDE_UPDATE = 'decide';
export const PROGRESS_QUERY = 'progress';

export const kycCaseWorkflowId = (caseId: string): string => `kyc-case/${caseId}`;

export interface KycCaseInput { caseId: string; orgId: string }
export interface KycCaseResult { status: CaseProgress['status'] }
export interface CompleteStepArgs { step: CaseStep; actorId: string }
export interface DecideArgs { decision: CaseDecision; actorId: string; returnTo?: CaseStep }
