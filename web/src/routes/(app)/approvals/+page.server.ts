// The reviewer queue: cases of my organisation waiting in review, oldest
// submission first, each with what changed since it was last returned.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { PageServerLoad } from './$types';

export type ReviewQueueItem = {
	id: string;
	client: { name: string | null; cvr: string | null };
	riskLevel: string | null;
	dueAt: string | null;
	submittedAt: string | null;
	lastReturn: { at: string; returnTo: string | null; comment: string | null; changedSections: string[]; riskOverridden: boolean } | null;
	preparedByMe: boolean;
};

export const load: PageServerLoad = async (event) => {
	const { locals } = event;
	if (!canSee(locals.user!.roles, 'approvals')) {
		error(403, 'Your role has no access to this page', { requestId: locals.requestId });
	}
	if (!locals.user!.orgId) return { items: [] as ReviewQueueItem[] };
	const queue = expectOk(event, await apiRequest<{ items: ReviewQueueItem[] }>(event, 'GET', '/api/v1/review-queue'));
	return { items: queue.items };
};
