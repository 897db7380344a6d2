import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseConfig } from './schema.ts';

const key = Buffer.alloc(32, 7).toString('base64');
const local = () => ({ codecKeys: `k1:${key}`, secret: 'x'.repeat(40) });
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://owner:pw@db:5432/clientnote',
  DATABASE_APP_URL: 'postgres://app:pw@db:5432/clientnote',
  TEMPORAL_ADDRESS: 'temporal:7233',
  CLIENTNOTE_CODEC_KEYS: `k2:${key},k1:${key.replace(/^./, 'B')}`,
  CLIENTNOTE_SECRET: 's'.repeat(40),
  SMTP_URL: 'smtp://mail:1025',
};

function problemsOf(env: Record<string, string>, withLocal = true): string[] {
  try {
    parseConfig(env, withLocal ? local : undefined);
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  return [];
}

test('the embedded default needs no variables and is frozen', () => {
  const config = parseConfig({}, local);
  assert.is(config.port, 3000);
  assert.is(config.embedded, true);
  assert.is(config.temporal.namespace, 'clientnote');
  assert.is(config.codecKeys[0]?.key.length, 32);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.database));
  assert.throws(() => { (config as { port: number }).port = 1; });
});

test('a bad variable is named with its fix', () => {
  try {
    parseConfig({ PORT: 'eighty' }, local);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as Error).message, /PORT: .*Fix: use a free TCP port/);
  }
  assert.equal(problemsOf({ PORT: '70000' }), ['PORT']);
  assert.equal(problemsOf({ TEMPORAL_ADDRESS: 'no-port' }), ['TEMPORAL_ADDRESS']);
  assert.equal(problemsOf({ DATABASE_URL: 'mysql://x/y', DATABASE_APP_URL: 'postgres://a@b/c' }), ['DATABASE_URL']);
  assert.equal(problemsOf({ CLIENTNOTE_CODEC_KEYS: 'k1:c2hvcnQ=' }), ['CLIENTNOTE_CODEC_KEYS']);
});

test('production requires its secrets and refuses demo data', () => {
  assert.equal(problemsOf(production), []);
  const { CLIENTNOTE_SECRET: _s, SMTP_URL: _m, ...missing } = production;
  assert.equal(problemsOf(missing).sort(), ['CLIENTNOTE_SECRET', 'SMTP_URL']);
  assert.equal(problemsOf({ ...production, CLIENTNOTE_DEMO_PASSWORD: 'clientnote-demo' }), ['CLIENTNOTE_DEMO_PASSWORD']);
  const config = parseConfig(production);
  assert.is(config.codecKeys[0]?.id, 'k2', 'the first key of the ring encrypts');
});

test('setting DATABASE_URL alone is refused: the app role must be named too', () => {
  assert.equal(problemsOf({ DATABASE_URL: 'postgres://o@h:5432/d' }), ['DATABASE_APP_URL']);
});

test('empty strings count as unset', () => {
  assert.is(parseConfig({ PORT: '', SMTP_URL: '' }, local).port, 3000);
});

test.run();
