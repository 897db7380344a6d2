// The offline default never claims "nothing found"; the HTTP provider turns every
// failure into `not_performed` with a reason, and a real empty answer into
// `performed` with no articles (a local server stands in for the news API).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdverseMediaProvider } from './index.ts';
import { searchableName } from './adverse-media.ts';

let server: Server;
let base = '';
const seen: URL[] = [];
const auth: Array<string | undefined> = [];

test.before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    auth.push(req.headers.authorization);
    const send = (status: number, body: string) => { res.statusCode = status; res.setHeader('content-type', 'application/json'); res.end(body); };
    switch (url.pathname) {
      case '/news': {
        const q = url.searchParams.get('q') ?? '';
        return send(200, JSON.stringify({ articles: q.includes('Sokolov') ? [{ title: 'Demo tycoon under investigation', url: 'https://news.example/a1', source: 'Example News', publishedAt: '2026-01-02' }] : [] }));
      }
      case '/garbage': return send(200, '<html>not json</html>');
      case '/wrong-shape': return send(200, JSON.stringify({ articles: [{ title: 'x', url: 'javascript:alert(1)' }] }));
      case '/denied': return send(401, '{}');
      case '/broken': return send(500, '{}');
      case '/slow': setTimeout(() => send(200, '{"articles": []}'), 5_000); return;
      default: return send(404, '{}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

const provider = (path: string, apiKey: string | null = null) => createAdverseMediaProvider({ adverseMedia: { url: base + path, apiKey } });

test('offline default: not_performed with the reason, never an empty "performed"', async () => {
  const offline = createAdverseMediaProvider({ adverseMedia: null });
  assert.is(offline.name, 'offline');
  const result = await offline.search({ kind: 'person', name: 'Viktor Petrov Sokolov' });
  assert.is(result.status, 'not_performed');
  if (result.status !== 'not_performed') return;
  assert.is(result.reason, 'no_provider_configured');
  assert.match(result.detail, /ADVERSE_MEDIA_URL/);
  assert.not.ok('articles' in result, 'no empty article list that could read as "nothing found"');
});

test('HTTP provider: performed with articles, and performed with none when the search found none', async () => {
  const news = provider('/news', 'secret-key');
  const found = await news.search({ kind: 'person', name: '  Viktor \u200bPetrov Sokolov ', country: 'RU' });
  assert.is(found.status, 'performed');
  if (found.status !== 'performed') return;
  assert.is(found.articles.length, 1);
  assert.is(found.articles[0]!.url, 'https://news.example/a1');
  assert.is(found.query, 'Viktor Petrov Sokolov');
  assert.is(seen.at(-1)!.searchParams.get('country'), 'RU');
  assert.is(auth.at(-1), 'Bearer secret-key');
  const none = await news.search({ kind: 'company', name: 'Fjordline Bunkering AS' });
  assert.equal(none.status === 'performed' ? none.articles : null, []);
});

test('HTTP provider failures are not_performed with a reason', async () => {
  const cases: Array<[string, string]> = [['/garbage', 'provider_unavailable'], ['/wrong-shape', 'provider_unavailable'], ['/denied', 'provider_rejected'], ['/broken', 'provider_unavailable']];
  for (const [path, reason] of cases) {
    const result = await provider(path).search({ kind: 'person', name: 'Jane Doe' });
    assert.is(result.status, 'not_performed', path);
    assert.is(result.status === 'not_performed' ? result.reason : null, reason, path);
  }
  const closed = await createAdverseMediaProvider({ adverseMedia: { url: 'http://127.0.0.1:9/news', apiKey: null } }).search({ kind: 'person', name: 'Jane Doe' });
  assert.is(closed.status === 'not_performed' ? closed.reason : null, 'provider_unavailable');
});

test('a provider that does not answer in time is not_performed', async () => {
  const { createHttpNewsAdverseMedia } = await import('./http-news.ts');
  const slow = createHttpNewsAdverseMedia({ url: `${base}/slow`, apiKey: null, timeoutMs: 200 });
  const result = await slow.search({ kind: 'person', name: 'Jane Doe' });
  assert.is(result.status === 'not_performed' ? result.reason : null, 'provider_unavailable');
  assert.match(result.status === 'not_performed' ? result.detail : '', /no answer within/);
});

test('hostile names: empty, punctuation only, 10,000 characters are not searched', async () => {
  assert.is(searchableName(''), null);
  assert.is(searchableName('!!! ---'), null);
  assert.is(searchableName('x'.repeat(10_000)), null);
  assert.is(searchableName('\u202eVik\u200dtor'), 'Viktor');
  const before = seen.length;
  const result = await provider('/news').search({ kind: 'person', name: '...' });
  assert.is(result.status === 'not_performed' ? result.reason : null, 'invalid_subject');
  assert.is(seen.length, before, 'nothing was sent');
});

test.run();
