// The reviewer's comparison: word-level diff of a draft and the accepted text.
// Run: node_modules/.bin/node --import tsx web/src/lib/word-diff.test.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { changed, wordDiff, words } from './word-diff.ts';

const side = (parts: ReturnType<typeof wordDiff>, op: 'ins' | 'del') => parts.filter((p) => p.op !== op).map((p) => p.text).join('');

test('words keep their trailing spaces, so the text can be rebuilt', () => {
	assert.equal(words('Kunden er  kendt.\nSlut'), ['Kunden ', 'er  ', 'kendt.\n', 'Slut']);
	assert.equal(words(''), []);
	assert.equal(words('  a'), ['  ', 'a']);
});

test('the same text is one unchanged part', () => {
	const parts = wordDiff('Kunden er kendt.', 'Kunden er kendt.');
	assert.equal(parts, [{ op: 'same', text: 'Kunden er kendt.' }]);
	assert.not.ok(changed(parts));
});

test('inserted words are marked as insertions', () => {
	const parts = wordDiff('Kunden er kendt af banken. Formålet er drift.', 'Kunden er godt kendt af banken. Formålet er drift af butik i Aarhus.');
	assert.ok(changed(parts));
	assert.equal(parts.filter((p) => p.op === 'ins').map((p) => p.text.trim()), ['godt', 'drift af butik i Aarhus.']);
	// A word with other punctuation is another word: "drift." went, "drift" came.
	assert.equal(parts.filter((p) => p.op === 'del').map((p) => p.text.trim()), ['drift.']);
});

test('deleted words are marked as deletions', () => {
	const parts = wordDiff('Kunden er ikke kendt.', 'Kunden er kendt.');
	assert.equal(parts, [{ op: 'same', text: 'Kunden er ' }, { op: 'del', text: 'ikke ' }, { op: 'same', text: 'kendt.' }]);
});

test('a replaced word is a deletion and an insertion', () => {
	const parts = wordDiff('Risikoen er lav.', 'Risikoen er høj.');
	assert.equal(parts.map((p) => p.op), ['same', 'ins', 'del']);
	assert.is(parts.find((p) => p.op === 'ins')!.text, 'høj.');
	assert.is(parts.find((p) => p.op === 'del')!.text, 'lav.');
});

test('each side is rebuilt exactly from its parts', () => {
	const before = 'Formålet er drift.\nKilden til midler er omsætning.';
	const after = 'Formålet med forholdet er drift af butik.\nKilden til midler er omsætning og lån.';
	const parts = wordDiff(before, after);
	assert.is(side(parts, 'del'), after);
	// The "before" side: a 'same' part carries the accepted text's spacing, equal here.
	assert.is(side(parts, 'ins'), before);
});

test('an empty draft makes everything inserted, an empty text everything deleted', () => {
	assert.equal(wordDiff('', 'Ny tekst'), [{ op: 'ins', text: 'Ny tekst' }]);
	assert.equal(wordDiff('Gammel tekst', ''), [{ op: 'del', text: 'Gammel tekst' }]);
	assert.equal(wordDiff('', ''), []);
});

test.run();
