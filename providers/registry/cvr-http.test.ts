// The CVR HTTP provider against a local server answering fixtures in the CVR
// response shape: request form (path, basic auth, term query), mapping of
// participants, roles and share bands, and every way the register can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCvrHttpRegistry } from './cvr-http.ts';
import { bandOf } from './cvr-mapping.ts';
import { createOfflineRegistry } from './offline.ts';
import { DEMO_COMPANIES } from './demo-companies.ts';
import { lookupWithRetry } from './index.ts';
import { RegistryUnavailableError } from './registry.ts';
import { isValidCvr } from '../../domain/kyc/cvr.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
async function withServer(handler: Handler, run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const unavailable = (reason: string) => (e: unknown) => e instanceof RegistryUnavailableError && e.reason === reason;

test('looks a company up with a term query and basic auth, and maps participants, roles and bands', async () => {
  const seen: { path?: string; auth?: string; body?: unknown } = {};
  await withServer((req, body, res) => {
    Object.assign(seen, { path: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
    res.setHeader('content-type', 'application/json');
    res.end(fixture('cvr-virksomhed-41271000.json'));
  }, async (url) => {
    const company = await createCvrHttpRegistry({ url: `${url}/`, user: 'cn', password: 's3cret' }).lookup('41271000');
    assert.is(seen.path, '/cvr-permanent/virksomhed/_search');
    assert.is(seen.auth, `Basic ${Buffer.from('cn:s3cret').toString('base64')}`);
    assert.equal((seen.body as { query: unknown }).query, { term: { 'Vrvirksomhed.cvrNummer': 41271000 } });
    assert.ok(company);
    assert.is(company!.name, 'Kystlinjen Logistik A/S');
    assert.is(company!.legalForm, 'A/S');
    assert.is(company!.address, 'Havnegade 4, 6700 Esbjerg');
    assert.equal(company!.industry, { code: '494100', text: 'Vejgodstransport' });
    const holding = company!.participants.find((p) => p.registryId === '4000200002')!;
    assert.equal([holding.kind, holding.cvr, holding.roles], ['company', '39561042', ['legal_owner']]);
    assert.equal(holding.ownership, { share: { low: 1, high: 1 }, voting: { low: 1, high: 1 }, validFrom: '2018-01-10', validTo: null });
    const lars = company!.participants.find((p) => p.name === 'Lars Holm Jensen')!;
    assert.equal(lars.roles.sort(), ['beneficial_owner', 'board_chair', 'director']);
    assert.equal(lars.beneficialOwnership?.share, { low: 0.5, high: 0.6667 });
    assert.equal(company!.participants.find((p) => p.name === 'Annette Brask')!.roles, ['board_member']);
    assert.not.ok(company!.participants.some((p) => p.name === 'Ole Fratrådt'), 'an ended directorship is not a current participant');
  });
});

test('an unknown CVR number is null, not an error', async () => {
  await withServer((_req, _body, res) => res.end(fixture('cvr-empty.json')), async (url) => {
    assert.is(await createCvrHttpRegistry({ url, user: null, password: null }).lookup('38411063'), null);
  });
});

test('garbage, errors, wrong company and silence become RegistryUnavailableError', async () => {
  const answers: Record<string, (res: ServerResponse) => void> = {
    '/html': (res) => res.end('<html>Service Unavailable</html>'),
    '/shape': (res) => res.end(JSON.stringify({ hits: { hits: [{ _source: { Vrvirksomhed: { navne: 'x' } } }] } })),
    '/500': (res) => { res.statusCode = 500; res.end('{}'); },
    '/401': (res) => { res.statusCode = 401; res.end('{}'); },
    '/other': (res) => res.end(fixture('cvr-virksomhed-41271000.json')),
    '/huge': (res) => res.end(JSON.stringify({ hits: { hits: [] }, pad: 'x'.repeat(5000) })),
    '/silent': () => { /* never answers */ },
  };
  await withServer((req, _body, res) => answers[req.url!.split('/cvr-permanent')[0]!]!(res), async (url) => {
    const at = (prefix: string, extra: object = {}) => createCvrHttpRegistry({ url: url + prefix, user: null, password: null, ...extra });
    const rejects = async (promise: Promise<unknown>, check: (e: unknown) => boolean) => {
      const error = await promise.then(() => null, (e: unknown) => e);
      assert.ok(error && check(error), `unexpected outcome: ${String(error)}`);
    };
    await rejects(at('/html').lookup('41271000'), unavailable('garbage'));
    await rejects(at('/shape').lookup('41271000'), unavailable('garbage'));
    await rejects(at('/500').lookup('41271000'), unavailable('http_error'));
    await rejects(at('/401').lookup('41271000'), unavailable('http_error'));
    await rejects(at('/other').lookup('38411063'), unavailable('garbage'));
    await rejects(at('/huge', { maxBytes: 1000 }).lookup('41271000'), unavailable('garbage'));
    await rejects(at('/silent', { timeoutMs: 200 }).lookup('41271000'), unavailable('timeout'));
  });
  await rejects2(createCvrHttpRegistry({ url: 'http://127.0.0.1:1', user: null, password: null }).lookup('41271000'));
  async function rejects2(p: Promise<unknown>) {
    const error = await p.then(() => null, (e: unknown) => e);
    assert.ok(unavailable('unreachable')(error));
  }
});

test('lookupWithRetry retries an unavailable register, then gives up with the error', async () => {
  let calls = 0;
  const flaky = { lookup: async () => { calls += 1; if (calls < 3) throw new RegistryUnavailableError('timeout', 'slow'); return null; } };
  assert.is(await lookupWithRetry(flaky, '38411063'), null);
  assert.is(calls, 3);
  calls = -10;
  const error = await lookupWithRetry(flaky, '38411063').then(() => null, (e: unknown) => e);
  assert.ok(error instanceof RegistryUnavailableError);
});

test('CVR bands: lower bound to band', () => {
  assert.equal(bandOf(0.25), { low: 0.25, high: 0.3333 });
  assert.equal(bandOf(0.9), { low: 0.9, high: 1 });
  assert.equal(bandOf(1), { low: 1, high: 1 });
  assert.is(bandOf(0), null);
  assert.is(bandOf(1.5), null);
  assert.is(bandOf(Number.NaN), null);
});

test('offline demo companies: valid CVR numbers, the README list, chains that resolve', async () => {
  const registry = createOfflineRegistry();
  for (const c of DEMO_COMPANIES) assert.ok(isValidCvr(c.cvr), c.cvr);
  assert.is(new Set(DEMO_COMPANIES.map((c) => c.cvr)).size, DEMO_COMPANIES.length);
  assert.is((await registry.lookup('38411063'))!.name, 'Nørrebro Bageri ApS');
  assert.is(await registry.lookup('12345674'), null);
  for (const c of DEMO_COMPANIES) {
    for (const p of c.participants) if (p.cvr) assert.ok(await registry.lookup(p.cvr), `${c.name}: owner ${p.cvr} resolves`);
  }
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  for (const c of DEMO_COMPANIES) assert.ok(readme.includes(c.cvr), `README lists ${c.name}`);
  const sanctioned = (await registry.lookup('35901000'))!.participants.find((p) => p.name === 'Viktor Petrov Sokolov')!;
  assert.equal([sanctioned.birthDate, sanctioned.country], ['1961-04-12', 'RU']);
});

test.run();
