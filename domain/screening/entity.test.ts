import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ListEntitySchema, normaliseIdentifierValue, parseQueryBirthDate, primaryName } from './entity.ts';
import { countryCode } from './countries.ts';

test('query birth dates: year, month, day; impossible dates refused', () => {
  assert.equal(parseQueryBirthDate('1964'), { kind: 'year', year: 1964, approximate: false });
  assert.equal(parseQueryBirthDate('1964-07'), { kind: 'month', year: 1964, month: 7 });
  assert.equal(parseQueryBirthDate('1964-07-17'), { kind: 'exact', date: '1964-07-17' });
  assert.is(parseQueryBirthDate('1964-02-30'), null);
  assert.is(parseQueryBirthDate('17/07/1964'), null);
});

test('entity schema requires a name and ISO2 countries', () => {
  const base = { id: 'un:1', list: 'un', sourceId: '1', schema: 'Person', names: [{ full: 'A B', type: 'primary' }], birthDates: [], countries: [], nationalities: [], identifiers: [], programmes: [] };
  assert.ok(ListEntitySchema.safeParse(base).success);
  assert.not.ok(ListEntitySchema.safeParse({ ...base, names: [] }).success);
  assert.not.ok(ListEntitySchema.safeParse({ ...base, countries: ['Denmark'] }).success);
  assert.not.ok(ListEntitySchema.safeParse({ ...base, list: 'ftm:Bad Name' }).success);
  assert.is(primaryName({ names: [{ full: 'x', type: 'alias' }, { full: 'y', type: 'primary' }] }), 'y');
});

test('identifiers compare without spaces and dashes', () => {
  assert.is(normaliseIdentifierValue(' a 12-345 '), 'A12345');
});

test('country names as lists write them', () => {
  assert.is(countryCode("Democratic People's Republic of Korea"), 'KP');
  assert.is(countryCode('Iran (Islamic Republic of)'), 'IR');
  assert.is(countryCode('DENMARK'), 'DK');
  assert.is(countryCode('dk'), 'DK');
  assert.is(countryCode('Atlantis'), null);
});

test.run();
