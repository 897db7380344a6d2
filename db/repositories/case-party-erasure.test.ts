// The name pattern that redacts an erased party from its case's free text, run by
// Postgres itself: hostile names (regular-expression syntax, quotes, backslashes,
// combining marks, extra spaces) match only themselves, case-insensitively.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKnex } from '../knex.ts';
import { testConfig } from '../../test/harness/platform.ts';
import { nameInTextPattern } from './case-party-erasure.ts';

const redact = async (text: string, name: string): Promise<string> => {
  const knex = createKnex(testConfig().database.appUrl, { poolMax: 1 });
  try {
    return (await knex.raw(`select regexp_replace(?, ?, '[erased person]', 'gi') as out`, [text, nameInTextPattern(name)])).rows[0].out;
  } finally {
    await knex.destroy();
  }
};

test('a plain name, in any case and with any white space between its words', async () => {
  assert.is(await redact('Direktør ANNA  Bø Hansen og anna bø\nhansen.', 'Anna Bø Hansen'), 'Direktør [erased person] og [erased person].');
});

test('regular-expression syntax in a name is literal: it matches itself and nothing wider', async () => {
  assert.is(await redact('Kontakt: J.R. (Junior) Ewing+ * og JxRx Junior Ewing', 'J.R. (Junior) Ewing+ *'), 'Kontakt: [erased person] og JxRx Junior Ewing');
  assert.is(await redact('a.* b', '.*'), 'a[erased person] b');
  assert.is(await redact("Seán O'Brien \\ Ó Briain", "Seán O'Brien \\"), '[erased person] Ó Briain');
  assert.is(await redact('x [a-z] y', '[a-z]'), 'x [erased person] y');
  assert.is(await redact('ends with $ and ^ starts', '$ and ^'), 'ends with [erased person] starts');
});

test('the pattern has no character Postgres would take as syntax outside an escape', () => {
  const pattern = nameInTextPattern(' ()[]{}.*+?^$|\\ ');
  assert.not.match(pattern.replace(/\\./g, ''), /[()[\]{}.*+?^$|]/);
});

test.run();
