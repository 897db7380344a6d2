// GET /api/v1/openapi.json, generated from the route declarations.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AnyRoute } from './routes/define.ts';

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const toOpenApiPath = (path: string): string => '/api/v1' + path.replace(/:(\w+)/g, '{$1}');

export function buildOpenApiDocument(routes: readonly AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'cn_session' });
  for (const route of routes) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = { description: response.description, ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}) };
    }
    if (route.access !== 'public') responses['401'] ??= { description: 'Not logged in', content: { 'application/json': { schema: errorSchema } } };
    if (route.body || route.query || route.params) responses['400'] ??= { description: 'Validation failed', content: { 'application/json': { schema: errorSchema } } };
    registry.registerPath({
      method: route.method,
      path: toOpenApiPath(route.path),
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? {} : { security: [{ session: [] }] }),
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
