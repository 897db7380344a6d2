// Organisation administration: users and roles (invite, change roles,
// deactivate), the "two-factor required" switch, and links to API tokens, the
// audit log and (development mode, platform admins) the outbox.
import { error, fail } from '@sveltejs/kit';
import { canSee } from '#lib/navigation.js';
import { apiRequest, expectOk } from '#lib/server/api.js';
import { ROLES, type CaseFileSettings, type OrgUser } from '#lib/api-types.js';
import { classifyApiError } from '#lib/api-problems.js';
import type { Actions, PageServerLoad } from './$types';

const ORG_ROLES = ROLES.filter((r) => r !== 'platform_admin' && r !== 'privacy_officer');
const fieldsOf = (fields: { path: string; message: string }[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.path, f.message]));

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	if (!canSee(user.roles, 'admin')) error(403, 'Your role has no access to this page', { requestId: event.locals.requestId });
	const orgAdmin = user.roles.includes('org_admin');
	if (!orgAdmin) return { orgAdmin, users: [] as OrgUser[], totpRequired: false, orgRoles: ORG_ROLES, platformAdmin: user.roles.includes('platform_admin'), caseFile: null };
	const [users, security, caseFile] = await Promise.all([
		apiRequest<{ items: OrgUser[] }>(event, 'GET', '/api/v1/users?limit=200'),
		apiRequest<{ totpRequired: boolean }>(event, 'GET', '/api/v1/organisation/security'),
		apiRequest<CaseFileSettings>(event, 'GET', '/api/v1/organisation/case-file-settings')
	]);
	return {
		orgAdmin, users: expectOk(event, users).items, totpRequired: expectOk(event, security).totpRequired, orgRoles: ORG_ROLES, platformAdmin: false,
		// The case file's settings (issue 12); null when the API does not offer them.
		caseFile: caseFile.ok ? caseFile.data : null
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').trim();
		const roles = form.getAll('roles').map(String);
		const result = await apiRequest<{ email: string }>(event, 'POST', '/api/v1/users/invitations', { email, roles, locale: form.get('locale') === 'en' ? 'en' : 'da' });
		if (!result.ok) return fail(result.status, { action: 'invite', email, message: result.error.message, fields: fieldsOf(result.error.fields) });
		return { action: 'invite', invited: result.data.email };
	},
	roles: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const result = await apiRequest(event, 'PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { roles: form.getAll('roles').map(String) });
		if (!result.ok) return fail(result.status, { action: 'roles', id, message: result.error.message });
		return { action: 'roles', id, saved: true };
	},
	active: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const result = await apiRequest(event, 'PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { active: form.get('active') === 'true' });
		if (!result.ok) return fail(result.status, { action: 'active', id, message: result.error.message });
		return { action: 'active', id, saved: true };
	},
	caseFileSettings: async (event) => {
		const form = await event.request.formData();
		const body: CaseFileSettings = {
			defaultLanguage: form.get('defaultLanguage') === 'en' ? 'en' : 'da',
			pepManagementCounts: form.get('pepManagementCounts') === 'true',
			cprEnabled: form.get('cprEnabled') === 'true',
			aiDrafting: form.get('aiDrafting') === 'true',
			aiPseudonymise: form.get('aiPseudonymise') === 'true'
		};
		const result = await apiRequest<CaseFileSettings>(event, 'PUT', '/api/v1/organisation/case-file-settings', body);
		if (!result.ok) return fail(result.status, { action: 'caseFileSettings', problem: classifyApiError(result.status, result.error).problem });
		return { action: 'caseFileSettings', saved: true };
	},
	security: async (event) => {
		const form = await event.request.formData();
		const result = await apiRequest(event, 'PATCH', '/api/v1/organisation/security', { totpRequired: form.get('totpRequired') === 'true' });
		if (!result.ok) return fail(result.status, { action: 'security', message: result.error.message });
		return { action: 'security', saved: true };
	}
};
