import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { reportVersionOf } from './report.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

test('the report version hashes the case and every section\'s key, text and acceptance, in order', () => {
  const sections = [{ key: 'client', text: 'Bageri', accepted: true }, { key: 'risk', text: 'Lav', accepted: false }];
  assert.is(reportVersionOf('case-1', sections, sha256Hex), sha256Hex(JSON.stringify(['case-1', [['client', 'Bageri', true], ['risk', 'Lav', false]]])));
  assert.is.not(reportVersionOf('case-1', [sections[0]!, { ...sections[1]!, accepted: true }], sha256Hex), reportVersionOf('case-1', sections, sha256Hex));
});

test.run();
