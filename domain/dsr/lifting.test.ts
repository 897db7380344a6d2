import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liftBodySchema, liftReasonFits, LIFT_REASONS } from './lifting.ts';

test('a restriction ends for any of the Art. 18 reasons; consent and suppression only at the person\'s own request', () => {
  for (const reason of LIFT_REASONS) assert.ok(liftReasonFits('restriction', reason), reason);
  assert.ok(liftReasonFits('objection', 'objection_assessed'));
  assert.not.ok(liftReasonFits('objection', 'accuracy_verified'));
  assert.equal(LIFT_REASONS.filter((r) => liftReasonFits('consent_withdrawn', r)), ['requester_asked']);
  assert.equal(LIFT_REASONS.filter((r) => liftReasonFits('suppression', r)), ['requester_asked']);
});

test('the body: a known reason code, a note of at most 2000 characters without control characters, nothing else', () => {
  assert.equal(liftBodySchema.parse({ reason: 'requester_asked', note: '  asked by phone\non 3 May ' }), { reason: 'requester_asked', note: 'asked by phone\non 3 May' });
  assert.equal(liftBodySchema.parse({ reason: 'accuracy_verified' }), { reason: 'accuracy_verified' });
  assert.not.ok(liftBodySchema.safeParse({ reason: 'because' }).success);
  assert.not.ok(liftBodySchema.safeParse({}).success);
  assert.not.ok(liftBodySchema.safeParse({ reason: 'requester_asked', note: 'x'.repeat(2001) }).success);
  assert.not.ok(liftBodySchema.safeParse({ reason: 'requester_asked', note: 'a\u0000b' }).success);
  assert.not.ok(liftBodySchema.safeParse({ reason: 'requester_asked', liftedBy: 'someone' }).success);
});

test.run();
