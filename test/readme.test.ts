// The README stays true: every configuration variable is documented, and the
// two set-up commands are the ones CI runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../config/schema.ts';
import { REPO_ROOT } from '../cli/temporal-server.ts';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

test('every configuration variable has a row in the README', () => {
  const missing = Object.keys(CONFIG_VARIABLES).filter((name) => !readme.includes(`\`${name}\``));
  assert.equal(missing, []);
});

test('the README test command is what CI runs', () => {
  const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /npm install && npm test/);
  assert.match(ci, /^npm install && npm test$/m);
});

test.run();
