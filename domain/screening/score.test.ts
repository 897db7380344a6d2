import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareBirthDates, compareNamePair, DEFAULT_MATCH_THRESHOLD, prepareQuery, scoreEntity } from './score.ts';
import { prepareName } from './normalise.ts';
import { parseQueryBirthDate, type ListEntity } from './entity.ts';

const entity: ListEntity = {
  id: 'un:1', list: 'un', sourceId: '1', schema: 'Person',
  names: [{ full: 'Ayman Muhammad Rabi al-Zawahiri', type: 'primary' }, { full: 'The Doctor', type: 'weak_alias' }],
  birthDates: [{ kind: 'exact', date: '1951-06-19' }], countries: [], nationalities: ['EG'], gender: 'male',
  identifiers: [{ type: 'passport', value: '1084010', country: 'EG' }], programmes: ['Al-Qaida'],
};
const names = entity.names.map((n) => ({ name: prepareName(n.full, 'person'), type: n.type, full: n.full }));
const score = (q: Parameters<typeof prepareQuery>[0]) => scoreEntity(prepareQuery(q), entity, names);

test('birth date agreement keeps, disagreement lowers below the threshold', () => {
  const agree = score({ schema: 'Person', name: 'Ayman al-Zawahiri', birthDate: parseQueryBirthDate('1951')! });
  assert.ok(agree.match);
  assert.match(agree.explanation.birthDate!.text, /agrees/);
  const other = score({ schema: 'Person', name: 'Ayman al-Zawahiri', birthDate: parseQueryBirthDate('1962-03-01')! });
  assert.not.ok(other.match);
  assert.match(other.explanation.birthDate!.text, /disagrees/);
});

test('birth date precision and ranges', () => {
  assert.is(compareBirthDates(parseQueryBirthDate('1951-06')!, [{ kind: 'exact', date: '1951-06-19' }])!.factor, 1);
  assert.is(compareBirthDates(parseQueryBirthDate('1951-07-19')!, [{ kind: 'exact', date: '1951-06-19' }])!.factor, 0.9);
  assert.is(compareBirthDates(parseQueryBirthDate('1977')!, [{ kind: 'range', fromYear: 1976, toYear: 1978 }])!.factor, 1);
  assert.is(compareBirthDates(parseQueryBirthDate('1960')!, [{ kind: 'year', year: 1961, approximate: true }])!.factor, 1);
  assert.is(compareBirthDates(parseQueryBirthDate('1960')!, []), undefined);
});

test('country and gender disagreement lower the score; each is explained', () => {
  const base = score({ schema: 'Person', name: 'Ayman al-Zawahiri' }).score;
  const country = score({ schema: 'Person', name: 'Ayman al-Zawahiri', country: 'DK' });
  assert.ok(country.score < base);
  assert.match(country.explanation.country!.text, /not among/);
  const gender = score({ schema: 'Person', name: 'Ayman al-Zawahiri', gender: 'female' });
  assert.ok(gender.score < base);
});

test('a shared identifier raises a weak name match', () => {
  const without = score({ schema: 'Person', name: 'A. Zawahri' });
  const withId = score({ schema: 'Person', name: 'A. Zawahri', identifiers: [{ type: 'passport', value: '1084-010' }] });
  assert.ok(withId.score > without.score);
  assert.match(withId.explanation.identifier!.text, /1084010/);
});

test('weak aliases count less', () => {
  const r = score({ schema: 'Person', name: 'The Doctor' });
  assert.ok(r.score < 1);
  assert.ok(r.explanation.nameType);
});

test('compareNamePair gives score, match and explanation', () => {
  const r = compareNamePair('Company', 'Maersk A/S', 'Maersk Ltd');
  assert.ok(r.match);
  assert.match(r.explanation.legalForm!.text, /differs/);
  assert.is(compareNamePair('Person', 'Ali Hassan', 'Ali Hassan', 1.01).match, false);
  assert.ok(DEFAULT_MATCH_THRESHOLD > 0.5 && DEFAULT_MATCH_THRESHOLD < 1);
});

test.run();
