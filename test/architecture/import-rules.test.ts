import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { checkImports } from './import-rules.ts';
import { REPO_ROOT } from '../../cli/temporal-server.ts';

test('the repository keeps the import directions of ARCHITECTURE.md', () => {
  const violations = checkImports(REPO_ROOT);
  assert.equal(violations, [], violations.map((v) => `${v.file}: ${v.specifier} (${v.reason})`).join('\n'));
});

test('a deliberately violating fixture is caught, each wrong import by name', () => {
  const found = checkImports(join(REPO_ROOT, 'test', 'fixtures', 'import-violation')).map((v) => `${v.file} ${v.specifier}`).sort();
  assert.equal(found, [
    'api/bad-api.ts ../workflows/kyc-case.ts',
    'domain/bad-domain.ts ../db/knex.ts',
    'domain/bad-domain.ts knex',
    'domain/bad-domain.ts process.env',
    'reports/bad-report.ts ../providers/storage/index.ts',
    'web/src/bad-page.ts ../../db/knex.ts',
    'workflows/bad-workflow.ts ../activities/index.ts',
    'workflows/bad-workflow.ts ../db/knex.ts',
    'workflows/bad-workflow.ts node:fs',
  ]);
});

test.run();
