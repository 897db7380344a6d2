// Development mode only: the mail the built-in sink caught in the last 24 hours
// (platform admins). The API has no such route in production, so this page 404s there.
import { error } from '@sveltejs/kit';
import { apiRequest, expectOk } from '#lib/server/api.js';
import type { OutboxMessage } from '#lib/api-types.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.user!.roles.includes('platform_admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	return { messages: expectOk(event, await apiRequest<{ items: OutboxMessage[] }>(event, 'GET', '/api/v1/dev/outbox')).items };
};
