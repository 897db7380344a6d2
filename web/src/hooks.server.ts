// Every page request passes here once: a request id, the UI language, security
// headers, and the session resolved into event.locals.user by asking the API.
import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { sequence, type Handle, type HandleFetch, type HandleServerError } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { api, apiFetch, loginUrl } from '#lib/server/api.js';

const SESSION_COOKIE = 'cn_session';
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const requestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id') ?? '';
	event.locals.requestId = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
	event.locals.user = null;
	event.locals.csrfToken = null;
	event.locals.sessionUnavailable = false;
	const response = await resolve(event);
	trySetHeader(response, 'x-request-id', event.locals.requestId);
	return response;
};

/** Cookie cn_locale, else Accept-Language, else Danish (strategy in vite.config.ts). */
const locale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ locale }) => {
		event.locals.locale = locale;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	trySetHeader(response, 'x-content-type-options', 'nosniff');
	trySetHeader(response, 'referrer-policy', 'same-origin');
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		// Pages show client data: never keep them in shared or browser caches.
		trySetHeader(response, 'cache-control', 'no-store');
		trySetHeader(response, 'vary', 'Cookie, Accept-Language');
	}
	return response;
};

/** Routes under src/routes/(app) need a logged-in user; everything else is public. */
const session: Handle = async ({ event, resolve }) => {
	if (event.cookies.get(SESSION_COOKIE)) {
		const result = await api.session(event);
		if (result.ok) {
			event.locals.user = result.data.user;
			event.locals.csrfToken = result.data.csrfToken;
		} else if (result.status !== 401) {
			event.locals.sessionUnavailable = true;
		}
	}
	const needsLogin = event.route.id?.startsWith('/(app)') ?? false;
	if (needsLogin && !event.locals.user && !event.locals.sessionUnavailable) {
		redirect(303, loginUrl(event.url));
	}
	// The organisation requires TOTP and this user has none yet: the API refuses everything
	// else (401 totp_required), so the profile page, where it is set up, is the only way on.
	if (needsLogin && event.locals.user?.totpSetupRequired && event.url.pathname !== '/profile') {
		redirect(303, '/profile');
	}
	return resolve(event);
};

export const handle: Handle = sequence(requestId, locale, securityHeaders, session);

/** event.fetch('/api/v1/...') in a load function goes to the API over loopback, with the user's cookie. */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin === event.url.origin && url.pathname.startsWith('/api/')) {
		return apiFetch(event, url.pathname + url.search, {
			method: request.method,
			headers: request.headers,
			...(request.body ? { body: await request.arrayBuffer() } : {})
		});
	}
	return fetch(request);
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
	if (kind === 'unknown') {
		// Details go to the log with the request id; the user sees a generic message and the id.
		console.error(
			JSON.stringify({
				level: 'error',
				requestId: event.locals.requestId,
				route: event.route.id,
				err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error)
			})
		);
	}
	return { requestId: event.locals.requestId };
};

function trySetHeader(response: Response, name: string, value: string): void {
	try {
		if (!response.headers.has(name)) response.headers.set(name, value);
	} catch {
		// Immutable headers (a response passed through from fetch): leave them as they are.
	}
}

