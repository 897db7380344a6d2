// GET /health: 200 when Postgres and Temporal answer, 503 (degraded) otherwise.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import type { ApiDeps } from '../deps.ts';
import { databaseAnswers } from '../../db/knex.ts';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'down']), temporal: z.enum(['ok', 'down']) });

export function healthRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get', path: '/health', summary: 'Platform health', tag: 'platform', access: 'public',
      responses: { 200: { description: 'All dependencies answer', schema: healthSchema }, 503: { description: 'A dependency is down', schema: healthSchema } },
      handler: async (ctx) => {
        const [db, temporal] = await Promise.all([
          databaseAnswers(deps.knex, 2000).then((ok) => (ok ? 'ok' as const : 'down' as const)),
          deps.workflows.healthy().then((ok) => (ok ? 'ok' as const : 'down' as const)),
        ]);
        const status = db === 'ok' && temporal === 'ok' ? 'ok' : 'degraded';
        ctx.status = status === 'ok' ? 200 : 503;
        ctx.body = { status, db, temporal };
      },
    }),
  ];
}
