import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { amlHold, amlRetentionUntil, routedPartWorkflowId } from './routing.ts';

test('§ 30: held while the relationship lasts', () => {
  assert.equal(amlHold({ relationshipEndedOn: null, retentionUntil: null }, '2040-01-01'), { held: true, reason: 'relationship_active' });
});

test('§ 30: held for 5 years after the relationship ends, to the day, then released', () => {
  const ended = { relationshipEndedOn: '2020-03-15', retentionUntil: null };
  assert.equal(amlHold(ended, '2025-03-15'), { held: true, reason: 'retention_period', until: '2025-03-15' });
  assert.equal(amlHold(ended, '2025-03-16'), { held: false, until: '2025-03-15' });
  assert.equal(amlHold(ended, '2021-01-01').held, true);
});

test('§ 30: the case\'s own retention date wins; 29 February lands on 1 March', () => {
  assert.is(amlRetentionUntil('2024-02-29'), '2029-03-01');
  assert.equal(amlHold({ relationshipEndedOn: '2020-01-01', retentionUntil: '2026-06-30' }, '2026-01-01'), { held: true, reason: 'retention_period', until: '2026-06-30' });
});

test('child workflow ids name the request and the organisation', () => {
  assert.is(routedPartWorkflowId('r', 'o'), 'dsr/r/org/o');
});

test.run();
