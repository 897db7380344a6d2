// New case: CVR number and case type. "Look up" shows what the company register
// knows (name, participants, owners) before anything is created; "Create case"
// opens it. Problems are shown at the field, and the form keeps what the user
// typed; the API's own validation (modulus 11, unknown number) lands at the field too.
import { error, fail, redirect } from '@sveltejs/kit';
import { api, apiRequest, loginUrl } from '#lib/server/api.js';
import { CASE_TYPES, type CaseType } from '#lib/api-types.js';
import { canCreateCases } from '#lib/navigation.js';
import type { Actions, PageServerLoad } from './$types';

export type CvrProblem = 'required' | 'format' | 'invalid' | 'unknown';
export type TypeProblem = 'required';
export type FormProblem = 'failed' | 'forbidden' | 'registry_unavailable';

export interface RegistryPreview {
	cvr: string;
	name: string;
	legalForm: string | null;
	address: string | null;
	source: string;
	industry: { code: string; text: string } | null;
	participants: { kind: string; name: string; country: string | null; cvr: string | null; roles: string[]; ownership: { share: { low: number; high: number } | null } | null }[];
}

type NewCaseFailure = {
	values: { cvr: string; type: string };
	errors: { cvr?: CvrProblem; type?: TypeProblem };
	problem: FormProblem | null;
	requestId: string | null;
};

/** "DK 12 34 56 78" → "12345678": what people paste from letterheads and invoices. */
function normaliseCvr(raw: string): string {
	return raw.replace(/\s+/g, '').replace(/^DK-?/i, '');
}

function isCaseType(value: string): value is CaseType {
	return (CASE_TYPES as readonly string[]).includes(value);
}

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	if (!user.orgId || !canCreateCases(user.roles)) {
		error(403, 'Your role cannot create cases', { requestId: locals.requestId });
	}
	return {};
};

export const actions: Actions = {
	preview: async (event) => {
		const form = await event.request.formData();
		const values = { cvr: String(form.get('cvr') ?? '').slice(0, 40), type: String(form.get('type') ?? '') };
		const cvr = normaliseCvr(values.cvr);
		const base = { values, errors: {}, problem: null, requestId: null };
		if (!cvr) return fail(400, { ...base, errors: { cvr: 'required' as CvrProblem } });
		if (!/^\d{8}$/.test(cvr)) return fail(400, { ...base, errors: { cvr: 'format' as CvrProblem } });
		const result = await apiRequest<RegistryPreview>(event, 'GET', `/api/v1/registry/companies/${cvr}`);
		if (result.ok) return { ...base, preview: result.data };
		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (result.status === 503) return fail(503, { ...base, problem: 'registry_unavailable' as FormProblem });
		if (result.status === 400) return fail(400, { ...base, errors: { cvr: (/No company/.test(JSON.stringify(result.error)) ? 'unknown' : 'invalid') as CvrProblem } });
		return fail(result.status, { ...base, problem: 'failed' as FormProblem, requestId: result.error.requestId ?? null });
	},
	create: async (event) => {
		const form = await event.request.formData();
		const values = { cvr: String(form.get('cvr') ?? '').slice(0, 40), type: String(form.get('type') ?? '') };
		const failure = (status: number, part: Partial<NewCaseFailure>) =>
			fail(status, { values, errors: {}, problem: null, requestId: null, ...part } satisfies NewCaseFailure);

		const user = event.locals.user!;
		if (!user.orgId || !canCreateCases(user.roles)) return failure(403, { problem: 'forbidden' });

		const cvr = normaliseCvr(values.cvr);
		const errors: NewCaseFailure['errors'] = {};
		if (!cvr) errors.cvr = 'required';
		else if (!/^\d{8}$/.test(cvr)) errors.cvr = 'format';
		if (!isCaseType(values.type)) errors.type = 'required';
		if (errors.cvr || errors.type || !isCaseType(values.type)) return failure(400, { errors });

		const result = await api.createCase(event, { type: values.type, cvr });
		if (result.ok) redirect(303, `/cases/${result.data.id}`);

		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (result.status === 403) return failure(403, { problem: 'forbidden' });
		if (result.status === 400 && result.error.fields?.length) {
			const apiErrors: NewCaseFailure['errors'] = {};
			let unplaced = false;
			for (const field of result.error.fields) {
				if (field.path === 'cvr' || field.path.endsWith('.cvr')) apiErrors.cvr = /No company/.test(field.message) ? 'unknown' : 'invalid';
				else if (field.path === 'type') apiErrors.type = 'required';
				else unplaced = true;
			}
			return failure(400, {
				errors: apiErrors,
				problem: unplaced ? 'failed' : null,
				requestId: unplaced ? (result.error.requestId ?? null) : null
			});
		}
		if (result.status === 503 && /register/i.test(result.error.message)) return failure(503, { problem: 'registry_unavailable' });
		return failure(result.status >= 400 && result.status < 600 ? result.status : 500, {
			problem: 'failed',
			requestId: result.error.requestId ?? event.locals.requestId
		});
	}
};
