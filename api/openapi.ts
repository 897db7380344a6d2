// GET /api/v1/openapi.json, generated from the route declarations.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AnyRoute } from './routes/define.ts';
import { TOKEN_SCOPES } from '../domain/identity/token-scopes.ts';

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const toOpenApiPath = (path: string): string => '/api/v1' + path.replace(/:(\w+)/g, '{$1}');

type Response = { description: string; content?: Record<string, { schema: z.ZodType }>; headers?: Record<string, { description: string; schema: { type: 'integer' } }> };
const problem = (description: string, extra: Partial<Response> = {}): Response => ({ description, content: { 'application/json': { schema: errorSchema } }, ...extra });

/**
 * The error answers a route gets from its declaration alone: signed-in routes 401 and 403
 * (role, token scope, CSRF), routes with path parameters or an organisation tenant 404,
 * throttled routes 429 with Retry-After, validated input 400.
 */
export function derivedResponses(route: AnyRoute): Record<string, Response> {
  const out: Record<string, Response> = {};
  if (route.body || route.query || route.params) out['400'] = problem('The request is not valid (validation_failed), with the fields at fault');
  if (route.access !== 'public') {
    out['401'] = problem('Not logged in, the session expired, or the API token is not valid (unauthenticated); totp_required when the organisation requires two-factor authentication');
    out['403'] = problem(route.token
      ? `Your role does not allow this, or an API token lacks the scope ${route.token} (forbidden); a cookie request without its x-csrf-token (csrf_failed)`
      : 'Your role does not allow this, or the request came with an API token, which cannot do this (forbidden); a cookie request without its x-csrf-token (csrf_failed)');
  }
  if (route.params || (typeof route.tenant === 'object' && route.tenant !== null)) {
    out['404'] = problem('Not found, or it belongs to another organisation (not_found)');
  }
  if (route.throttled) {
    out['429'] = problem('Too many attempts (rate_limited); wait the number of seconds in Retry-After', {
      headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
    });
  }
  return out;
}

export function buildOpenApiDocument(routes: readonly AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'cn_session' });
  registry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http', scheme: 'bearer',
    description: `An API token (Authorization: Bearer cn_…) reaches only operations that list it here, with the scope named (${TOKEN_SCOPES.join(', ')}); everything else answers it 403. It acts for the administrator who made it, never beyond their current roles.`,
  });
  for (const route of routes) {
    const responses: Record<string, Response> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      // A declared error without its own schema has the error shape; a 200 may name its own content type (a PDF).
      const schema = response.schema ?? (Number(status) >= 400 ? errorSchema : undefined);
      responses[status] = { description: response.description, ...(schema ? { content: { [response.contentType ?? 'application/json']: { schema } } } : {}) };
    }
    // What mountRoutes, the middleware and the throttles answer, derived from the declaration.
    const derived = derivedResponses(route);
    for (const [status, response] of Object.entries(derived)) responses[status] ??= response;
    // A 429 the route describes itself still says how long to wait.
    if (derived['429'] && responses['429']) responses['429'].headers ??= derived['429'].headers;
    registry.registerPath({
      method: route.method,
      path: toOpenApiPath(route.path),
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? {} : { security: [{ session: [] }, ...(route.token ? [{ apiToken: [route.token] }] : [])] }),
      request: {
        ...(route.body ? { body: { content: { 'application/json': { schema: route.body } } } } : {}),
        ...(route.multipart ? { body: { content: { 'multipart/form-data': { schema: route.multipart } } } } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.params ? { params: route.params } : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Clientnote API', version: '1', description: 'KYC/AML cases and data-subject requests. Errors always have the shape of the Error schema.' },
    servers: [{ url: '/' }],
  });
}
