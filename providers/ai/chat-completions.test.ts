// The chat-completions client against a local server speaking the protocol: each
// way a provider can answer is classified as retryable or a misconfiguration.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AiProviderError, createChatCompletionsClient, retryAfterSeconds } from './chat-completions.ts';
import { startFakeChatServer, type FakeChatServer } from '../../test/fixtures/chat-completions-server.ts';

const t = suite('chat completions');
let server: FakeChatServer;
t.before(async () => { server = await startFakeChatServer(); });
t.after(async () => { await server.close(); });

const client = (timeoutMs = 2000) => createChatCompletionsClient({ baseUrl: server.baseUrl, model: 'test-model', apiKey: 'k-123', timeoutMs });
async function failure(run: () => Promise<unknown>): Promise<AiProviderError> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, AiProviderError);
    return error as AiProviderError;
  }
  throw new Error('expected a failure');
}

t('a good answer: the text; the model, the messages and the bearer key are what was sent', async () => {
  server.answer = () => ({ content: '{"sentences": []}' });
  const text = await client().complete([{ role: 'user', content: 'hej' }], { json: true });
  assert.is(text, '{"sentences": []}');
  const sent = server.requests.at(-1)!;
  assert.equal([sent.model, sent.messages], ['test-model', [{ role: 'user', content: 'hej' }]]);
});

t('429 with Retry-After: retryable after that many seconds', async () => {
  server.answer = () => ({ status: 429, headers: { 'retry-after': '7' }, raw: '{"error":"slow down"}' });
  const e = await failure(() => client().complete([{ role: 'user', content: 'x' }]));
  assert.equal([e.kind, e.retryable, e.retryAfterSeconds], ['rate_limited', true, 7]);
});

t('500, a timeout, malformed JSON and empty content are retryable; each says what happened', async () => {
  server.answer = () => ({ status: 500, raw: 'oops' });
  assert.equal([(await failure(() => client().complete([]))).kind], ['server_error']);
  server.answer = () => ({ delayMs: 500, content: 'late' });
  const slow = await failure(() => client(100).complete([]));
  assert.equal([slow.kind, slow.retryable], ['timeout', true]);
  server.answer = () => ({ raw: '<html>gateway</html>' });
  assert.is((await failure(() => client().complete([]))).kind, 'bad_response');
  server.answer = () => ({ content: '   ' });
  assert.is((await failure(() => client().complete([]))).kind, 'bad_response');
  server.answer = () => ({ raw: '{"choices": []}' });
  assert.is((await failure(() => client().complete([]))).kind, 'bad_response');
});

t('an unknown model (404), a refused key (401) and a bad request (400) fail at once with a message a handler can act on', async () => {
  for (const [status, pattern] of [[404, /model "test-model" or the base URL is unknown/], [401, /API key was refused/], [400, /refused the request/]] as const) {
    server.answer = () => ({ status, raw: '{"error":{"message":"nope"}}' });
    const e = await failure(() => client().complete([]));
    assert.equal([e.kind, e.retryable], ['rejected', false]);
    assert.match(e.message, pattern);
  }
  const nowhere = createChatCompletionsClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: null, timeoutMs: 1000 });
  assert.is((await failure(() => nowhere.complete([]))).kind, 'unreachable');
});

t('Retry-After as seconds or as an HTTP date, capped at ten minutes', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  assert.equal([retryAfterSeconds('3', now), retryAfterSeconds('99999', now), retryAfterSeconds('Sat, 05 Dec 2026 12:00:30 GMT', now), retryAfterSeconds('soon', now), retryAfterSeconds(null, now)], [3, 600, 30, null, null]);
});

t.run();
