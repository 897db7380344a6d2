// Environment variables the web app reads (SvelteKit 3 explicit env: imported
// from $app/env/private in server code). The API runs in the same process tree
// on the same port, so PORT is all the web needs to reach it.
import { defineEnvVars } from '@sveltejs/kit/env';

export const variables = defineEnvVars({
	PORT: {
		description: 'Port of the Clientnote server; server-side API calls go to http://127.0.0.1:PORT',
		schema: (value: string | undefined): number => {
			if (value === undefined || value === '') return 3000;
			const port = Number(value);
			if (!Number.isInteger(port) || port < 1 || port > 65535) {
				throw new Error(`PORT must be an integer between 1 and 65535, got ${JSON.stringify(value)}`);
			}
			return port;
		}
	},
	CLIENTNOTE_FORWARDING_KEY: {
		description:
			"Signs the browser's address for the API (set by the Clientnote server when it loads the web app; see api/auth/client-ip.ts). Unset: no address is passed and the API sees loopback",
		schema: (value: string | undefined): string => value ?? ''
	}
});
