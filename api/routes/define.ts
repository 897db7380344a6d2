// A route is declared once: method, path, access rule and zod schemas. The same
// declaration registers the Koa handler (which validates with those schemas)
// and the OpenAPI path, so the document can never drift from what is enforced.
// Tests read ROUTES to build the role-by-tenant matrix.
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { type z, type ZodType } from 'zod';
import { can, type Permission } from '../../domain/identity/roles.ts';
import { ApiError, forbidden, notFound, unauthenticated, validationError } from '../errors.ts';
import type { TokenScope } from '../../domain/identity/token-scopes.ts';
import { cutOff } from '../multipart.ts';
import type { AuthState } from '../auth/sessions.ts';

export type Access = 'public' | 'authenticated' | { permission: Permission };

/**
 * Which organisation a signed-in route works in (the tenant middleware of ARCHITECTURE.md):
 * - `{ organisation: 'The case' }`: the user's organisation; the handler gets its `orgId`.
 *   A user without one (Clientnote staff) is answered 404 "The case was not found".
 * - `'any'`: the user's organisation, or `orgId` null for Clientnote staff (holds, screening).
 * - `'none'`: no organisation's data: the user's own account, or Clientnote's own work
 *   (data-subject requests, the codec, the outbox); the handler gets no `orgId`.
 */
export type Tenant = { organisation: string } | 'any' | 'none';

interface Parsed<B extends ZodType, Q extends ZodType, P extends ZodType> { body: z.output<B>; query: z.output<Q>; params: z.output<P> }

/**
 * What a handler receives: signed-in routes their (never missing) auth and the orgId their
 * tenant gives; public routes only the signed-in user if there happens to be one.
 */
export type HandlerInput<A extends Access, T extends Tenant, B extends ZodType, Q extends ZodType, P extends ZodType> = A extends 'public'
  ? Parsed<B, Q, P> & { auth?: AuthState | undefined }
  : T extends { organisation: string } ? Parsed<B, Q, P> & { auth: AuthState; orgId: string }
  : T extends 'any' ? Parsed<B, Q, P> & { auth: AuthState; orgId: string | null }
  : Parsed<B, Q, P> & { auth: AuthState };

export type RouteSpec<B extends ZodType, Q extends ZodType, P extends ZodType, A extends Access = Access, T extends Tenant = Tenant> = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Koa path below /api/v1, e.g. /cases/:id */
  path: string;
  summary: string;
  tag: string;
  access: A;
  /**
   * The scope an API token needs to reach this route. Without one the route is for
   * people only: a Bearer request is answered 403 (people, roles, security settings,
   * invitations, tokens and the user's own account are never reachable by token).
   */
  token?: TokenScope;
  /** The route is rate-limited: it may answer 429 rate_limited with Retry-After (documented in OpenAPI). */
  throttled?: true;
  body?: B;
  /** A multipart/form-data body, read by the handler itself (documented in OpenAPI, not parsed here). */
  multipart?: ZodType;
  query?: Q;
  params?: P;
  /** `contentType` when the body is not JSON (a PDF: `application/pdf` with a binary string schema). */
  responses: Record<number, { description: string; schema?: ZodType; contentType?: string }>;
  handler: (ctx: Context, input: HandlerInput<A, T, B, Q, P>) => Promise<void>;
} & (A extends 'public' ? { tenant?: never } : { tenant: T });

// The list every router, the OpenAPI document and the access tests read.
export type AnyRoute = {
  [K in keyof RouteSpec<any, any, any>]: K extends 'handler' ? (ctx: Context, input: any) => Promise<void> : RouteSpec<any, any, any>[K];
} & { tenant?: Tenant };

export function defineRoute<
  B extends ZodType = ZodType<undefined>, Q extends ZodType = ZodType<undefined>, P extends ZodType = ZodType<undefined>,
  const A extends Access = Access, const T extends Tenant = Tenant,
>(spec: RouteSpec<B, Q, P, A, T>): AnyRoute {
  return spec as unknown as AnyRoute;
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where === 'body' ? [] : [where]);
  return result.data;
}

/** The organisation a signed-in request works in, by the route's tenant (see Tenant). */
function organisationOf(ctx: Context, route: AnyRoute, auth: AuthState): { orgId?: string | null } {
  const tenant = route.tenant;
  if (tenant === undefined || tenant === 'none') return {};
  if (tenant === 'any') return { orgId: auth.user.orgId };
  if (!auth.user.orgId) {
    // An upload's body is not read when the request is refused before it.
    if (route.multipart) cutOff(ctx);
    throw notFound(tenant.organisation);
  }
  return { orgId: auth.user.orgId };
}

/** A Bearer request reaches only routes that name a scope the token has. */
function tokenMayReach(route: AnyRoute, auth: AuthState): void {
  if (!route.token) throw new ApiError(403, 'forbidden', 'API tokens cannot do this; a person must log in');
  if (!auth.tokenScopes?.includes(route.token)) throw new ApiError(403, 'forbidden', `This API token lacks the scope ${route.token}`);
}

export function mountRoutes(router: Router, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const auth = ctx.state.auth as AuthState | undefined;
      const signedIn = route.access !== 'public';
      if (signedIn) {
        if (!auth) throw unauthenticated();
        if (auth.tokenId) tokenMayReach(route, auth);
        if (typeof route.access === 'object' && !can(auth.user.roles, route.access.permission)) throw forbidden();
      }
      const parsed = {
        body: parse(route.body, (ctx.request as { body?: unknown }).body ?? {}, 'body'),
        query: parse(route.query, ctx.query, 'query'),
        params: parse(route.params, ctx.params, 'params'),
        auth,
      };
      await route.handler(ctx, signedIn && auth ? { ...parsed, ...organisationOf(ctx, route, auth) } : parsed);
    });
  }
}
