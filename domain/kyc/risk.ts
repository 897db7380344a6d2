// The risk model: a versioned, organisation-configurable set of weighted
// factors (country, industry, ownership complexity, PEP, sanctions, adverse
// media, product, delivery channel) giving low, medium or high risk and the
// due-diligence level, with the reasons that led there. Rules the law fixes
// (a PEP means enhanced due diligence; a confirmed sanctions hit means high
// risk) hold whatever the weights say. Pure: no I/O.
import { z } from 'zod';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const DUE_DILIGENCE_LEVELS = ['simplified', 'standard', 'enhanced'] as const;
export const RISK_FACTORS = ['country', 'industry', 'ownership_complexity', 'pep', 'sanctions', 'adverse_media', 'product', 'delivery_channel'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevelSchema>;
export type DueDiligence = (typeof DUE_DILIGENCE_LEVELS)[number];
export type RiskFactor = (typeof RISK_FACTORS)[number];

const iso2 = z.string().regex(/^[A-Z]{2}$/);
export const riskModelSchema = z.object({
  version: z.string().min(1).max(40),
  weights: z.object(Object.fromEntries(RISK_FACTORS.map((f) => [f, z.number().min(0).max(100)])) as Record<RiskFactor, z.ZodNumber>),
  /** Total score (0–100) from which a case is medium, and high. */
  thresholds: z.object({ medium: z.number().min(0).max(100), high: z.number().min(0).max(100) }).refine((t) => t.medium <= t.high, 'medium must not exceed high'),
  highRiskCountries: z.array(iso2).max(300),
  /** NACE/DB07 code prefixes of industries the organisation treats as high risk. */
  highRiskIndustries: z.array(z.string().regex(/^\d{1,6}$/)).max(500),
});
export type RiskModel = z.infer<typeof riskModelSchema>;

/**
 * The default model. Countries: FATF high-risk and increased-monitoring
 * jurisdictions and Russia/Belarus (sanctions exposure); industries: real estate,
 * wholesale of machinery (dual use), holding and trust structures, gambling, crypto.
 */
export const DEFAULT_RISK_MODEL: RiskModel = {
  version: 'default-2026-1',
  weights: { country: 20, industry: 15, ownership_complexity: 15, pep: 20, sanctions: 40, adverse_media: 15, product: 10, delivery_channel: 5 },
  thresholds: { medium: 15, high: 45 },
  highRiskCountries: ['KP', 'IR', 'MM', 'RU', 'BY', 'SY', 'AF', 'YE', 'VE', 'HT', 'SS', 'ML', 'MZ', 'NG', 'CD'],
  highRiskIndustries: ['6820', '4669', '6420', '6430', '9200', '6499'],
};

export interface RiskInputs {
  /** ISO2 countries of the client and every party. */
  countries: string[];
  industryCode: string | null;
  /** Longest ownership chain (1 = owned directly by persons). */
  ownershipDepth: number;
  foreignOwners: boolean;
  uboUnresolved: boolean;
  pep: boolean;
  sanctions: boolean;
  /** `not_performed`: no adverse-media source is configured, so the check was not made (never "no adverse media"). */
  adverseMedia: boolean | 'not_performed';
  /** Unanswered (null) counts nothing and says so; the case file asks for both before data collection completes. */
  product: 'standard' | 'high_risk' | null;
  deliveryChannel: 'in_person' | 'remote' | null;
}

export interface RiskReason { factor: RiskFactor; score: number; weight: number; contribution: number; detail: string }
export interface RiskAssessment {
  modelVersion: string;
  score: number;
  riskLevel: RiskLevel;
  dueDiligence: DueDiligence;
  reasons: RiskReason[];
  rules: string[];
}

const DD_BY_LEVEL: Record<RiskLevel, DueDiligence> = { low: 'simplified', medium: 'standard', high: 'enhanced' };

export function assessRisk(inputs: RiskInputs, model: RiskModel = DEFAULT_RISK_MODEL): RiskAssessment {
  const risky = inputs.countries.filter((c) => model.highRiskCountries.includes(c));
  const foreign = inputs.countries.some((c) => c !== 'DK');
  const industry = inputs.industryCode && model.highRiskIndustries.some((p) => inputs.industryCode!.startsWith(p));
  const complexity = Math.min(1, (Math.max(0, inputs.ownershipDepth - 1) * 0.3) + (inputs.foreignOwners ? 0.3 : 0) + (inputs.uboUnresolved ? 0.4 : 0));
  const factors: Record<RiskFactor, [number, string]> = {
    country: risky.length ? [1, `high-risk country: ${[...new Set(risky)].join(', ')}`] : foreign ? [0.3, 'parties outside Denmark'] : [0, 'Denmark only'],
    industry: industry ? [1, `high-risk industry ${inputs.industryCode}`] : [0, inputs.industryCode ? `industry ${inputs.industryCode}` : 'industry unknown'],
    ownership_complexity: [complexity, `chain depth ${inputs.ownershipDepth}${inputs.foreignOwners ? ', foreign owners' : ''}${inputs.uboUnresolved ? ', UBO not established' : ''}`],
    pep: inputs.pep ? [1, 'a party is a politically exposed person'] : [0, 'no PEP'],
    sanctions: inputs.sanctions ? [1, 'a party is on a sanctions list'] : [0, 'no sanctions hit'],
    adverse_media: inputs.adverseMedia === 'not_performed' ? [0, 'adverse media not performed'] : inputs.adverseMedia ? [1, 'confirmed adverse media'] : [0, 'no adverse media'],
    product: inputs.product === 'high_risk' ? [1, 'high-risk product'] : inputs.product === 'standard' ? [0, 'standard product'] : [0, 'product not answered'],
    delivery_channel: inputs.deliveryChannel === 'remote' ? [1, 'remote onboarding'] : inputs.deliveryChannel === 'in_person' ? [0, 'in person'] : [0, 'delivery channel not answered'],
  };
  const reasons: RiskReason[] = RISK_FACTORS.map((factor) => {
    const [score, detail] = factors[factor];
    const weight = model.weights[factor];
    return { factor, score, weight, contribution: Math.round(score * weight * 100) / 100, detail };
  });
  const score = Math.round(reasons.reduce((s, r) => s + r.contribution, 0) * 100) / 100;
  let riskLevel: RiskLevel = score >= model.thresholds.high ? 'high' : score >= model.thresholds.medium ? 'medium' : 'low';
  let dueDiligence = DD_BY_LEVEL[riskLevel];
  const rules: string[] = [];
  if (inputs.sanctions && riskLevel !== 'high') {
    riskLevel = 'high'; dueDiligence = 'enhanced';
    rules.push('a confirmed sanctions hit makes the case high risk');
  }
  if (inputs.pep && dueDiligence !== 'enhanced') {
    dueDiligence = 'enhanced';
    rules.push('a politically exposed person requires enhanced due diligence (hvidvaskloven § 18)');
  }
  return { modelVersion: model.version, score, riskLevel, dueDiligence, reasons, rules };
}

export const dueDiligenceFor = (level: RiskLevel, pep: boolean): DueDiligence => (pep ? 'enhanced' : DD_BY_LEVEL[level]);
