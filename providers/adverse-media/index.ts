// Picks the adverse-media provider from configuration: the HTTP news search when
// ADVERSE_MEDIA_URL is set, otherwise the offline default (`not_performed`).
import { createHttpNewsAdverseMedia } from './http-news.ts';
import { createOfflineAdverseMedia } from './offline.ts';
import type { AdverseMediaProvider } from './adverse-media.ts';

export function createAdverseMediaProvider(config: { adverseMedia: { url: string; apiKey: string | null } | null }): AdverseMediaProvider {
  return config.adverseMedia ? createHttpNewsAdverseMedia(config.adverseMedia) : createOfflineAdverseMedia();
}
