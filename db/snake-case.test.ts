import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { camelCase, snakeCase, snakeCaseMappers } from './snake-case.ts';

test('camelCase names become snake_case columns and back', () => {
  for (const [code, sql] of [['orgId', 'org_id'], ['screeningThreshold', 'screening_threshold'], ['id', 'id'], ['fooBAR', 'foo_bar'], ['shareLow2', 'share_low2'], ['', '']]) {
    assert.is(snakeCase(code!), sql);
  }
  for (const [sql, code] of [['org_id', 'orgId'], ['parties_total', 'partiesTotal'], ['id', 'id'], ['_private', '_Private']]) {
    assert.is(camelCase(sql!), code);
  }
});

test('the knex mappers wrap identifiers and map the keys of rows, leaving values alone', () => {
  const mappers = snakeCaseMappers();
  assert.is(mappers.wrapIdentifier('caseId', (s) => `"${s}"`), '"case_id"');
  assert.is(mappers.wrapIdentifier('c:createdAt', (s) => s), 'c:created_at');
  assert.equal(mappers.postProcessResponse([{ org_id: 'a', nested: { keep_me: 1 } }]), [{ orgId: 'a', nested: { keep_me: 1 } }]);
  assert.equal(mappers.postProcessResponse({ parties_total: 3 }), { partiesTotal: 3 });
  assert.is(mappers.postProcessResponse(5), 5);
  assert.equal(mappers.postProcessResponse(['x']), ['x']);
});

test.run();
