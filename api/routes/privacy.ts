// The public privacy centre's API (no login): submit a data-subject request,
// confirm the e-mailed code, read the status page, fetch an access export. The
// answer never depends on whether Clientnote holds data about the person and
// never names a customer organisation. Codes go out through the platform mailer. Abuse limits: per IP (in this process),
// per address (in Postgres, across processes), per request (code attempts,
// expiry, resend cooldown). Codes and status tokens are stored only as hashes.
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { tokenHash } from '../../db/sha256.ts';
import { z } from 'zod';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from 'koa';
import { defineRoute } from './define.ts';
import { ApiError, notFound, unavailable } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { clientIp } from '../auth/client-ip.ts';
import { createDsrRepository, type DsrRecord } from '../../db/repositories/dsr.ts';
import {
  dsrOutcomeSchema, dsrRightSchema, normaliseEmail, publicRequestSchema, publicStatus, verificationCodeSchema,
} from '../../domain/dsr/request.ts';
import { daysLeft, responseDeadline, copenhagenDate, formatLocalDate } from '../../domain/dsr/deadline.ts';
import { DEFAULT_DSR_TIMING } from '../../domain/dsr/dsr-workflow.ts';
import { sendExport } from '../export-download.ts';
import { dsrEmailKey } from '../dsr-email-key.ts';

export const CODE_LIFETIME_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 3;
export const RESEND_COOLDOWN_MS = 60_000;
export const CODES_PER_ADDRESS_PER_DAY = 5;
export const REQUESTS_PER_ADDRESS_PER_DAY = 3;
const DAY_MS = 86_400_000;

export interface PrivacyLimits {
  /** New requests per IP per hour. */
  requestsPerIpPerHour: number;
  /** Verify, resend, status and export calls per IP per 10 minutes. */
  readsPerIpPer10Min: number;
}
export const DEFAULT_PRIVACY_LIMITS: PrivacyLimits = { requestsPerIpPerHour: 30, readsPerIpPer10Min: 300 };

const statusTokenSchema = z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not a valid status link');
const idParams = z.object({ id: z.uuid('not a valid request id') });

const accepted = z.object({ requestId: z.uuid(), statusToken: z.string() });
const statusBody = z.object({
  requestId: z.uuid(),
  status: z.enum(['awaiting_verification', 'in_progress', 'awaiting_info', 'closed']),
  rights: z.array(dsrRightSchema),
  receivedOn: z.string(),
  dueDate: z.string(),
  daysLeft: z.number().int(),
  extended: z.boolean(),
  verified: z.boolean(),
  outcome: dsrOutcomeSchema.nullable(),
  resendAvailableAt: z.string().nullable(),
  exportAvailable: z.boolean(),
});

function rateLimited(message: string, msBeforeNext: number): ApiError {
  return new ApiError(429, 'rate_limited', message, undefined, { headers: { 'retry-after': String(Math.max(1, Math.ceil(msBeforeNext / 1000))) } });
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited('Too many requests from your network. Try again later.', error.msBeforeNext);
    throw error;
  }
}

export function privacyRoutes(deps: ApiDeps, options: { limits?: Partial<PrivacyLimits> } = {}) {
  const requests = createDsrRepository(deps.knex);
  const limits = { ...DEFAULT_PRIVACY_LIMITS, ...options.limits };
  const now = deps.now ?? (() => new Date());
  const creations = new RateLimiterMemory({ keyPrefix: 'dsr-create', points: limits.requestsPerIpPerHour, duration: 3600 });
  const reads = new RateLimiterMemory({ keyPrefix: 'dsr-read', points: limits.readsPerIpPer10Min, duration: 600 });

  // Keyed hashes: a leaked table neither reveals the addresses nor lets anyone test a 6-digit code offline.
  const keyed = (purpose: string, value: string) => createHmac('sha256', deps.config.secret).update(`${purpose}\0${value}`).digest();
  const emailKey = (email: string) => dsrEmailKey(deps.config.secret, email);
  const codeHash = (requestId: string, code: string) => keyed('dsr-code', `${requestId}:${code}`);
  const statusUrl = (id: string, token: string, locale: string) => `${deps.config.publicUrl}/privacy/requests/${id}?token=${encodeURIComponent(token)}&lang=${locale}`;

  /** A found request for the holder of its token; any other token (or id) is the same 404. */
  async function forRequester(id: string, token: string) {
    const found = await requests.getForRequester(id, tokenHash(token));
    if (!found) throw notFound('The request');
    return found;
  }

  async function sendCode(ctx: Context, request: { id: string }, token: string, to: { email: string; name: string }, locale: 'da' | 'en') {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const sentAt = now();
    await requests.setCode(request.id, codeHash(request.id, code), new Date(sentAt.getTime() + CODE_LIFETIME_MS), sentAt);
    const outcome = await deps.mailer.send({
      template: 'dsr_verification_code', locale, to: { email: to.email, name: to.name }, orgId: null,
      businessKey: `dsr-code:${request.id}:${sentAt.toISOString()}`,
      data: { code, minutes: CODE_LIFETIME_MS / 60_000, url: statusUrl(request.id, token, locale) },
    });
    // The request stands either way; the status page offers a new code once the cooldown has passed.
    if (outcome === 'failed') ctx.state.logger?.warn({ requestId: request.id }, 'verification code mail failed');
  }

  function statusView(r: DsrRecord & { codeLastSentAt: Date | null }, exportAvailable: boolean): z.infer<typeof statusBody> {
    const at = now();
    const resendAt = publicStatus(r.status) === 'awaiting_verification' && !r.verifiedAt && r.codeLastSentAt ? new Date(r.codeLastSentAt.getTime() + RESEND_COOLDOWN_MS) : null;
    return {
      requestId: r.id,
      // Verified but not yet recorded by the workflow: the requester already sees it moving.
      status: r.verifiedAt && publicStatus(r.status) === 'awaiting_verification' ? 'in_progress' : publicStatus(r.status),
      rights: r.rights,
      receivedOn: formatLocalDate(copenhagenDate(new Date(r.receivedAt))),
      dueDate: formatLocalDate(copenhagenDate(new Date(r.dueAt))),
      daysLeft: daysLeft(new Date(r.dueAt), at),
      extended: r.extended,
      verified: r.verifiedAt !== null,
      // Outcomes say what happened to the request, never what was found or where.
      outcome: r.status === 'closed' ? r.outcome : null,
      resendAvailableAt: resendAt ? resendAt.toISOString() : null,
      exportAvailable,
    };
  }

  const ipOf = (ctx: Context) => clientIp(ctx) || 'unknown';

  return [
    defineRoute({
      method: 'post', path: '/privacy/requests', throttled: true, summary: 'Submit a data-subject request (public)', tag: 'privacy', access: 'public',
      body: publicRequestSchema,
      responses: {
        202: { description: 'Received; a code is on its way. The same answer whether or not any data exists.', schema: accepted },
        429: { description: 'Too many requests from this network or for this address' },
        503: { description: 'The workflow service is unavailable; nothing was stored' },
      },
      handler: async (ctx, { body, auth }) => {
        await consume(creations, ipOf(ctx));
        const key = emailKey(body.email);
        const receivedAt = now();
        const due = responseDeadline(receivedAt);
        const id = randomUUID();
        const token = randomBytes(32).toString('base64url');
        const created = await requests.createWithinLimit({
          id, rights: body.rights, relationship: body.relationship, locale: body.locale, name: body.name, email: body.email,
          emailKey: key, description: body.description, receivedAt, dueAt: due.dueAt, statusTokenHash: tokenHash(token),
        }, REQUESTS_PER_ADDRESS_PER_DAY, new Date(receivedAt.getTime() - DAY_MS));
        // Duplicates for one address are not stored again: the open request's code still works.
        if (!created) throw rateLimited('Several requests for this e-mail address arrived today. Use the code we sent, or try again tomorrow.', DAY_MS);
        try {
          await deps.workflows.dsr.start({ requestId: id, receivedAt: receivedAt.toISOString(), dueAt: due.dueAt.toISOString(), timing: DEFAULT_DSR_TIMING });
        } catch (error) {
          await requests.remove(id);
          ctx.state.logger?.error({ err: error, requestId: id }, 'could not start the data-subject request workflow');
          throw unavailable('The service is unavailable; your request was not stored. Try again shortly.');
        }
        // A logged-in user asking about their own account has proved who they are: no code.
        if (auth && normaliseEmail(auth.user.email) === body.email) {
          await requests.markVerified(id, now());
          await deps.workflows.dsr.codeVerified(id);
        } else {
          await sendCode(ctx, created, token, { email: body.email, name: body.name }, body.locale);
        }
        ctx.status = 202;
        ctx.body = { requestId: id, statusToken: token };
      },
    }),
    defineRoute({
      method: 'post', path: '/privacy/requests/:id/verify', throttled: true, summary: 'Confirm the e-mailed 6-digit code (public)', tag: 'privacy', access: 'public',
      params: idParams,
      body: z.object({ statusToken: statusTokenSchema, code: verificationCodeSchema }).strict(),
      responses: {
        200: { description: 'Verified', schema: statusBody },
        400: { description: 'Wrong or expired code' },
        404: { description: 'No such request for this status link' },
        409: { description: 'Already verified or closed' },
        429: { description: 'No attempts left: ask for a new code' },
      },
      handler: async (ctx, { params, body }) => {
        await consume(reads, ipOf(ctx));
        const request = await forRequester(params.id, body.statusToken);
        if (request.verifiedAt || (request.status !== 'awaiting_verification' && request.status !== 'received')) {
          throw new ApiError(409, 'conflict', request.verifiedAt ? 'The request is already verified' : 'The request is closed');
        }
        const attempt = await requests.takeAttempt(request.id, CODE_ATTEMPTS);
        if (!attempt) {
          const wait = request.codeLastSentAt ? request.codeLastSentAt.getTime() + RESEND_COOLDOWN_MS - now().getTime() : 0;
          throw rateLimited('No attempts are left for this code. Ask for a new code.', Math.max(wait, 1000));
        }
        const expected = codeHash(request.id, body.code);
        const right = attempt.codeHash.length === expected.length && timingSafeEqual(attempt.codeHash, expected);
        if (attempt.codeExpiresAt.getTime() < now().getTime()) {
          throw new ApiError(400, 'validation_failed', 'The code has expired. Ask for a new code.', [{ path: 'code', message: 'expired' }]);
        }
        if (!right) {
          const left = CODE_ATTEMPTS - attempt.attempt;
          throw new ApiError(400, 'validation_failed', 'The code is not correct', [{ path: 'code', message: `not correct; ${left} attempt${left === 1 ? '' : 's'} left` }]);
        }
        await requests.markVerified(request.id, now());
        await deps.workflows.dsr.codeVerified(request.id);
        ctx.body = statusView(await forRequester(params.id, body.statusToken), false);
      },
    }),
    defineRoute({
      method: 'post', path: '/privacy/requests/:id/resend', throttled: true, summary: 'Send a new code (public; once a minute, 5 a day per address)', tag: 'privacy', access: 'public',
      params: idParams,
      body: z.object({ statusToken: statusTokenSchema }).strict(),
      responses: { 202: { description: 'A new code is on its way' }, 404: { description: 'No such request for this status link' }, 409: { description: 'Already verified or closed' }, 429: { description: 'Too soon' } },
      handler: async (ctx, { params, body }) => {
        await consume(reads, ipOf(ctx));
        const request = await forRequester(params.id, body.statusToken);
        if (request.verifiedAt || (request.status !== 'awaiting_verification' && request.status !== 'received')) throw new ApiError(409, 'conflict', 'The request no longer needs a code');
        const at = now().getTime();
        if (request.codeLastSentAt && at - request.codeLastSentAt.getTime() < RESEND_COOLDOWN_MS) {
          throw rateLimited('A code was sent less than a minute ago.', request.codeLastSentAt.getTime() + RESEND_COOLDOWN_MS - at);
        }
        if ((await requests.codesSentSince(request.emailKey, new Date(at - DAY_MS))) >= CODES_PER_ADDRESS_PER_DAY) {
          throw rateLimited('Five codes were sent to this address today. Try again tomorrow.', DAY_MS);
        }
        const requester = (await requests.requester(request.id))!;
        await sendCode(ctx, request, body.statusToken, requester, requester.locale);
        ctx.status = 202;
        ctx.body = { sent: true };
      },
    }),
    defineRoute({
      method: 'get', path: '/privacy/requests/:id', throttled: true, summary: 'The status page of a request (public, with its status token)', tag: 'privacy', access: 'public',
      params: idParams,
      query: z.object({ statusToken: statusTokenSchema }),
      responses: { 200: { description: 'Where the request stands', schema: statusBody }, 404: { description: 'No such request for this status link' } },
      handler: async (ctx, { params, query }) => {
        await consume(reads, ipOf(ctx));
        const request = await forRequester(params.id, query.statusToken);
        ctx.set('cache-control', 'no-store');
        ctx.body = statusView(request, (await requests.getExport(request.id, now())) !== null);
      },
    }),
    defineRoute({
      method: 'get', path: '/privacy/requests/:id/export', throttled: true, summary: 'Download the access export: a zip of JSON and formula-safe CSV, or the JSON alone (public, with its status token, until it expires)', tag: 'privacy', access: 'public',
      params: idParams,
      query: z.object({ statusToken: statusTokenSchema, format: z.enum(['zip', 'json']).default('zip') }),
      responses: { 200: { description: 'The export (application/zip, or JSON with format=json)' }, 404: { description: 'No export for this status link, or it expired' } },
      handler: async (ctx, { params, query }) => {
        await consume(reads, ipOf(ctx));
        const request = await forRequester(params.id, query.statusToken);
        const content = (await requests.getExport(request.id, now())) as { tables?: Record<string, Record<string, unknown>[]> } | null;
        if (content === null) throw notFound('The export');
        sendExport(ctx, { baseName: `clientnote-export-${request.id}`, format: query.format, content, tables: content.tables ?? {} });
      },
    }),
  ];
}
