import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvCell, toCsv } from './export-csv.ts';

test('formula injection: cells a spreadsheet would evaluate are neutralised', () => {
  for (const hostile of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '  =HYPERLINK("http://evil.test","x")', '\u00a0=1']) {
    const cell = csvCell(hostile);
    assert.ok(cell.startsWith(`"'`), `${JSON.stringify(hostile)} → ${cell}`);
  }
  assert.is(csvCell('=cmd|\' /C calc\'!A0'), `"'=cmd|' /C calc'!A0"`);
  assert.is(csvCell('Jens = Jensen'), '"Jens = Jensen"', 'an = inside is harmless');
  assert.is(csvCell(-5), `"'-5"`, 'negative numbers are quoted text too (safe side)');
});

test('quotes, commas, line breaks, objects, dates and nulls', () => {
  assert.is(csvCell('say "hi", then\nleave'), '"say ""hi"", then\nleave"');
  assert.is(csvCell(null), '""');
  assert.is(csvCell(new Date('2027-01-31T10:00:00Z')), '"2027-01-31T10:00:00.000Z"');
  assert.is(csvCell({ a: 1 }), '"{""a"":1}"');
  assert.is(toCsv([{ id: 1, name: '=x' }, { id: 2, email: 'a@b.test' }]), '"id","name","email"\r\n"1","\'=x",""\r\n"2","","a@b.test"\r\n');
  assert.is(toCsv([]), '\r\n');
});

test.run();
