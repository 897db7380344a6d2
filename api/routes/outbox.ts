// The development mail sink's outbox (platform admins only): what Clientnote
// "sent" in the last 24 hours, newest first. Not mounted when there is no sink
// (SMTP_URL set, and always in production).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import type { ApiDeps } from '../deps.ts';

const messageView = z.object({ id: z.string(), to: z.array(z.string()), subject: z.string(), text: z.string(), receivedAt: z.string() });

export function outboxRoutes(deps: ApiDeps) {
  const sink = deps.devMailSink;
  if (!sink || deps.config.env === 'production') return [];
  return [
    defineRoute({
      method: 'get', path: '/dev/outbox', summary: 'Development mode: mail caught by the local sink (24 hours)', tag: 'dev', access: { permission: 'dev.outbox' }, tenant: 'none',
      responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(messageView), nextCursor: z.null() }) } },
      handler: async (ctx) => {
        // An erased person's mail is gone from the outbox the moment the erasure is (the sink also purges on a timer).
        await sink.purgeErased();
        ctx.body = {
          items: sink.messages().map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, receivedAt: m.receivedAt.toISOString() })),
          nextCursor: null,
        };
      },
    }),
  ];
}
