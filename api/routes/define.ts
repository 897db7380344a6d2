// A route is declared once: method, path, access rule and zod schemas. The same
// declaration registers the Koa handler (which validates with those schemas)
// and the OpenAPI path, so the document can never drift from what is enforced.
// Tests read ROUTES to build the role-by-tenant matrix.
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { type z, type ZodType } from 'zod';
import { can, type Permission } from '../../domain/identity/roles.ts';
import { forbidden, unauthenticated, validationError } from '../errors.ts';
import type { AuthState } from '../auth/sessions.ts';

export type Access = 'public' | 'authenticated' | { permission: Permission };

export interface RouteSpec<B extends ZodType, Q extends ZodType, P extends ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Koa path below /api/v1, e.g. /cases/:id */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  /** A multipart/form-data body, read by the handler itself (documented in OpenAPI, not parsed here). */
  multipart?: ZodType;
  query?: Q;
  params?: P;
  responses: Record<number, { description: string; schema?: ZodType }>;
  handler: (ctx: Context, input: { body: z.output<B>; query: z.output<Q>; params: z.output<P>; auth: AuthState | undefined }) => Promise<void>;
}

// The list every router, the OpenAPI document and the access tests read.
export type AnyRoute = RouteSpec<any, any, any>;

export function defineRoute<B extends ZodType = ZodType<undefined>, Q extends ZodType = ZodType<undefined>, P extends ZodType = ZodType<undefined>>(
  spec: RouteSpec<B, Q, P>,
): AnyRoute {
  return spec as AnyRoute;
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where === 'body' ? [] : [where]);
  return result.data;
}

export function mountRoutes(router: Router, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const auth = ctx.state.auth as AuthState | undefined;
      if (route.access !== 'public') {
        if (!auth) throw unauthenticated();
        if (typeof route.access === 'object' && !can(auth.user.roles, route.access.permission)) throw forbidden();
      }
      const input = {
        body: parse(route.body, (ctx.request as { body?: unknown }).body ?? {}, 'body'),
        query: parse(route.query, ctx.query, 'query'),
        params: parse(route.params, ctx.params, 'params'),
        auth,
      };
      await route.handler(ctx, input);
    });
  }
}
