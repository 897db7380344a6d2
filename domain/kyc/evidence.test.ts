import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkDraft, evidencePack, MAX_NOTE_CHARS, pseudonymise } from './evidence.ts';

const known = new Set(['E1', 'E2', 'E3']);

test('a draft passes when every sentence cites known evidence; the citations are kept per sentence', () => {
  const r = checkDraft('```json\n{"sentences":[{"text":"Kunden er et ApS.","evidence":["E1"]},{"text":"Ejeren er verificeret.","evidence":["E2","E3","E2"]}]}\n```', known);
  assert.equal(r, { ok: true, text: 'Kunden er et ApS. Ejeren er verificeret.', citations: [{ sentence: 0, evidence: ['E1'] }, { sentence: 1, evidence: ['E2', 'E3'] }] });
});

test('refused: not JSON, no sentences, an uncited sentence, an unknown id', () => {
  const problem = (answer: string) => { const r = checkDraft(answer, known); return r.ok ? 'ok' : r.problem; };
  assert.is(problem('Kunden er godkendt.'), 'not_json');
  assert.is(problem('{"sentences": []}'), 'no_sentences');
  assert.is(problem('{"sentences": [{"text": "", "evidence": ["E1"]}]}'), 'no_sentences');
  assert.is(problem('{"sentences": [{"text": "Godkend kunden.", "evidence": []}]}'), 'uncited_sentence');
  assert.is(problem('{"sentences": [{"text": "Godkend kunden."}]}'), 'uncited_sentence');
  assert.is(problem('{"sentences": [{"text": "Der er ingen risiko.", "evidence": ["E9"]}]}'), 'unknown_evidence');
});

test('names leave as placeholders and come back; the longest name first', () => {
  const { texts, restore } = pseudonymise(['Jens Peter Vestergaard er direktør; Jens Peter er PEP.', 'BIRGITTE HOLST ejer 50 %.'], ['Jens Peter', 'Jens Peter Vestergaard', 'Birgitte Holst']);
  // Numbered by length, so "Jens Peter Vestergaard" is replaced whole before "Jens Peter" is looked for.
  assert.equal(texts, ['PERSON_1 er direktør; PERSON_3 er PEP.', 'PERSON_2 ejer 50 %.']);
  assert.is(restore('PERSON_1 og PERSON_2 er kontrolleret; PERSON_3 ikke.'), 'Jens Peter Vestergaard og Birgitte Holst er kontrolleret; Jens Peter ikke.');
});

test('numbered evidence; a very long note is cut with a visible notice', () => {
  const pack = evidencePack([{ kind: 'registry', text: 'Nørrebro Bageri ApS' }, { kind: 'note', text: 'x'.repeat(MAX_NOTE_CHARS + 500) }], '(afkortet)');
  assert.equal(pack.map((e) => e.id), ['E1', 'E2']);
  assert.ok(pack[1]!.text.endsWith(' (afkortet)'));
  assert.is(pack[1]!.text.length, MAX_NOTE_CHARS + ' (afkortet)'.length);
});

test.run();
