// Server-side access to the Clientnote API. Load functions and form actions call
// the API over HTTP on the internal origin (the same Node server, on loopback),
// carrying the user's cookie, the CSRF token of the session and the request id,
// so the API sees the same user and its log lines join the page request's.
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { CLIENTNOTE_FORWARDING_KEY, PORT } from '$app/env/private';
import { CLIENT_ADDRESS_HEADER, signClientAddress } from './client-address.js';
import type {
	ApiErrorBody,
	CaseDetail,
	CaseSummary,
	CaseType,
	Health,
	Page,
	SessionBody
} from '#lib/api-types.js';

/** Long enough for a slow start of a workflow, short enough that a hung API fails the page. */
const API_TIMEOUT_MS = 15_000;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export type ApiFailure = { ok: false; status: number; error: ApiErrorBody['error'] };
export type ApiResult<T> = { ok: true; status: number; data: T; response: Response } | ApiFailure;

export function apiOrigin(): string {
	return `http://127.0.0.1:${PORT}`;
}

/** The part of the incoming request the API needs: who is asking, from where, under which request id. */
function forwardedHeaders(event: RequestEvent, method: string): Headers {
	const headers = new Headers();
	const incoming = event.request.headers;
	const cookie = incoming.get('cookie');
	if (cookie) headers.set('cookie', cookie);
	headers.set('x-request-id', event.locals.requestId);
	headers.set('accept', 'application/json');
	for (const name of ['user-agent', 'accept-language']) {
		const value = incoming.get(name);
		if (value) headers.set(name, value);
	}
	try {
		// The API throttles logins per IP: it must see the browser's address, not loopback,
		// and believes it only signed (a plain x-forwarded-for from loopback is ignored).
		if (CLIENTNOTE_FORWARDING_KEY) {
			headers.set(CLIENT_ADDRESS_HEADER, signClientAddress(CLIENTNOTE_FORWARDING_KEY, event.getClientAddress(), Date.now()));
		}
	} catch {
		// No address known (misconfigured ADDRESS_HEADER): the API falls back to the socket address.
	}
	if (!SAFE_METHODS.has(method) && event.locals.csrfToken) {
		headers.set('x-csrf-token', event.locals.csrfToken);
	}
	return headers;
}

/**
 * Sends one request to the API on the internal origin. `path` is the public path
 * (`/api/v1/...`). Throws only when the API cannot be reached at all.
 */
export async function apiFetch(event: RequestEvent, path: string, init: RequestInit = {}): Promise<Response> {
	if (!path.startsWith('/api/')) throw new Error(`not an API path: ${path}`);
	const method = (init.method ?? 'GET').toUpperCase();
	const headers = forwardedHeaders(event, method);
	new Headers(init.headers).forEach((value, name) => headers.set(name, value));
	return fetch(new URL(path, apiOrigin()), {
		...init,
		method,
		headers,
		redirect: 'manual',
		signal: init.signal ?? AbortSignal.timeout(API_TIMEOUT_MS)
	});
}

function unavailable(event: RequestEvent): ApiFailure {
	return {
		ok: false,
		status: 503,
		error: { code: 'unavailable', message: 'The API did not answer', requestId: event.locals.requestId }
	};
}

/** A JSON request whose answer is either the data or the API's error body. */
export async function apiRequest<T>(
	event: RequestEvent,
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	path: string,
	body?: unknown
): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await apiFetch(event, path, {
			method,
			...(body === undefined
				? {}
				: { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
		});
	} catch {
		return unavailable(event);
	}
	const text = await response.text();
	let parsed: unknown = undefined;
	if (text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
	}
	if (response.ok) {
		return { ok: true, status: response.status, data: parsed as T, response };
	}
	const apiError = (parsed as Partial<ApiErrorBody> | undefined)?.error;
	return {
		ok: false,
		status: response.status,
		error: {
			code: apiError?.code ?? (response.status >= 500 ? 'internal' : 'error'),
			message: apiError?.message ?? response.statusText,
			requestId: apiError?.requestId ?? response.headers.get('x-request-id') ?? event.locals.requestId,
			...(apiError?.fields ? { fields: apiError.fields } : {}),
			...(apiError?.details ? { details: apiError.details } : {})
		}
	};
}

/**
 * The data of a successful answer, or the matching SvelteKit error: 401 sends the
 * user to the login page, 404 and the rest become error pages with the request id.
 */
export function expectOk<T>(event: RequestEvent, result: ApiResult<T>): T {
	if (result.ok) return result.data;
	if (result.status === 401) redirect(303, loginUrl(event.url));
	const status = result.status === 404 || result.status === 403 || result.status === 503 ? result.status : 500;
	error(status, result.error.message, { requestId: result.error.requestId ?? event.locals.requestId });
}

/** `/login?redirectTo=<where the user was>` (only same-site paths are ever followed back). */
export function loginUrl(url: URL): string {
	const target = url.pathname + url.search;
	return target === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(target)}`;
}

/** Passes the API's Set-Cookie headers (the session cookie) on to the browser unchanged. */
export function forwardSetCookies(response: Response, cookies: Cookies): number {
	const all = response.headers.getSetCookie();
	for (const header of all) {
		const { name, value, ...options } = cookies.parse(header);
		cookies.set(name, value ?? '', {
			...options,
			path: options.path ?? '/',
			// Keep the API's attributes exactly; SvelteKit would otherwise add its own defaults.
			httpOnly: options.httpOnly ?? false,
			secure: options.secure ?? false,
			encode: (v: string) => v
		});
	}
	return all.length;
}

export const api = {
	session: (event: RequestEvent) => apiRequest<SessionBody>(event, 'GET', '/api/v1/auth/session'),
	login: (event: RequestEvent, body: { email: string; password: string }) =>
		apiRequest<SessionBody>(event, 'POST', '/api/v1/auth/login', body),
	logout: (event: RequestEvent) => apiRequest<void>(event, 'POST', '/api/v1/auth/logout'),
	/** The platform's health; 503 still carries the body (`degraded`). Null when the API does not answer. */
	health: async (event: RequestEvent): Promise<Health | null> => {
		try {
			const response = await apiFetch(event, '/api/v1/health');
			const body = (await response.json()) as Partial<Health>;
			return body.status === 'ok' || body.status === 'degraded' ? (body as Health) : null;
		} catch {
			return null;
		}
	},
	listCases: (event: RequestEvent, query: { limit?: number; cursor?: string | null } = {}) => {
		const params = new URLSearchParams();
		if (query.limit) params.set('limit', String(query.limit));
		if (query.cursor) params.set('cursor', query.cursor);
		const qs = params.size ? `?${params}` : '';
		return apiRequest<Page<CaseSummary>>(event, 'GET', `/api/v1/cases${qs}`);
	},
	/** A company by CVR number (looked up in the register), or a client entered by hand (a private person). */
	createCase: (
		event: RequestEvent,
		body: { type: CaseType; cvr: string } | { type: CaseType; client: { kind: 'person' | 'company'; name: string; birthDate?: string; country?: string; cvr?: string } }
	) =>
		apiRequest<CaseSummary>(event, 'POST', '/api/v1/cases', body),
	getCase: (event: RequestEvent, id: string) =>
		apiRequest<CaseDetail>(event, 'GET', `/api/v1/cases/${encodeURIComponent(id)}`)
};
