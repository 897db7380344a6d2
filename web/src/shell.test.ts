// The built web app (web/build/handler.js) over real HTTP, with a stand-in for the API
// on the same origin: how it talks to the API (cookie, CSRF token, request id, client
// address), the locale rules, the login flow without JavaScript, and the error pages.
// The real API and a real browser are exercised by test/web.browser.test.ts.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const HANDLER = fileURLToPath(new URL('../build/handler.js', import.meta.url));
const USER = {
	id: '5d0c1e8e-2f55-4d5e-9f8a-0d8f3f3b9d11',
	email: 'handler@demo.test',
	name: 'Hanne Handler',
	orgId: '0b8f7d9a-5a3c-4a8e-9d1e-6a2b3c4d5e6f',
	roles: ['handler'],
	locale: 'da'
};
const CASE_ID = '7f3e2d1c-0b9a-4877-8665-544332211000';
const TOKEN = 'session-token-1';
const CSRF = 'csrf-token-1';
const FORWARDING_KEY = 'shell-test-forwarding-key-0123456789abcdef';

type Seen = { method: string; path: string; headers: IncomingMessage['headers']; body: string };
const seen: Seen[] = [];
let server: Server;
let base = '';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

/** The API as API.md describes it, reduced to what the shell uses. */
async function fakeApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
	let body = '';
	for await (const chunk of req) body += chunk;
	const url = new URL(req.url ?? '/', 'http://api');
	seen.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
	const loggedIn = (req.headers.cookie ?? '').includes(`cn_session=${TOKEN}`);
	const error = (status: number, code: string, extra: object = {}) =>
		json(res, status, { error: { code, message: code, requestId: 'api-request-id', ...extra } });

	if (url.pathname === '/api/v1/health') return json(res, 200, { status: 'ok', db: 'ok', temporal: 'ok' });
	if (url.pathname === '/api/v1/auth/login') {
		const { email, password } = JSON.parse(body) as { email: string; password: string };
		if (email !== USER.email || password !== 'clientnote-demo') return error(401, 'unauthenticated');
		return json(res, 200, { user: USER, csrfToken: CSRF }, {
			'set-cookie': `cn_session=${TOKEN}; path=/; expires=Wed, 01 Jan 2100 00:00:00 GMT; samesite=lax; httponly`
		});
	}
	if (!loggedIn) return error(401, 'unauthenticated');
	if (req.method !== 'GET' && req.headers['x-csrf-token'] !== CSRF) return error(403, 'csrf_failed');
	if (url.pathname === '/api/v1/auth/session') return json(res, 200, { user: USER, csrfToken: CSRF });
	if (url.pathname === '/api/v1/cases' && req.method === 'GET') return json(res, 200, { items: [], nextCursor: null });
	if (url.pathname === '/api/v1/cases' && req.method === 'POST') {
		const input = JSON.parse(body) as { cvr: string; type: string };
		if (input.cvr === '12345675') return error(400, 'validation_failed', { fields: [{ path: 'cvr', message: 'modulus 11' }] });
		return json(res, 201, { id: CASE_ID, type: input.type, status: 'open', step: 'data_collection', client: { kind: 'company', name: null, cvr: input.cvr }, dueAt: null, createdAt: new Date().toISOString() });
	}
	return error(404, 'not_found');
}

async function request(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	if (init.cookie) headers.set('cookie', init.cookie);
	// A browser's form post: HTML back (without it SvelteKit answers actions with JSON).
	if (!headers.has('accept')) headers.set('accept', 'text/html');
	if (init.method === 'POST') headers.set('origin', base);
	return fetch(base + path, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
}

function form(fields: Record<string, string>): RequestInit {
	return { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

const lang = (html: string) => /<html lang="([a-z]+)"/.exec(html)?.[1];
const loggedIn = `cn_session=${TOKEN}`;

test.before(async () => {
	server = createServer((req, res) => {
		if (req.url?.startsWith('/api/')) {
			fakeApi(req, res).catch((err: unknown) => json(res, 500, { error: { code: 'internal', message: String(err) } }));
			return;
		}
		// What the Clientnote server does for adapter-node: say which protocol this socket speaks.
		req.headers['x-forwarded-proto'] = 'http';
		handler(req, res, () => {
			res.statusCode = 404;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	base = `http://127.0.0.1:${port}`;
	// The handler reads its environment when it loads: the API is on this very server.
	process.env.PORT = String(port);
	process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
	process.env.CLIENTNOTE_FORWARDING_KEY = FORWARDING_KEY;
	({ handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: typeof handler });
});

test.after(async () => {
	await new Promise<void>((resolve) => server?.close(() => resolve()));
});

let handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

test('an app page sends a visitor without a session to the login page, keeping where they were', async () => {
	const response = await request('/cases?cursor=x');
	assert.is(response.status, 303);
	assert.is(response.headers.get('location'), '/login?redirectTo=%2Fcases%3Fcursor%3Dx');
});

test('the language: cookie cn_locale, else Accept-Language, else Danish', async () => {
	assert.is(lang(await (await request('/login')).text()), 'da');
	assert.is(lang(await (await request('/login', { headers: { 'accept-language': 'en-GB,en;q=0.8' } })).text()), 'en');
	assert.is(lang(await (await request('/login', { headers: { 'accept-language': 'de, da;q=0.5, en;q=0.3' } })).text()), 'da');
	assert.is(lang(await (await request('/login', { cookie: 'cn_locale=en', headers: { 'accept-language': 'da' } })).text()), 'en');
	assert.is(lang(await (await request('/login', { cookie: 'cn_locale=fr', headers: { 'accept-language': 'en' } })).text()), 'en');
});

test('the language switch sets the cookie and goes back, never to another site', async () => {
	const switched = await request('/locale', form({ locale: 'en', redirectTo: '/cases?cursor=2' }));
	assert.is(switched.status, 303);
	assert.is(switched.headers.get('location'), '/cases?cursor=2');
	assert.match(switched.headers.get('set-cookie') ?? '', /^cn_locale=en;.*Path=\//i);
	for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
		const response = await request('/locale', form({ locale: 'da', redirectTo: target }));
		assert.is(response.headers.get('location'), '/', target);
	}
	const unknown = await request('/locale', form({ locale: 'xx', redirectTo: '/' }));
	assert.is(unknown.headers.get('set-cookie'), null, 'an unknown language is not stored');
});

test('a wrong password: one generic message, the e-mail kept, no cookie', async () => {
	const response = await request('/login', form({ email: 'handler@demo.test', password: 'nope', redirectTo: '/' }));
	assert.is(response.status, 401);
	const html = await response.text();
	assert.match(html, /data-testid="login-error"[^>]*data-problem="failed"/);
	assert.match(html, /value="handler@demo.test"/);
	assert.is(response.headers.get('set-cookie'), null);
});

test('a right password: the API session cookie reaches the browser unchanged, then back to the page', async () => {
	const response = await request('/login', form({ email: 'handler@demo.test', password: 'clientnote-demo', redirectTo: '/cases' }));
	assert.is(response.status, 303);
	assert.is(response.headers.get('location'), '/cases');
	const cookie = response.headers.get('set-cookie') ?? '';
	assert.match(cookie, new RegExp(`^cn_session=${TOKEN};`));
	assert.match(cookie, /HttpOnly/i);
	assert.match(cookie, /SameSite=Lax/i);
	assert.not.match(cookie, /Secure/i, 'no Secure flag the API did not set');
});

test('server-side API calls carry the cookie, the request id and the client address, signed', async () => {
	seen.length = 0;
	const response = await request('/', { cookie: loggedIn, headers: { 'x-request-id': 'page-request-0001' } });
	assert.is(response.status, 200);
	assert.is(response.headers.get('x-request-id'), 'page-request-0001');
	const html = await response.text();
	assert.match(html, /data-testid="nav-cases"/);
	assert.ok(seen.length >= 3, 'session, health and cases were asked for');
	for (const call of seen) {
		assert.is(call.headers.cookie, loggedIn, call.path);
		assert.is(call.headers['x-request-id'], 'page-request-0001', call.path);
		assert.is(call.headers['x-forwarded-for'], undefined, call.path);
		const signed = String(call.headers['x-clientnote-client-address'] ?? '');
		const [address, at, signature] = signed.split(';');
		assert.is(address, '127.0.0.1', call.path);
		assert.is(signature, createHmac('sha256', FORWARDING_KEY).update(`${address};${at}`).digest('base64url'), 'signed with the shared key');
	}
});

test('a new case: the CSRF token goes with the change; field errors stay at the field with the values', async () => {
	const short = await request('/cases/new?/create', { ...form({ cvr: '1234', type: 'event_review' }), cookie: loggedIn });
	assert.is(short.status, 400);
	const shortHtml = await short.text();
	assert.match(shortHtml, /data-testid="field-error-cvr"/);
	assert.match(shortHtml, /value="1234"/);
	assert.match(shortHtml, /value="event_review" checked/);

	const refused = await request('/cases/new?/create', { ...form({ cvr: '12345675', type: 'onboarding' }), cookie: loggedIn });
	assert.is(refused.status, 400, 'the API refused the CVR number (modulus 11)');
	assert.match(await refused.text(), /data-testid="field-error-cvr"/);

	seen.length = 0;
	const created = await request('/cases/new?/create', { ...form({ cvr: 'DK 3131 3139', type: 'onboarding' }), cookie: loggedIn });
	assert.is(created.status, 303);
	assert.is(created.headers.get('location'), `/cases/${CASE_ID}`);
	const post = seen.find((call) => call.method === 'POST');
	assert.ok(post, 'the case was posted to the API');
	assert.is(post.headers['x-csrf-token'], CSRF);
	assert.equal(JSON.parse(post.body), { type: 'onboarding', cvr: '31313139' });
});

test('an unknown case is a 404 page with the request id, in the app shell', async () => {
	const response = await request('/cases/00000000-0000-4000-8000-000000000000', { cookie: loggedIn });
	assert.is(response.status, 404);
	const html = await response.text();
	assert.match(html, /data-testid="error-page" data-status="404"/);
	assert.match(html, /data-testid="request-id">[^<]+</);
	assert.match(html, /data-testid="nav-overview"/);
});

test('a page that does not exist is a 404 page, also without a session', async () => {
	const response = await request('/no-such-page', { headers: { 'accept-language': 'en' } });
	assert.is(response.status, 404);
	assert.match(await response.text(), /Page not found/);
});

if (existsSync(HANDLER)) {
	test.run();
} else {
	process.stdout.write(`SKIP FILE: ${HANDLER} is missing; build it with \`npm run build -w web\` (the test runner builds it for the browser tests)\n`);
}
