// The default when no news-search provider is configured: every search reports
// `not_performed` with the reason, so the case shows that adverse media still
// has to be checked by hand, never that nothing was found.
import type { AdverseMediaProvider } from './adverse-media.ts';

export function createOfflineAdverseMedia(): AdverseMediaProvider {
  return {
    name: 'offline',
    async search() {
      return {
        status: 'not_performed',
        provider: 'offline',
        reason: 'no_provider_configured',
        detail: 'No adverse-media provider is configured (ADVERSE_MEDIA_URL is unset): search by hand and attach what you find as evidence.',
      };
    },
  };
}
