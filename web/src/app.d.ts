// Types SvelteKit shares between hooks, load functions and pages.
import type { SessionUser } from '#lib/api-types.js';
import type { Locale } from '#lib/paraglide/runtime.js';

declare global {
	namespace App {
		interface Error {
			status: number;
			message: string;
			/** The request id to quote to support; the same id is in the API's log lines. */
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			locale: Locale;
			/** The logged-in user, resolved once per request in hooks.server.ts. */
			user: SessionUser | null;
			/** CSRF token of the session, sent as x-csrf-token on every change the server makes for the user. */
			csrfToken: string | null;
			/** True when the session could not be checked because the API did not answer. */
			sessionUnavailable: boolean;
		}
	}
}

export {};
