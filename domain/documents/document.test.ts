import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attachmentDisposition, checkDocument, decideDocument, detectDocumentType, sanitiseDocumentName, zipEntryNames, DOCX_LIMITS, MAX_NAME_LENGTH } from './document.ts';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

/** A minimal stored (uncompressed) zip with the given entry names. */
function zipOf(names: string[]): Uint8Array {
  const enc = new TextEncoder();
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  for (const name of names) {
    const nb = [...enc.encode(name)];
    const offset = local.length;
    local.push(...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(0), ...u32(0), ...u16(nb.length), ...u16(0), ...nb);
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(0), ...u32(0), ...u16(nb.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...nb);
  }
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(names.length), ...u16(names.length), ...u32(central.length), ...u32(local.length), ...u16(0)];
  return new Uint8Array([...local, ...central, ...eocd]);
}

test('types by magic bytes: PDF, PNG, JPEG, DOCX; anything else is refused', () => {
  assert.is(detectDocumentType(bytes('%PDF-1.7\n')), 'pdf');
  assert.is(detectDocumentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), 'png');
  assert.is(detectDocumentType(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.is(detectDocumentType(zipOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])), 'docx');
  assert.is(detectDocumentType(bytes('MZ\x90\x00 this program cannot be run in DOS mode')), null, 'an .exe');
  assert.is(detectDocumentType(zipOf(['[Content_Types].xml', 'xl/workbook.xml'])), null, 'an xlsx is a zip but not a docx');
  assert.is(detectDocumentType(zipOf(['payload.exe'])), null, 'a plain zip');
  assert.is(detectDocumentType(bytes([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), null, 'a truncated zip');
  assert.is(detectDocumentType(bytes(' %PDF-1.7')), null);
  assert.is(detectDocumentType(new Uint8Array()), null);
  assert.is(detectDocumentType(bytes('<html><script>alert(1)</script>')), null);
  assert.equal(zipEntryNames(zipOf(['a', 'b/c'])), ['a', 'b/c']);
});

test('names: no path parts, no control or bidi characters, bounded, extension of the detected type', () => {
  assert.is(sanitiseDocumentName('../../etc/passwd.pdf', 'pdf'), 'passwd.pdf');
  assert.is(sanitiseDocumentName('..\\..\\windows\\system32\\a.pdf', 'pdf'), 'a.pdf');
  assert.is(sanitiseDocumentName('invoice\u202Efdp.exe', 'pdf'), 'invoicefdp.exe.pdf');
  assert.is(sanitiseDocumentName('a\u0000b\r\nc.png', 'png'), 'abc.png');
  assert.is(sanitiseDocumentName('..', 'pdf'), 'document.pdf');
  assert.is(sanitiseDocumentName('', 'jpeg'), 'document.jpg');
  assert.is(sanitiseDocumentName('photo.JPEG', 'jpeg'), 'photo.JPEG'.slice(0, 5) + '.jpeg');
  assert.is(sanitiseDocumentName('scan.pdf', 'png'), 'scan.pdf.png', 'the extension follows the content');
  assert.is(sanitiseDocumentName('Årsrapport <2025>: "final"?.docx', 'docx'), 'Årsrapport _2025__ _final__.docx');
  const long = sanitiseDocumentName('x'.repeat(500) + '.pdf', 'pdf');
  assert.is(long.length, MAX_NAME_LENGTH);
  assert.ok(long.endsWith('.pdf'));
  const emoji = sanitiseDocumentName('😀'.repeat(200) + '.pdf', 'pdf');
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji), 'no lone surrogate');
});

test('content disposition carries an ASCII fallback and the UTF-8 name', () => {
  assert.is(attachmentDisposition('Årsrapport 2025.pdf'), `attachment; filename="Arsrapport 2025.pdf"; filename*=UTF-8''%C3%85rsrapport%202025.pdf`);
  assert.not.match(attachmentDisposition('a"b\\c.pdf'), /filename="a"b/);
});

test('a rejection needs a reason', () => {
  assert.throws(() => decideDocument('rejected', '  '), /reason/);
  assert.equal(decideDocument('rejected', ' blurred '), { decision: 'rejected', reason: 'blurred' });
  assert.equal(decideDocument('accepted', undefined), { decision: 'accepted', reason: null });
});


/** A zip whose central directory declares these (method, compressed, uncompressed) sizes; stored data is zero bytes of that length. */
function declaredZip(entries: { name: string; method?: number; packed?: number; size?: number; flags?: number }[]): Uint8Array {
  const enc = new TextEncoder();
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  for (const e of entries) {
    const nb = [...enc.encode(e.name)];
    const offset = local.length;
    const packed = e.packed ?? 0;
    local.push(...u32(0x04034b50), ...u16(20), ...u16(e.flags ?? 0), ...u16(e.method ?? 0), ...u16(0), ...u16(0), ...u32(0), ...u32(packed), ...u32(e.size ?? packed), ...u16(nb.length), ...u16(0), ...nb, ...new Array(packed).fill(0));
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(e.flags ?? 0), ...u16(e.method ?? 0), ...u16(0), ...u16(0), ...u32(0), ...u32(packed), ...u32(e.size ?? packed), ...u16(nb.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...nb);
  }
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(entries.length), ...u16(entries.length), ...u32(central.length), ...u32(local.length), ...u16(0)];
  return new Uint8Array([...local, ...central, ...eocd]);
}
const DOCX_NAMES = [{ name: '[Content_Types].xml' }, { name: 'word/document.xml' }];

test('checkDocument: a DOCX is judged by its declared sizes, names and structure', () => {
  assert.equal(checkDocument(declaredZip(DOCX_NAMES)), { ok: true, type: 'docx' });
  const problem = (entries: Parameters<typeof declaredZip>[0]) => {
    const check = checkDocument(declaredZip([...DOCX_NAMES, ...entries]));
    return check.ok ? 'ok' : check.problem;
  };
  assert.is(problem([{ name: 'word/bomb.xml', method: 8, packed: 1000, size: 200 * 1024 * 1024 }]), 'zip_bomb', 'beyond the total');
  assert.is(problem([{ name: 'word/bomb.xml', method: 8, packed: 20_000, size: 20_000 * (DOCX_LIMITS.maxRatio + 1) }]), 'zip_bomb', 'beyond the ratio');
  assert.is(problem([{ name: 'word/small.xml', method: 8, packed: 10, size: 100_000 }]), 'ok', 'a small part may compress well');
  assert.is(problem([{ name: 'word/zip64.xml', method: 8, packed: 10, size: 0xffffffff }]), 'zip_bomb');
  assert.is(problem(Array.from({ length: DOCX_LIMITS.maxEntries }, (_, i) => ({ name: `word/p${i}.xml` }))), 'zip_bomb', 'too many parts');
  for (const name of ['word/x.exe', 'run.BAT', 'word/vbaProject.bin', 'tools/a.ps1', 'lib/x.dll', 'a.jar', 'macro.docm']) assert.is(problem([{ name }]), 'executable', name);
  for (const name of ['../evil.xml', '/etc/passwd', 'C:/x.xml', 'a\\b.xml', 'word/../../x']) assert.is(problem([{ name }]), 'malformed', name);
  assert.is(problem([{ name: 'word/secret.xml', flags: 1 }]), 'malformed', 'encrypted');
  assert.is(problem([{ name: 'word/odd.xml', method: 12 }]), 'malformed', 'bzip2 and friends');
  assert.is(problem([{ name: 'word/short.xml', packed: 10, size: 20 }]), 'malformed', 'a stored part whose sizes disagree');
});

test('checkDocument: a PDF, PNG or JPEG that is also HTML, or a PDF with a zip glued on, is a polyglot', () => {
  assert.equal(checkDocument(bytes('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n')), { ok: true, type: 'pdf' });
  for (const html of ['<html>', '<!DOCTYPE html>', '<SCRIPT src=x>', '<iframe src=x>', '<svg onload=x>', '<body onload=x>']) {
    const check = checkDocument(bytes(`%PDF-1.4\n${html}\n%%EOF`));
    assert.equal(check.ok ? 'ok' : check.problem, 'polyglot', html);
  }
  const png = checkDocument(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], '<script>alert(1)</script>'));
  assert.equal(png.ok ? 'ok' : png.problem, 'polyglot');
  const glued = checkDocument(new Uint8Array([...bytes('%PDF-1.4\n%%EOF\n'), ...declaredZip(DOCX_NAMES)]));
  assert.equal(glued.ok ? 'ok' : glued.problem, 'polyglot');
  assert.equal(checkDocument(bytes('%PDF-1.4\n<</Subtype /Form>> <header> <heading>\n%%EOF')), { ok: true, type: 'pdf' }, 'PDF dictionaries and look-alike words are no HTML');
  assert.equal(checkDocument(bytes('MZ\x90\x00')), { ok: false, type: null, problem: 'not_allowed', detail: 'not a PDF, PNG, JPEG or DOCX document' });
});

test.run();
