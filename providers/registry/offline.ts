// The offline default registry: answers from the fictitious demo companies, so
// the platform works without CVR credentials.
import { DEMO_COMPANIES } from './demo-companies.ts';
import type { CompanyFacts, CompanyRegistry } from './registry.ts';

export function createOfflineRegistry(companies: readonly CompanyFacts[] = DEMO_COMPANIES): CompanyRegistry {
  const byCvr = new Map(companies.map((c) => [c.cvr, c]));
  return {
    async lookup(cvr) {
      const found = byCvr.get(cvr);
      return found ? structuredClone(found) : null;
    },
  };
}
