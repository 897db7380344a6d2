import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanName, detectScript, isEmptyName, MAX_NAME_CHARS, prepareName } from './normalise.ts';

const texts = (raw: string, style: 'person' | 'company' = 'person') => prepareName(raw, style).variants.map((v) => v.map((t) => t.text).join(' '));

test('zero-width, bidi and control characters are removed before comparing', () => {
  assert.is(cleanName('Mo\u200Bham\u200Dmed\u202E \u2066Ali\u2069\u0007'), 'Mohammed Ali');
  assert.equal(texts('\u200F\u202Bمحمد\u202C'), ['mhmd']);
});

test('NFKC and case folding', () => {
  assert.equal(texts('ＪＯＨＮ ﬁSHER'), ['john fisher']);
});

test('Danish letters are kept both long and short', () => {
  assert.equal(texts('Søren Ås'), ['soeren aas', 'soren as']);
  assert.equal(texts('Ærø'), ['aeroe', 'aero']);
});

test('Cyrillic and Greek are transliterated; Cyrillic also the English way', () => {
  assert.equal(texts('Хасан'), ['khasan', 'hasan']);
  assert.equal(texts('Χρήστος'), ['christos']);
});

test('legal forms are set aside for companies and kept as an alternative', () => {
  const p = prepareName('Maersk A/S', 'company');
  assert.equal(p.legalForms, ['A/S']);
  assert.equal(p.variants[0]!.map((t) => t.text), ['maersk']);
  assert.equal(prepareName('OOO Romashka', 'company').legalForms, ['LLC']);
  assert.equal(prepareName('Vestas Wind Systems ApS', 'company').variants[0]!.map((t) => t.text), ['vestas', 'wind', 'systems']);
  // a company called "AS" keeps its name
  assert.equal(prepareName('AS', 'company').variants[0]!.map((t) => t.text), ['as']);
});

test('honorifics are dropped for people, but not from folded Arabic where "mr" is Omar', () => {
  assert.equal(texts('Dr. Ayman al-Zawahiri'), ['ayman al zawahiri']);
  assert.equal(texts('عمر'), ['mr']);
});

test('empty and punctuation-only names leave nothing to compare', () => {
  for (const raw of ['', '   ', '!!!', '---', '\u200B\u200B', '.,;:']) assert.ok(isEmptyName(prepareName(raw, 'person')), JSON.stringify(raw));
});

test('a 10,000-character name is cut, not rejected, and stays fast', () => {
  const started = performance.now();
  const p = prepareName('Abdul '.repeat(2000), 'person');
  assert.ok(p.truncated);
  assert.ok(p.display.length <= MAX_NAME_CHARS);
  assert.ok(p.variants[0]!.length <= 16);
  assert.ok(performance.now() - started < 200);
});

test('script detection', () => {
  assert.is(detectScript('Ali'), 'latin');
  assert.is(detectScript('علي'), 'arabic');
  assert.is(detectScript('Али'), 'cyrillic');
  assert.is(detectScript('Ali Али'), 'mixed');
  assert.is(detectScript('123'), 'none');
});

test.run();
