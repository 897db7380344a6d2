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

test('a name is found as whole words only: not inside other words or JSON keys', async () => {
  assert.is(await redact('{"role": "direktør", "name": "Ole"} Olesen og ole.', 'Ole'), '{"role": "direktør", "name": "[erased person]"} Olesen og [erased person].');
  assert.is(await redact('Åse Bø, Åsebø og BØ', 'Åse Bø'), '[erased person], Åsebø og BØ');
  assert.is(await redact('Hansen-Bøje og Hansen-Bø.', 'Hansen-Bø'), 'Hansen-Bøje og [erased person].');
});

test('regular-expression syntax in a name is literal: it matches itself and nothing wider', async () => {
  assert.is(await redact('Kontakt: J.R. (Junior) Ewing+ * og JxRx Junior Ewing', 'J.R. (Junior) Ewing+ *'), 'Kontakt: [erased person] og JxRx Junior Ewing');
  assert.is(await redact('a.* b', '.*'), 'a[erased person] b');
  assert.is(await redact('(x) and (x)y', '(x)'), '[erased person] and [erased person]y', 'no word boundary asked at a non-letter edge');
  assert.is(await redact("Seán O'Brien \\ Ó Briain", "Seán O'Brien \\"), '[erased person] Ó Briain');
  assert.is(await redact('x [a-z] y', '[a-z]'), 'x [erased person] y');
  assert.is(await redact('ends with $ and ^ starts', '$ and ^'), 'ends with [erased person] starts');
});

test('in JSON, a name with quotes is found as JSON escapes it, and the JSON stays valid', async () => {
  const knex = createKnex(testConfig().database.appUrl, { poolMax: 1 });
  try {
    const name = 'Anna "Nøkken" Holm';
    const pattern = nameInTextPattern(JSON.stringify(name).slice(1, -1));
    const out = (await knex.raw(`select regexp_replace(?::jsonb::text, ?, '[erased person]', 'gi')::jsonb as out`, [JSON.stringify({ directors: [{ name, role: 'direktør' }] }), pattern])).rows[0].out;
    assert.equal(out, { directors: [{ name: '[erased person]', role: 'direktør' }] });
  } finally {
    await knex.destroy();
  }
});

test('the pattern has no character Postgres would take as syntax outside an escape', () => {
  const pattern = nameInTextPattern(' ()[]{}.*+?^$|\\ ');
  assert.not.match(pattern.replace(/\\./g, ''), /[()[\]{}.*+?^$|]/);
});

test.run();
