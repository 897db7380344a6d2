import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../test/harness/zip-reader.ts';
import { zipArchive } from './zip-archive.ts';

test('round trip: names, UTF-8 content and sizes survive', () => {
  const zip = zipArchive([{ name: 'export.json', content: '{"name":"Søren Ærø"}' }, { name: 'tables/users.csv', content: 'x'.repeat(10_000) }]);
  const files = readZip(zip);
  assert.equal([...files.keys()], ['export.json', 'tables/users.csv']);
  assert.is(files.get('export.json')!.toString('utf8'), '{"name":"Søren Ærø"}');
  assert.is(files.get('tables/users.csv')!.length, 10_000);
  assert.ok(zip.length < 1000, 'deflated');
});

test('a standard unzip tool reads it (Python zipfile checks every CRC)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  try {
    const file = join(dir, 'a.zip');
    writeFileSync(file, zipArchive([{ name: 'a.csv', content: '"id"\r\n"1"\r\n' }, { name: 'b.json', content: '[]' }]));
    const out = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), sorted(z.namelist()))', file], { encoding: 'utf8' });
    assert.is(out.trim(), "None ['a.csv', 'b.json']");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unsafe names (path traversal, absolute) are refused', () => {
  for (const name of ['../etc/passwd', '/abs.txt', 'a/../../b', 'x\u0000.csv', '']) {
    assert.throws(() => zipArchive([{ name, content: 'x' }]), /unsafe/);
  }
});

test.run();
