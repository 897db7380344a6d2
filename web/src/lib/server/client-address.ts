// The browser's address for the API. Page requests reach the API over loopback
// from this web app, so the API cannot see the browser; it believes an address
// only when it is signed with the key the two share (CLIENTNOTE_FORWARDING_KEY,
// handed to the web app by the server that loads it). The API checks the same
// format in api/auth/client-ip.ts; test/security.test.ts proves they agree.
import { createHmac } from 'node:crypto';

export const CLIENT_ADDRESS_HEADER = 'x-clientnote-client-address';

/** `<address>;<unix ms>;<base64url HMAC-SHA256 of "<address>;<unix ms>">` */
export function signClientAddress(key: string, address: string, at: number): string {
	const payload = `${address};${at}`;
	return `${payload};${createHmac('sha256', key).update(payload).digest('base64url')}`;
}
