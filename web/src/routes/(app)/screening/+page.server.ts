// Screening search for case handlers: a GET form (the query stays in the address,
// so a search can be repeated and shared), answered by POST /api/v1/screening/search.
// The current lists with their age sit above the results, so a handler knows
// what was searched.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import { canSee } from '#lib/navigation.js';
import type { ListsBody, ScreeningHit, ScreeningSchema } from '#lib/screening.js';
import type { PageServerLoad } from './$types';

export type SearchProblem = 'name_required' | 'invalid' | 'failed';

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	if (!canSee(locals.user!.roles, 'screening')) {
		error(403, 'Your role has no access to this page', { requestId: locals.requestId });
	}
	const lists = expectOk(event, await apiRequest<ListsBody>(event, 'GET', '/api/v1/lists'));
	const values = {
		schema: (url.searchParams.get('schema') === 'Company' ? 'Company' : 'Person') as ScreeningSchema,
		name: (url.searchParams.get('name') ?? '').slice(0, 1000),
		birthDate: (url.searchParams.get('birthDate') ?? '').trim().slice(0, 10),
		country: (url.searchParams.get('country') ?? '').trim().toUpperCase().slice(0, 2)
	};
	const base = { lists, values, searched: false, hits: [] as ScreeningHit[], threshold: null as number | null, problem: null as SearchProblem | null, fields: [] as string[], requestId: null as string | null };
	if (!url.searchParams.has('name')) return base;
	if (values.name.trim() === '') return { ...base, problem: 'name_required' as const };
	const body = {
		schema: values.schema,
		name: values.name,
		...(values.birthDate ? { birthDate: values.birthDate } : {}),
		...(values.country ? { country: values.country } : {}),
		limit: 20
	};
	const result = await apiRequest<{ hits: ScreeningHit[]; threshold: number }>(event, 'POST', '/api/v1/screening/search', body);
	if (result.ok) return { ...base, searched: true, hits: result.data.hits, threshold: result.data.threshold };
	if (result.status === 400) {
		return { ...base, problem: 'invalid' as const, fields: (result.error.fields ?? []).map((f) => f.path) };
	}
	expectOk(event, result);
	return { ...base, problem: 'failed' as const, requestId: result.error.requestId ?? locals.requestId };
};
