// Overview: my open cases counted by step, overdue ones, and the platform's health.
import { api, apiRequest } from '#lib/server/api.js';
import type { MonitoringHitsBody } from '#lib/screening.js';
import { CASE_STEPS, type CaseStep, type CaseSummary, type SessionUser } from '#lib/api-types.js';
import { canCreateCases, canSee } from '#lib/navigation.js';
import type { PageServerLoad } from './$types';

/** Cases read for the counts: enough for a handler's desk without walking a whole archive. */
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

export type CaseCounts = {
	byStep: Record<CaseStep, number>;
	total: number;
	overdue: number;
	/** How many cases were read; set when there were more than that. */
	truncatedAt: number | null;
};

function countMine(user: SessionUser, cases: CaseSummary[], now: Date): Omit<CaseCounts, 'truncatedAt'> {
	const byStep = Object.fromEntries(CASE_STEPS.map((step) => [step, 0])) as Record<CaseStep, number>;
	let total = 0;
	let overdue = 0;
	for (const c of cases) {
		// Lists that carry the assignee count only my cases; older shapes without it count all.
		const mine = c.assigneeId === undefined || c.assigneeId === user.id;
		const open = (c.status === 'open' || c.status === 'in_review') && c.step !== null;
		if (!mine || !open || !c.step) continue;
		byStep[c.step] += 1;
		total += 1;
		if (c.dueAt && new Date(c.dueAt).getTime() < now.getTime()) overdue += 1;
	}
	return { byStep, total, overdue };
}

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	const showCases = user.orgId !== null && canSee(user.roles, 'cases');

	const readCases = async (): Promise<CaseCounts | 'unavailable' | null> => {
		if (!showCases) return null;
		const items: CaseSummary[] = [];
		let cursor: string | null = null;
		for (let pageNo = 0; pageNo < MAX_PAGES; pageNo += 1) {
			const result = await api.listCases(event, { limit: PAGE_SIZE, cursor });
			if (!result.ok) return 'unavailable';
			items.push(...result.data.items);
			cursor = result.data.nextCursor;
			if (!cursor) break;
		}
		return { ...countMine(user, items, new Date()), truncatedAt: cursor ? items.length : null };
	};

	// Open hits that ongoing monitoring raised on my organisation's cases: each is a task.
	const readMonitoringHits = async (): Promise<MonitoringHitsBody | null> => {
		if (!showCases) return null;
		const result = await apiRequest<MonitoringHitsBody>(event, 'GET', '/api/v1/screening/monitoring-hits');
		return result.ok ? result.data : null;
	};

	const [health, cases, monitoringHits] = await Promise.all([api.health(event), readCases(), readMonitoringHits()]);
	return { health, cases, monitoringHits, canCreate: canCreateCases(user.roles) };
};
