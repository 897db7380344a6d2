// The health board: failing workflows, activities retrying for longer than N
// minutes, overdue cases and requests, and the age of each sanctions list.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { FailureView, PendingActivity, WorkflowSummary } from '#lib/workflow-console.js';
import type { PageServerLoad } from './$types';

type Retrying = PendingActivity & { retryingSince: string | null; retryingMinutes: number | null };
export interface HealthBoard {
	failing: { workflowId: string; type: string; orgId: string | null; caseId: string | null; activities: Retrying[] }[];
	retrying: (Retrying & { workflowId: string; type: string })[];
	retryingMinutes: number;
	scanned: number;
	scanLimit: number;
	overdue: WorkflowSummary[];
	lists: { list: string; version: string; importedAt: string; ageDays: number; stale: boolean }[];
	maxAgeDays: number;
}
export type { FailureView };

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.roles.includes('org_admin') && !user.roles.includes('platform_admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	const minutes = Math.max(0, Number.parseInt(event.url.searchParams.get('minutes') ?? '10', 10) || 0);
	return { board: expectOk(event, await apiRequest<HealthBoard>(event, 'GET', `/api/v1/workflow-health?retryingMinutes=${minutes}`)) };
};
