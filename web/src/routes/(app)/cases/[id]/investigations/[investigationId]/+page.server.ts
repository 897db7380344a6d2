// One internal investigation (suspicion, hvidvaskloven §§ 25–26): the note and the reports
// made from it. Only compliance officers and the raiser see it; for anyone else the API
// answers 404 and so does this page (it never says that an investigation exists).
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InvestigationDetail {
	id: string;
	note: string;
	raisedBy?: string | null;
	createdAt: string;
	reports?: { id: string; kind: string; recipient: string; reportedAt: string; reference: string; createdAt: string }[];
}

export const load: PageServerLoad = async (event) => {
	const { id, investigationId } = event.params;
	if (!UUID.test(id) || !UUID.test(investigationId)) error(404, 'Not found', { requestId: event.locals.requestId });
	const found = expectOk(event, await apiRequest<InvestigationDetail>(event, 'GET', `/api/v1/cases/${id}/investigations/${investigationId}`));
	const handlers = await apiRequest<{ items: { id: string; name: string }[] }>(event, 'GET', '/api/v1/case-handlers');
	return { caseId: id, investigation: found, handlers: handlers.ok ? handlers.data.items : [] };
};
