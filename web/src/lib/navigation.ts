// Which areas of the app each role sees. Mirrors the permission matrix in
// domain/identity/roles.ts (the API enforces it; the UI only hides what a role cannot use).
import type { Role } from '#lib/api-types.js';

export type Area = 'overview' | 'cases' | 'screening' | 'approvals' | 'requests' | 'admin';

export const AREA_ROLES: Record<Area, readonly Role[] | 'everyone'> = {
	overview: 'everyone',
	cases: ['handler', 'reviewer', 'compliance_officer', 'org_admin'],
	screening: ['handler', 'reviewer', 'compliance_officer', 'org_admin'],
	approvals: ['reviewer', 'compliance_officer'],
	requests: ['privacy_officer', 'platform_admin', 'org_admin'],
	admin: ['org_admin', 'platform_admin']
};

export const AREA_HREF: Record<Area, string> = {
	overview: '/',
	cases: '/cases',
	screening: '/screening',
	approvals: '/approvals',
	requests: '/requests',
	admin: '/admin'
};

/** Roles that may open a case (cases.create). */
const CASE_CREATORS: readonly Role[] = ['handler', 'org_admin'];

export function canSee(roles: readonly Role[], area: Area): boolean {
	const allowed = AREA_ROLES[area];
	return allowed === 'everyone' || roles.some((role) => allowed.includes(role));
}

export function visibleAreas(roles: readonly Role[]): Area[] {
	return (Object.keys(AREA_ROLES) as Area[]).filter((area) => canSee(roles, area));
}

export function canCreateCases(roles: readonly Role[]): boolean {
	return roles.some((role) => CASE_CREATORS.includes(role));
}

/** The nav entry for a path: /cases/123 belongs to Cases, / only to Overview. */
export function isActive(area: Area, pathname: string): boolean {
	const href = AREA_HREF[area];
	return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
