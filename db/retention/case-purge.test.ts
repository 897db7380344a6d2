// The case purge walks the personal-data registry: every case_data table must have
// its place in the purge order, so that no row goes by a cascade uncounted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PERSONAL_DATA_REGISTRY } from '../personal-data-registry.ts';
import { CASE_DATA_TABLES, CASE_PURGE_ORDER } from './case-purge.ts';

test('every case_data table of the registry has its place in the purge order, and the order names no other', () => {
  const registered = PERSONAL_DATA_REGISTRY.filter((e) => e.retentionClass === 'case_data' && e.table !== 'cases').map((e) => e.table).sort();
  assert.equal([...CASE_PURGE_ORDER].sort(), registered);
  assert.equal(CASE_DATA_TABLES.map((t) => t.table), [...CASE_PURGE_ORDER]);
});

test('children before parents: hits, ownerships and verifications go before the parties they point at', () => {
  const at = (t: string) => CASE_PURGE_ORDER.indexOf(t);
  for (const child of ['case_hits', 'case_ownerships', 'case_party_verifications', 'case_documents']) assert.ok(at(child) < at('case_parties'), child);
  assert.ok(at('case_party_verifications') < at('case_documents'));
  assert.ok(at('case_authority_reports') < at('case_investigations'));
  assert.ok(at('case_section_versions') < at('case_sections'));
});

test.run();
