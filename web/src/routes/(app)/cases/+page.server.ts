// The case inbox: one page of my organisation's cases, newest first, narrowed by
// filters in the address (assignee, status, risk, overdue), my saved views of
// those filters, and bulk assignment to a handler. Filters are a GET form;
// saving or deleting a view and assigning are form actions: all of it works
// without JavaScript.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { apiRequest, expectOk, loginUrl } from '#lib/server/api.js';
import { canCreateCases, canSee } from '#lib/navigation.js';
import type { CaseSummary, Page } from '#lib/api-types.js';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['assignee', 'status', 'riskLevel', 'overdue'] as const;
export type InboxFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;
export type SavedView = { id: string; name: string; filters: InboxFilters; createdAt: string };

/** The filters in the address, as the API takes them (empty values dropped). */
function filtersOf(params: URLSearchParams | FormData): InboxFilters {
	const filters: InboxFilters = {};
	for (const key of FILTER_KEYS) {
		const value = String(params.get(key) ?? '').trim().slice(0, 60);
		if (value) filters[key] = value;
	}
	return filters;
}

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!user.orgId || !canSee(user.roles, 'cases')) {
		error(403, 'Your role has no access to cases', { requestId: event.locals.requestId });
	}
	const cursor = event.url.searchParams.get('cursor');
	const filters = filtersOf(event.url.searchParams);
	const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...filters, ...(cursor ? { cursor } : {}) });
	const [result, views, handlers] = await Promise.all([
		apiRequest<Page<CaseSummary>>(event, 'GET', `/api/v1/cases?${query}`),
		apiRequest<{ items: SavedView[] }>(event, 'GET', '/api/v1/case-views'),
		apiRequest<{ items: { id: string; name: string }[] }>(event, 'GET', '/api/v1/case-handlers')
	]);
	// A stale or hand-edited cursor or filter: start again from the unfiltered first page.
	if (!result.ok && result.status === 400 && (cursor || Object.keys(filters).length)) redirect(303, '/cases');
	const page = expectOk(event, result);
	return {
		cases: page.items,
		nextCursor: page.nextCursor,
		isFirstPage: !cursor,
		filters,
		views: views.ok ? views.data.items : [],
		handlers: handlers.ok ? handlers.data.items : [],
		userId: user.id,
		assigned: Math.max(0, Math.min(500, Number(event.url.searchParams.get('assigned')) || 0)),
		canCreate: canCreateCases(user.roles),
		canAssign: user.roles.includes('handler') || user.roles.includes('org_admin')
	};
};

function refused(action: string, result: { status: number; error: { message: string; fields?: { path: string; message: string }[] } }, extra: Record<string, unknown> = {}) {
	const detail = result.error.fields?.map((f) => f.message).join('; ');
	return fail(result.status, { action, problem: detail ? `${result.error.message} (${detail})` : result.error.message, ...extra });
}

/** Back to the inbox with the filters the form was sent from. */
function back(event: RequestEvent, form: FormData, extra: Record<string, string> = {}): never {
	const query = new URLSearchParams({ ...filtersOf(form), ...extra });
	redirect(303, query.size ? `/cases?${query}` : '/cases');
}

export const actions: Actions = {
	saveView: async (event) => {
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').slice(0, 200);
		const result = await apiRequest<SavedView>(event, 'POST', '/api/v1/case-views', { name, filters: filtersOf(form) });
		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (!result.ok) return refused('saveView', result, { name });
		back(event, form);
	},
	deleteView: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '').slice(0, 40);
		const result = await apiRequest<void>(event, 'DELETE', `/api/v1/case-views/${encodeURIComponent(id)}`);
		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (!result.ok) return refused('deleteView', result);
		back(event, form);
	},
	assign: async (event) => {
		const form = await event.request.formData();
		const caseIds = form.getAll('caseIds').map((v) => String(v).slice(0, 40)).slice(0, 500);
		if (caseIds.length === 0) return fail(400, { action: 'assign', problem: null, noneSelected: true });
		const result = await apiRequest<{ assigned: string[]; unchanged: string[] }>(event, 'POST', '/api/v1/cases/bulk-assign', {
			caseIds, assigneeId: String(form.get('assigneeId') ?? '').slice(0, 40)
		});
		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (!result.ok) return refused('assign', result);
		back(event, form, { assigned: String(caseIds.length) });
	}
};
