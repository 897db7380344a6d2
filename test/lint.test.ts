// ESLint and the TypeScript compiler over the whole repository: a lint or type
// error fails the test run like any other defect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../cli/temporal-server.ts';

test('eslint: no errors (floating promises, Node built-ins in workflows, type imports)', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const results = await eslint.lintFiles(['.']);
  const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
  assert.equal(errors, [], errors.join('\n'));
});

test('eslint catches a floating promise and a Node built-in in a workflow', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(
    "import { readFileSync } from 'node:fs';\nexport async function wf(): Promise<void> { Promise.resolve(readFileSync); }\n",
    { filePath: join(REPO_ROOT, 'workflows', 'kyc-case.ts') },
  );
  const rules = result!.messages.map((m) => m.ruleId).sort();
  assert.ok(rules.includes('no-restricted-imports'), rules.join());
  assert.ok(rules.includes('@typescript-eslint/no-floating-promises'), rules.join());
});

test('eslint keeps queries out of routes and activities: no knex or trx call, no query builder, no knex import', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const source = [
    "import knexFactory from 'knex';",
    'export async function handler(deps: { knex: any }, knex: any, trx: any): Promise<unknown> {',
    "  await deps.knex('organisations').where({ id: 1 }).first('name');",
    "  await knex('cases').first();",
    "  await trx('case_hits').insert({});",
    "  await deps.knex.raw('select 1');",
    '  await knex.fn.now();',
    '  return deps.knex.transaction(async (t: unknown) => [knexFactory, t]);',
    '}',
  ].join('\n');
  for (const file of ['api/routes/cases.ts', 'activities/cases.ts']) {
    const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, file) });
    const lines = result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.line);
    // Line 1 the import, lines 3-7 the queries; the transaction on line 8 is allowed.
    assert.equal([...new Set(lines)].sort(), [1, 3, 4, 5, 6, 7], `${file}: ${lines.join()}`);
  }
});

test('typescript: the server code type-checks (strict)', () => {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(result.status, 0, result.stdout + result.stderr);
});

test.run();
