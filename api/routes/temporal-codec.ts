// The remote codec endpoint for the Temporal Web UI: platform admins see decoded
// payloads in the UI; everyone else sees ciphertext. Speaks Temporal's codec
// server protocol (JSON payloads with base64 fields). The UI calls it from its
// own origin, so CORS allows exactly that origin, with credentials.
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { defineRoute } from './define.ts';
import { EncryptionCodec } from '../../temporal/codec.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

export const CODEC_PATH_PREFIX = '/api/v1/temporal-codec/';

const wirePayload = z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() });
const wireBody = z.object({ payloads: z.array(wirePayload).max(1000) });
type WirePayload = z.infer<typeof wirePayload>;

const fromWire = (p: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** CORS for the Temporal Web UI's origin(s) on the codec paths only. */
export function codecCors(allowedOrigins: readonly string[]): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(CODEC_PATH_PREFIX)) return next();
    const origin = ctx.get('origin');
    if (origin && allowedOrigins.includes(origin)) {
      ctx.set('access-control-allow-origin', origin);
      ctx.set('access-control-allow-credentials', 'true');
      ctx.set('access-control-allow-headers', 'content-type, x-namespace');
      ctx.set('access-control-allow-methods', 'POST, OPTIONS');
      ctx.set('vary', 'origin');
    }
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    await next();
  };
}

export function temporalCodecRoutes(deps: ApiDeps) {
  const codec = new EncryptionCodec(deps.config.codecKeys);
  const route = (operation: 'encode' | 'decode') =>
    defineRoute({
      method: 'post', path: `/temporal-codec/${operation}`, summary: `Temporal remote codec: ${operation} payloads (platform admins)`, tag: 'platform',
      access: { permission: 'temporal.codec' }, tenant: 'none',
      body: wireBody,
      responses: { 200: { description: `The ${operation}d payloads`, schema: wireBody }, 403: { description: 'Not a platform admin' } },
      handler: async (ctx, { body }) => {
        const namespace = ctx.get('x-namespace');
        if (namespace && namespace !== deps.config.temporal.namespace) throw new ApiError(400, 'validation_failed', 'Unknown namespace', [{ path: 'x-namespace', message: 'not served here' }]);
        try {
          const payloads = await codec[operation](body.payloads.map(fromWire));
          ctx.body = { payloads: payloads.map(toWire) };
        } catch (error) {
          throw new ApiError(400, 'validation_failed', 'A payload could not be decoded', [{ path: 'payloads', message: (error as Error).name }], { cause: error });
        }
      },
    });
  return [route('encode'), route('decode')];
}
