import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CaseTransitionError, completeStep, decide, initialProgress, createCaseSchema } from './case.ts';
import { isValidCvr } from './cvr.ts';

test('CVR modulus 11', () => {
  assert.ok(isValidCvr('12345674'));
  assert.ok(isValidCvr('31313139'));
  assert.not.ok(isValidCvr('12345675'));
  assert.not.ok(isValidCvr('1234567'));
  assert.not.ok(isValidCvr('1234567a'));
  assert.not.ok(isValidCvr('00000000'));
  const parsed = createCaseSchema.safeParse({ type: 'onboarding', cvr: ' 1234 5674 ' });
  assert.ok(parsed.success && parsed.data.cvr === '12345674');
  assert.not.ok(createCaseSchema.safeParse({ type: 'onboarding', cvr: "1'; drop table cases;--" }).success);
});

test('steps run in lifecycle order and end in review', () => {
  let p = initialProgress();
  for (const step of ['data_collection', 'screening', 'risk', 'report'] as const) p = completeStep(p, step, 'h1');
  assert.equal(p, { status: 'in_review', step: 'review', preparedBy: ['h1'] });
  assert.throws(() => completeStep(initialProgress(), 'risk', 'h1'), (e: unknown) => e instanceof CaseTransitionError);
});

test('four-eyes: whoever prepared the case cannot decide it', () => {
  let p = initialProgress();
  p = completeStep(p, 'data_collection', 'h1');
  p = completeStep(p, 'screening', 'h2');
  p = completeStep(p, 'risk', 'h1');
  p = completeStep(p, 'report', 'h1');
  assert.throws(() => decide(p, 'approve', 'h2'), /four-eyes/);
  assert.is(decide(p, 'approve', 'r1').status, 'approved');
  const returned = decide(p, 'return', 'r1', 'risk');
  assert.equal([returned.status, returned.step], ['open', 'risk']);
  assert.throws(() => decide(initialProgress(), 'approve', 'r1'), /not waiting for review/);
});

test.run();
