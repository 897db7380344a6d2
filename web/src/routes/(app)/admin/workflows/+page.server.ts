// The workflow console's list (org admins: their organisation's workflows; platform
// admins: all): the filters live in the address and go to GET /api/v1/workflows as
// they are; the API validates them (a malformed one is a 400, shown as a message).
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { WorkflowSummary } from '#lib/workflow-console.js';
import type { PageServerLoad } from './$types';

const FILTERS = ['type', 'status', 'caseId', 'requestId', 'dueBefore', 'dueAfter', 'failing', 'cursor'] as const;

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.roles.includes('org_admin') && !user.roles.includes('platform_admin')) {
		error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	}
	const filters: Record<string, string> = {};
	for (const name of FILTERS) {
		const value = event.url.searchParams.get(name)?.trim();
		if (value) filters[name] = value;
	}
	const query = new URLSearchParams({ ...filters, limit: '50' });
	const result = await apiRequest<{ items: WorkflowSummary[]; count: number; nextCursor: string | null; scanned?: number }>(event, 'GET', `/api/v1/workflows?${query}`);
	if (!result.ok && result.status === 400) {
		return { filters, items: [] as WorkflowSummary[], count: 0, nextCursor: null, invalid: (result.error.fields ?? []).map((f) => f.path.split('.').at(-1) ?? f.path), platformAdmin: user.roles.includes('platform_admin') };
	}
	const page = expectOk(event, result);
	return { filters, ...page, invalid: [] as string[], platformAdmin: user.roles.includes('platform_admin') };
};
