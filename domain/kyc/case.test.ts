import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addMonitoringHits, CaseTransitionError, completeStep, createCaseSchema, decide, decideHit, decline, endRelationship, initialProgress, withEditors,
  overrideRisk, startMonitoring, submit, type CaseProgress,
} from './case.ts';
import { isValidCvr } from './cvr.ts';

const V1 = 'a'.repeat(64);
const V2 = 'b'.repeat(64);
const code = (c: string) => (e: unknown) => e instanceof CaseTransitionError && e.code === c;

function toReview(risk: 'low' | 'high' = 'low', preparer = 'h1'): CaseProgress {
  let p: CaseProgress = { ...initialProgress(), registry: 'collected' };
  p = completeStep(p, 'data_collection', preparer);
  p = { ...p, hits: [{ id: 'hit1', decision: 'open' }] };
  p = decideHit(p, 'hit1', 'dismissed', preparer);
  p = completeStep(p, 'screening', preparer);
  p = { ...p, riskLevel: risk, dueDiligence: risk === 'high' ? 'enhanced' : 'simplified' };
  p = completeStep(p, 'risk', preparer);
  return submit(p, V1, preparer);
}

test('CVR modulus 11 and the create-case shapes', () => {
  assert.ok(isValidCvr('12345674'));
  assert.ok(isValidCvr('31313139'));
  assert.not.ok(isValidCvr('12345675'));
  assert.not.ok(isValidCvr('1234567'));
  assert.not.ok(isValidCvr('1234567a'));
  assert.not.ok(isValidCvr('00000000'));
  const parsed = createCaseSchema.safeParse({ type: 'onboarding', cvr: ' 1234 5674 ' });
  assert.ok(parsed.success && 'cvr' in parsed.data && parsed.data.cvr === '12345674');
  assert.not.ok(createCaseSchema.safeParse({ type: 'onboarding', cvr: "1'; drop table cases;--" }).success);
  assert.ok(createCaseSchema.safeParse({ type: 'onboarding', client: { kind: 'person', name: 'Anna Berg', country: 'dk', birthDate: '1980-01-02' } }).success);
  assert.not.ok(createCaseSchema.safeParse({ type: 'onboarding', client: { kind: 'person', name: '' } }).success);
  assert.not.ok(createCaseSchema.safeParse({ type: 'onboarding', client: { kind: 'person', name: 'A', birthDate: '1980-13-40' } }).success);
});

test('each step has its condition: registry data, resolved hits, a risk level, accepted sections', () => {
  const p = initialProgress();
  assert.throws(() => completeStep(p, 'data_collection', 'h1'), /has not finished/);
  assert.throws(() => completeStep({ ...p, registry: 'unavailable' }, 'data_collection', 'h1'), /retry the lookup/);
  let q = completeStep({ ...p, registry: 'collected' }, 'data_collection', 'h1');
  assert.throws(() => completeStep(q, 'screening', 'h1'), /not finished/);
  q = { ...q, hits: [{ id: 'x', decision: 'open' }, { id: 'y', decision: 'open' }] };
  q = decideHit(q, 'x', 'confirmed', 'h1');
  assert.throws(() => completeStep(q, 'screening', 'h1'), /1 screening hit/);
  assert.throws(() => decideHit(q, 'nope', 'dismissed', 'h1'), /no such hit/);
  q = completeStep(decideHit(q, 'y', 'dismissed', 'h1'), 'screening', 'h1');
  assert.throws(() => completeStep(q, 'risk', 'h1'), /not finished/);
  q = completeStep({ ...q, riskLevel: 'low', dueDiligence: 'simplified' }, 'risk', 'h1');
  assert.throws(() => completeStep(q, 'report', 'h1'), /submitting/);
  // Whether the sections are accepted is the case file's submission gate (domain/kyc/case-file.ts), read from Postgres.
  assert.throws(() => submit(q, 'not-a-hash', 'h1'), /report version/);
  assert.equal([submit(q, V1, 'h1').status, submit(q, V1, 'h1').step], ['in_review', 'review']);
  assert.throws(() => completeStep(initialProgress(), 'risk', 'h1'), (e: unknown) => e instanceof CaseTransitionError);
});

test('four-eyes: an editor of the case file in Postgres joins the preparers and cannot decide', () => {
  const p = withEditors(toReview(), ['e1', 'h1']);
  assert.equal(p.preparedBy.filter((x) => x === 'h1').length, 1, 'no duplicates');
  assert.throws(() => decide(p, { decision: 'approve', actorId: 'e1', roles: ['reviewer'], reportVersion: V1 }), code('forbidden'));
  assert.throws(() => decide(p, { decision: 'reject', actorId: 'e1', roles: ['reviewer'], reportVersion: V1 }), /four-eyes/);
});

test('four-eyes: whoever prepared or edited the case cannot decide it', () => {
  let p: CaseProgress = { ...initialProgress(), registry: 'collected' };
  p = completeStep(p, 'data_collection', 'h1');
  p = { ...p, hits: [] };
  p = completeStep(p, 'screening', 'h1');
  p = { ...p, riskLevel: 'low', dueDiligence: 'simplified' };
  p = overrideRisk(p, 'medium', 'standard', 'r2'); // an editor who completed nothing
  p = completeStep(p, 'risk', 'h1');
  p = submit(p, V1, 'h1');
  assert.throws(() => decide(p, { decision: 'approve', actorId: 'h1', roles: ['reviewer'], reportVersion: V1 }), code('forbidden'));
  assert.throws(() => decide(p, { decision: 'approve', actorId: 'r2', roles: ['reviewer'], reportVersion: V1 }), /four-eyes/);
  assert.is(decide(p, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }).status, 'approved');
});

test('a stale report version is refused', () => {
  const p = toReview();
  assert.throws(() => decide(p, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V2 }), code('stale_version'));
});

test('high risk needs a reviewer and a compliance officer, in either order', () => {
  const p = toReview('high');
  const one = decide(p, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 });
  assert.equal([one.status, one.approvals], ['in_review', [{ actorId: 'r1', capacity: 'reviewer' }]]);
  assert.throws(() => decide(one, { decision: 'approve', actorId: 'r2', roles: ['reviewer'], reportVersion: V1 }), /compliance officer/);
  assert.throws(() => decide(one, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }), /already approved/);
  assert.is(decide(one, { decision: 'approve', actorId: 'c1', roles: ['reviewer', 'compliance_officer'], reportVersion: V1 }).status, 'approved');
  const first = decide(p, { decision: 'approve', actorId: 'c1', roles: ['reviewer', 'compliance_officer'], reportVersion: V1 });
  assert.equal(first.approvals, [{ actorId: 'c1', capacity: 'compliance_officer' }]);
  assert.is(decide(first, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }).status, 'approved');
});

test('return to a named step, then monitoring and the end of the relationship', () => {
  const p = toReview();
  const back = decide(p, { decision: 'return', actorId: 'r1', roles: ['reviewer'], reportVersion: V1, returnTo: 'risk' });
  assert.equal([back.status, back.step, back.reportVersion], ['open', 'risk', null]);
  assert.throws(() => decide(p, { decision: 'return', actorId: 'r1', roles: ['reviewer'], reportVersion: V1, returnTo: 'review' }), /cannot be returned/);
  assert.is(decide(p, { decision: 'reject', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }).status, 'declined', 'a rejected onboarding is declined');
  assert.is(decide({ ...p, caseType: 'periodic_review' }, { decision: 'reject', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }).status, 'ended', 'a rejected review ends the relationship');
  assert.throws(() => decide(initialProgress(), { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }), /not waiting for review/);
  const approved = decide(p, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 });
  const monitoring = startMonitoring(approved);
  assert.is(endRelationship(monitoring).status, 'ended');
  assert.throws(() => endRelationship(p), /approved client relationship/);
});

test('ongoing monitoring: new hits are added open, known ones keep their decision; while monitoring an open hit is decided on the case', () => {
  assert.equal(addMonitoringHits(initialProgress(), ['m1']).hits, null, 'before screening nothing changes: screening reads every hit');
  let p: CaseProgress = { ...initialProgress(), registry: 'collected' };
  p = completeStep(p, 'data_collection', 'h1');
  p = { ...p, hits: [{ id: 'hit1', decision: 'dismissed' }] };
  p = addMonitoringHits(p, ['hit1', 'm1']);
  assert.equal(p.hits, [{ id: 'hit1', decision: 'dismissed' }, { id: 'm1', decision: 'open' }]);
  assert.throws(() => completeStep(p, 'screening', 'h1'), code('conflict'));

  const monitoring = { ...p, status: 'monitoring' as const, step: null, hits: [{ id: 'hit1', decision: 'dismissed' as const }, { id: 'm2', decision: 'open' as const }] };
  assert.equal(decideHit(monitoring, 'm2', 'confirmed', 'h1').hits!.find((h) => h.id === 'm2')!.decision, 'confirmed');
  assert.throws(() => decideHit(monitoring, 'hit1', 'confirmed', 'h1'), /not at step screening/, 'a decided hit is not reopened by a handler');
});

test('a hit raised during review blocks approval until the case went back to screening and the hit is decided', () => {
  const inReview = addMonitoringHits(toReview(), ['m1']);
  assert.throws(() => decide(inReview, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 }), code('conflict'));
  assert.throws(() => decideHit(inReview, 'm1', 'dismissed', 'r1'), /not at step screening/, 'a reviewer does not decide hits in review');
  const back = decide(inReview, { decision: 'return', actorId: 'r1', roles: ['reviewer'], reportVersion: V1, returnTo: 'screening' });
  assert.equal([back.status, back.step], ['open', 'screening']);
  const decided = decideHit(back, 'm1', 'dismissed', 'h1');
  assert.is(completeStep(decided, 'screening', 'h1').step, 'risk');
});

test('§ 18: a PEP case needs a compliance officer besides the reviewer, whatever the risk level', () => {
  const p = { ...toReview('low'), pep: true };
  const one = decide(p, { decision: 'approve', actorId: 'r1', roles: ['reviewer'], reportVersion: V1 });
  assert.is(one.status, 'in_review');
  assert.throws(() => decide(one, { decision: 'approve', actorId: 'r2', roles: ['reviewer'], reportVersion: V1 }), /politically exposed person/);
  assert.is(decide(one, { decision: 'approve', actorId: 'c1', roles: ['compliance_officer'], reportVersion: V1 }).status, 'approved');
});

test('outcomes by case type: an onboarding is declined, a review ends the relationship; neither the other way round', () => {
  const onboarding = toReview();
  assert.is(decline(onboarding).status, 'declined');
  assert.is(decline(initialProgress()).status, 'declined', 'an open onboarding can be declined at any step');
  assert.throws(() => endRelationship(initialProgress()), /can end/);
  const review = { ...toReview(), caseType: 'periodic_review' as const };
  assert.throws(() => decline(review), /end the relationship instead/);
  assert.is(endRelationship(review).status, 'ended');
  assert.throws(() => decline({ ...onboarding, status: 'approved', step: null }), /only an open case/);
});

test.run();
