import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assessRisk, DEFAULT_RISK_MODEL, riskModelSchema, type RiskInputs } from './risk.ts';

const plain: RiskInputs = { countries: ['DK'], industryCode: '107120', ownershipDepth: 1, foreignOwners: false, uboUnresolved: false, pep: false, sanctions: false, adverseMedia: false, product: 'standard', deliveryChannel: 'in_person' };

test('a plain Danish bakery is low risk with simplified due diligence, and says why', () => {
  const r = assessRisk(plain);
  assert.equal([r.riskLevel, r.dueDiligence, r.score, r.modelVersion], ['low', 'simplified', 0, DEFAULT_RISK_MODEL.version]);
  assert.is(r.reasons.length, 8);
  assert.ok(r.reasons.every((x) => x.detail.length > 0));
});

test('weights and thresholds decide the level', () => {
  assert.is(assessRisk({ ...plain, countries: ['DK', 'SE'], ownershipDepth: 3, foreignOwners: true }).riskLevel, 'medium');
  assert.is(assessRisk({ ...plain, industryCode: '682040', countries: ['DK', 'IR'] }).riskLevel, 'medium');
  assert.is(assessRisk({ ...plain, industryCode: '682040', countries: ['DK', 'IR'], deliveryChannel: 'remote', adverseMedia: true }).riskLevel, 'high');
  const strict = { ...DEFAULT_RISK_MODEL, version: 'strict-1', thresholds: { medium: 1, high: 10 } };
  const r = assessRisk({ ...plain, deliveryChannel: 'remote' }, strict);
  assert.equal([r.riskLevel, r.modelVersion], ['medium', 'strict-1']);
});

test('legal rules hold whatever the weights: sanctions → high, PEP → enhanced', () => {
  const zero = { ...DEFAULT_RISK_MODEL, weights: Object.fromEntries(Object.keys(DEFAULT_RISK_MODEL.weights).map((k) => [k, 0])) as typeof DEFAULT_RISK_MODEL.weights };
  const s = assessRisk({ ...plain, sanctions: true }, zero);
  assert.equal([s.riskLevel, s.dueDiligence], ['high', 'enhanced']);
  const p = assessRisk({ ...plain, pep: true }, zero);
  assert.equal([p.riskLevel, p.dueDiligence], ['low', 'enhanced']);
  assert.is(p.rules.length, 1);
});

test('an organisation model is validated', () => {
  assert.ok(riskModelSchema.safeParse(DEFAULT_RISK_MODEL).success);
  assert.not.ok(riskModelSchema.safeParse({ ...DEFAULT_RISK_MODEL, thresholds: { medium: 50, high: 10 } }).success);
  assert.not.ok(riskModelSchema.safeParse({ ...DEFAULT_RISK_MODEL, highRiskCountries: ['Russia'] }).success);
  assert.not.ok(riskModelSchema.safeParse({ ...DEFAULT_RISK_MODEL, weights: { ...DEFAULT_RISK_MODEL.weights, pep: -5 } }).success);
});


test('an unanswered product or channel and an adverse-media check nobody made say so instead of assuming', () => {
  const r = assessRisk({ ...plain, product: null, deliveryChannel: null, adverseMedia: 'not_performed' });
  const detail = (f: string) => r.reasons.find((x) => x.factor === f)!.detail;
  assert.is(detail('product'), 'product not answered');
  assert.is(detail('delivery_channel'), 'delivery channel not answered');
  assert.is(detail('adverse_media'), 'adverse media not performed');
  assert.is.not(detail('adverse_media'), 'no adverse media');
});

test.run();
