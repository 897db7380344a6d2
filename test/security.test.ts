// Findings of the black-box security test (issue 19), each proved over real HTTP
// against the real API and the test database: what the tester did, and what the
// answer must be now.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_USERS } from '../db/seeds/demo.ts';
import { login, resetDatabase, startApi, type RunningApi } from './harness/platform.ts';

const t = suite('security findings');
let server: RunningApi;
const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const handler = user('handler@demo.test');

t.before(async () => {
  server = await startApi();
});
t.before.each(async () => {
  await resetDatabase();
  server.mailSink.clear();
});
t.after(async () => {
  await server?.close();
});

t('PATCH /auth/profile with nothing to change is a 400 with a clear error, not a 500', async () => {
  const me = await login(server.baseUrl, handler.email);
  for (const body of [{}, { nickname: 'Hans' }, { name: undefined }]) {
    const res = await me.request('PATCH', '/api/v1/auth/profile', body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.code, 'validation_failed');
    assert.match(res.body.error.fields[0].message, /name or a locale/);
  }
  const changed = await me.request('PATCH', '/api/v1/auth/profile', { locale: 'en' });
  assert.equal([changed.status, changed.body.user.locale], [200, 'en']);
});

t.run();
