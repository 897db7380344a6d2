// API token scopes. A token never has a role: it has scopes, each opening a named
// set of routes (a route declares the scope it needs in defineRoute; a route that
// names none is for people only). A token acts for the administrator who made it
// and never beyond that person's current roles: a scope can only be given, and
// stays on a token, while the maker's roles allow one of its permissions.
// People, roles, security settings, invitations and tokens are never in any scope.
import { z } from 'zod';
import { can, type Permission, type Role } from './roles.ts';

export const TOKEN_SCOPES = ['cases:read', 'cases:write', 'screening:search', 'lists:read', 'audit:read', 'dsr:forwarded'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/**
 * What the maker must be allowed (any one) for a token of theirs to carry the scope.
 * `null`: any role of an organisation (screening and the list status are open to every member).
 */
export const SCOPE_NEEDS: Record<TokenScope, readonly Permission[] | null> = {
  'cases:read': ['cases.read'],
  'cases:write': ['cases.create', 'cases.work', 'cases.assign', 'cases.note'],
  'screening:search': null,
  'lists:read': null,
  'audit:read': ['audit.read'],
  'dsr:forwarded': ['dsr.forwarded'],
};

/** The scopes a person with these roles may give a token (and that their tokens keep). */
export function grantableScopes(roles: readonly Role[]): TokenScope[] {
  if (!can(roles, 'tokens.manage')) return [];
  return TOKEN_SCOPES.filter((scope) => {
    const needs = SCOPE_NEEDS[scope];
    return needs === null ? roles.length > 0 : needs.some((permission) => can(roles, permission));
  });
}

/** Scopes in their canonical order, each once. */
export function normaliseScopes(scopes: readonly TokenScope[]): TokenScope[] {
  return TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
}
