// One forwarded part for the organisation admin: who asks, what, by when, the matched
// case parties with their AML hold, and the decision (sent to the part's workflow).
import { error, fail } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { ForwardedDetail } from '#lib/dsr.js';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f-]{36}$/i;

export const load: PageServerLoad = async (event) => {
	const id = event.params.id;
	if (!ID.test(id)) error(404, 'The request was not found', { requestId: event.locals.requestId });
	const user = event.locals.user!;
	// The console link (org admins): the routed part's workflow id is dsr/<request>/org/<organisation>.
	return { part: expectOk(event, await apiRequest<ForwardedDetail>(event, 'GET', `/api/v1/dsr/forwarded/${id}`)), workflowOrg: user.roles.includes('org_admin') ? user.orgId : null };
};

export const actions: Actions = {
	decide: async (event) => {
		const id = event.params.id;
		if (!ID.test(id)) error(404, 'The request was not found', { requestId: event.locals.requestId });
		const form = await event.request.formData();
		const note = String(form.get('note') ?? '').slice(0, 2000).trim();
		const result = await apiRequest(event, 'POST', `/api/v1/dsr/forwarded/${id}/decision`, { decision: String(form.get('decision') ?? '').slice(0, 40), ...(note ? { note } : {}) });
		if (result.ok) return { done: true };
		return fail(result.status >= 400 && result.status < 600 ? result.status : 500, { message: result.error.message });
	}
};
