// New case: the client is a company (CVR number, looked up in the register) or a
// private person (name, birth date, country), and the case type. "Look up" shows what
// the company register knows (name, participants, owners) before anything is created;
// "Create case" opens it. Problems are shown at the field, and the form keeps what the
// user typed; the API's own validation (modulus 11, unknown number, dates, country
// codes) lands at the field too, in the user's language.
import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { api, apiRequest, loginUrl } from '#lib/server/api.js';
import { CASE_TYPES, type CaseType } from '#lib/api-types.js';
import { canCreateCases } from '#lib/navigation.js';
import { classifyApiError, type FieldProblem } from '#lib/api-problems.js';
import type { Actions, PageServerLoad } from './$types';

export type CvrProblem = 'required' | 'format' | 'invalid' | 'unknown';
export type TypeProblem = 'required';
export type ClientKind = 'company' | 'person';
/** Problems with the private person's fields: our own checks, or the API's (as problem keys). */
export type PersonErrors = { name?: FieldProblem; birthDate?: FieldProblem; country?: FieldProblem };
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

type NewCaseValues = { clientKind: ClientKind; cvr: string; type: string; name: string; birthDate: string; country: string };
type NewCaseFailure = {
	values: NewCaseValues;
	errors: { cvr?: CvrProblem; type?: TypeProblem } & PersonErrors;
	problem: FormProblem | null;
	requestId: string | null;
};

/** "DK 12 34 56 78" → "12345678": what people paste from letterheads and invoices. */
function normaliseCvr(raw: string): string {
	return raw.replace(/\s+/g, '').replace(/^DK-?/i, '');
}

function formValues(form: FormData): NewCaseValues {
	const text = (name: string, max: number) => String(form.get(name) ?? '').slice(0, max);
	return {
		clientKind: form.get('clientKind') === 'person' ? 'person' : 'company',
		cvr: text('cvr', 40), type: text('type', 40), name: text('name', 300), birthDate: text('birthDate', 10), country: text('country', 2).toUpperCase()
	};
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
		const values = { ...formValues(form), clientKind: 'company' as ClientKind };
		const cvr = normaliseCvr(values.cvr);
		const base = { values, errors: {} as NewCaseFailure['errors'], problem: null, requestId: null };
		const cvrProblem = (cvr: CvrProblem): NewCaseFailure['errors'] => ({ cvr });
		if (!cvr) return fail(400, { ...base, errors: cvrProblem('required') });
		if (!/^\d{8}$/.test(cvr)) return fail(400, { ...base, errors: cvrProblem('format') });
		const result = await apiRequest<RegistryPreview>(event, 'GET', `/api/v1/registry/companies/${cvr}`);
		if (result.ok) return { ...base, preview: result.data };
		if (result.status === 401) redirect(303, loginUrl(event.url));
		if (result.status === 503) return fail(503, { ...base, problem: 'registry_unavailable' as FormProblem });
		if (result.status === 400) return fail(400, { ...base, errors: cvrProblem(/No company/.test(JSON.stringify(result.error)) ? 'unknown' : 'invalid') });
		return fail(result.status, { ...base, problem: 'failed' as FormProblem, requestId: result.error.requestId ?? null });
	},
	create: async (event) => {
		const form = await event.request.formData();
		const values = formValues(form);
		const failure = (status: number, part: Partial<NewCaseFailure>) =>
			fail(status, { values, errors: {}, problem: null, requestId: null, ...part } satisfies NewCaseFailure);

		const user = event.locals.user!;
		if (!user.orgId || !canCreateCases(user.roles)) return failure(403, { problem: 'forbidden' });

		if (values.clientKind === 'person') return createPersonCase(event, values, failure);

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

/** A private person as the client: no register lookup; the API checks the date and the country code. */
async function createPersonCase(
	event: RequestEvent,
	values: NewCaseValues,
	failure: (status: number, part: Partial<NewCaseFailure>) => ActionFailure<NewCaseFailure>
) {
	const errors: NewCaseFailure['errors'] = {};
	const name = values.name.trim();
	if (!name) errors.name = 'required';
	if (values.birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(values.birthDate)) errors.birthDate = 'date';
	else if (values.birthDate && values.birthDate > new Date().toISOString().slice(0, 10)) errors.birthDate = 'date';
	if (values.country && !/^[A-Z]{2}$/.test(values.country)) errors.country = 'country';
	if (!isCaseType(values.type)) errors.type = 'required';
	if (Object.keys(errors).length || !isCaseType(values.type)) return failure(400, { errors });

	const client = { kind: 'person' as const, name, ...(values.birthDate ? { birthDate: values.birthDate } : {}), ...(values.country ? { country: values.country } : {}) };
	const result = await api.createCase(event, { type: values.type, client });
	if (result.ok) redirect(303, `/cases/${result.data.id}`);
	if (result.status === 401) redirect(303, loginUrl(event.url));
	if (result.status === 403) return failure(403, { problem: 'forbidden' });
	if (result.status === 400) {
		const classified = classifyApiError(result.status, result.error, ['name', 'birthDate', 'country', 'type']);
		const { type, ...person } = classified.fields;
		const placed: NewCaseFailure['errors'] = { ...person, ...(type ? { type: 'required' as TypeProblem } : {}) };
		return failure(400, {
			errors: placed,
			problem: classified.problem ? 'failed' : null,
			requestId: classified.problem ? (result.error.requestId ?? null) : null
		});
	}
	return failure(result.status >= 400 && result.status < 600 ? result.status : 500, { problem: 'failed', requestId: result.error.requestId ?? event.locals.requestId });
}
