// Errors a caller can cause, and the one middleware that turns every error into
// the shape in API.md. A database that cannot be reached is a 503 with Retry-After,
// wherever it is noticed. Unknown errors become a generic 500 with the request id;
// their details go to the log only.
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { InvalidCursorError } from '../db/repositories/pagination.ts';
import { WorkflowRefusedError } from '../temporal/client/refusal.ts';

export type ErrorCode =
  | 'validation_failed' | 'unauthenticated' | 'totp_required' | 'csrf_failed' | 'forbidden'
  | 'not_found' | 'method_not_allowed' | 'conflict' | 'account_erased' | 'gone' | 'stale_version' | 'payload_too_large' | 'unsupported_media_type'
  | 'rate_limited' | 'unavailable' | 'internal' | 'incomplete' | 'sanctions_match';

export interface FieldError { path: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    options?: { cause?: unknown; headers?: Record<string, string>; details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.headers = options?.headers;
    this.details = options?.details;
  }
  readonly headers: Record<string, string> | undefined;
  /** Machine-readable context (ids and codes), such as a case file's blocking reasons. */
  readonly details: Record<string, unknown> | undefined;
  override name = 'ApiError';
}

export const notFound = (what = 'The resource'): ApiError => new ApiError(404, 'not_found', `${what} was not found`);
export const unauthenticated = (message = 'Log in to continue'): ApiError => new ApiError(401, 'unauthenticated', message);
export const forbidden = (): ApiError => new ApiError(403, 'forbidden', 'Your role does not allow this');
export const unavailable = (message: string): ApiError => new ApiError(503, 'unavailable', message);

export function validationError(error: ZodError, prefix: string[] = []): ApiError {
  const fields = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.') || '(root)',
    message: issue.message,
  }));
  return new ApiError(400, 'validation_failed', 'The request is not valid', fields);
}

interface PgError { code?: string; constraint?: string }

/** Seconds a client is asked to wait (Retry-After) while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_S = 10;
// Socket errors of a connection that could not be made or was lost.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// SQLSTATEs of a server that is there but cannot serve: class 08 (connection exception),
// shutting down or starting up (57P01-57P03), out of connections (53300).
const UNAVAILABLE_SQLSTATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Connection ended unexpectedly)/;

/**
 * Whether the error says the database (or another service we connect to) cannot be
 * reached right now, rather than that the request was wrong: pool timeouts, refused or
 * lost connections, a server shutting down. These are answered 503 with Retry-After.
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { name?: string; code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.test(e.code))) return true;
  if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  // Node reports a failed connection to several addresses (IPv4 and IPv6) as an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(e.cause, depth + 1);
}
interface HttpLikeError { status?: number; statusCode?: number; expose?: boolean; type?: string }

/** Map anything thrown to an ApiError (or null for an unexpected error). */
function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return validationError(error);
  // A workflow's validator said no (wrong state, four-eyes, another report version): always a 409, named by its code.
  if (error instanceof WorkflowRefusedError) {
    const code: ErrorCode = error.code === 'forbidden' ? 'conflict' : error.code;
    const details = error.details && typeof error.details === 'object' ? error.details as Record<string, unknown> : undefined;
    return new ApiError(409, code, error.message, undefined, details ? { details } : {});
  }
  if (error instanceof InvalidCursorError) return new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'cursor', message: error.message }]);
  if (isConnectionError(error)) {
    return new ApiError(503, 'unavailable', 'The service cannot reach its database right now. Try again shortly.', undefined, {
      cause: error, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
    });
  }
  const pg = error as PgError;
  if (pg?.code === '23505') return new ApiError(409, 'conflict', 'This conflicts with an existing record');
  if (pg?.code === '22P02') return notFound();
  const http = error as HttpLikeError;
  const status = http?.status ?? http?.statusCode;
  if (status === 413 || http?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'The request body is too large');
  if (status === 415) return new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  if (status === 400 && (http?.type === 'entity.parse.failed' || error instanceof SyntaxError)) {
    return new ApiError(400, 'validation_failed', 'The request body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }]);
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && http.expose) {
    const code: ErrorCode = status === 404 ? 'not_found' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'validation_failed';
    return new ApiError(status, code, (error as Error).message);
  }
  return null;
}

export function errorMiddleware(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw notFound('The route');
      if (ctx.status === 405 && ctx.body === undefined) throw new ApiError(405, 'method_not_allowed', `${ctx.method} is not allowed here; see the Allow header`);
    } catch (error) {
      const known = toApiError(error);
      const requestId = String(ctx.state.requestId ?? '');
      const logger = ctx.state.logger as Logger | undefined;
      if (known) {
        if (known.status === 503) {
          // Worth an operator's attention; the cause's code and class only (no query text, no values).
          const cause = known.cause as { name?: string; code?: unknown } | undefined;
          logger?.warn({ code: known.code, status: known.status, cause: cause ? { name: cause.name, code: cause.code } : undefined }, 'dependency unavailable');
        } else {
          logger?.info({ code: known.code, status: known.status }, 'request refused');
        }
        ctx.status = known.status;
        for (const [name, value] of Object.entries(known.headers ?? {})) ctx.set(name, value);
        ctx.body = { error: { code: known.code, message: known.message, requestId, ...(known.fields ? { fields: known.fields } : {}), ...(known.details ? { details: known.details } : {}) } };
      } else {
        logger?.error({ err: error }, 'unhandled error');
        ctx.status = 500;
        ctx.body = { error: { code: 'internal', message: 'Something went wrong on our side. Quote the request id when you contact support.', requestId } };
      }
    }
  };
}
