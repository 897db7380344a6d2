// The public request form. The API validates everything; its field errors land at
// the fields, and the form keeps what the person typed. On success the browser
// goes to the status page, whose link (with the status token) is also in the mail.
import { fail, redirect } from '@sveltejs/kit';
import { apiRequest } from '#lib/server/api.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { DSR_RELATIONSHIPS, DSR_RIGHTS } from '#lib/dsr.js';
import type { Actions } from './$types';

type Field = 'rights' | 'name' | 'email' | 'relationship' | 'description';
const FIELDS: readonly Field[] = ['rights', 'name', 'email', 'relationship', 'description'];

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = {
			rights: form.getAll('rights').map(String).filter((r) => (DSR_RIGHTS as readonly string[]).includes(r)),
			name: String(form.get('name') ?? '').slice(0, 400),
			email: String(form.get('email') ?? '').slice(0, 600),
			relationship: String(form.get('relationship') ?? ''),
			description: String(form.get('description') ?? '').slice(0, 8000)
		};
		const errors: Partial<Record<Field, true>> = {};
		if (values.rights.length === 0) errors.rights = true;
		if (!values.name.trim()) errors.name = true;
		if (!values.email.trim()) errors.email = true;
		if (!(DSR_RELATIONSHIPS as readonly string[]).includes(values.relationship)) errors.relationship = true;
		if (Object.keys(errors).length) return fail(400, { values, errors, problem: null });

		const result = await apiRequest<{ requestId: string; statusToken: string }>(event, 'POST', '/api/v1/privacy/requests', {
			...values,
			locale: getLocale() === 'en' ? 'en' : 'da'
		});
		if (result.ok) redirect(303, `/privacy/requests/${result.data.requestId}?token=${encodeURIComponent(result.data.statusToken)}`);
		if (result.status === 400 && result.error.fields?.length) {
			for (const field of result.error.fields) {
				const name = FIELDS.find((f) => field.path === f || field.path.startsWith(`${f}.`));
				if (name) errors[name] = true;
			}
			return fail(400, { values, errors, problem: Object.keys(errors).length ? null : 'failed' });
		}
		return fail(result.status === 429 ? 429 : 500, { values, errors, problem: result.status === 429 ? 'throttled' : 'failed' });
	}
};
