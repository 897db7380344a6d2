// Picks the registry provider from configuration: the CVR API when CVR_API_URL
// is set, otherwise the offline demo companies.
import { createCvrHttpRegistry } from './cvr-http.ts';
import { createOfflineRegistry } from './offline.ts';
import type { CompanyRegistry } from './registry.ts';

export function createRegistry(config: { cvr: { url: string; user: string | null; password: string | null } | null }): CompanyRegistry {
  return config.cvr ? createCvrHttpRegistry(config.cvr) : createOfflineRegistry();
}

/** Retries a lookup a few times on RegistryUnavailableError (for interactive callers; activities use Temporal's retries). */
export async function lookupWithRetry(registry: CompanyRegistry, cvr: string, attempts = 3): ReturnType<CompanyRegistry['lookup']> {
  for (let i = 1; ; i++) {
    try {
      return await registry.lookup(cvr);
    } catch (error) {
      if (i >= attempts || (error as Error).name !== 'RegistryUnavailableError') throw error;
    }
  }
}
