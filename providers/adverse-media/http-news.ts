// A generic HTTP news-search provider: GET <url>?q=<name>[&country=XX] with an
// optional Bearer key, answering {"articles": [{title, url, source?, publishedAt?, snippet?}]}.
// A slow, failing or unreadable answer is `not_performed` (provider_unavailable),
// never an empty result.
import { z } from 'zod';
import { searchableName, type AdverseMediaProvider, type AdverseMediaResult } from './adverse-media.ts';

export interface HttpNewsOptions {
  url: string;
  apiKey: string | null;
  timeoutMs?: number;
  maxArticles?: number;
  now?: () => Date;
}

const answerSchema = z.object({
  articles: z.array(z.object({
    title: z.string().min(1).max(1000),
    url: z.url({ protocol: /^https?$/ }),
    source: z.string().max(300).nullish(),
    publishedAt: z.string().max(40).nullish(),
    snippet: z.string().max(5000).nullish(),
  })).max(1000),
});

const MAX_ANSWER_BYTES = 2_000_000;

export function createHttpNewsAdverseMedia(options: HttpNewsOptions): AdverseMediaProvider {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const unavailable = (detail: string): AdverseMediaResult => ({ status: 'not_performed', provider: 'http-news', reason: 'provider_unavailable', detail });
  return {
    name: 'http-news',
    async search(subject) {
      const name = searchableName(subject.name);
      if (!name) return { status: 'not_performed', provider: 'http-news', reason: 'invalid_subject', detail: 'The name has no searchable letters or is too long.' };
      const url = new URL(options.url);
      url.searchParams.set('q', name);
      if (subject.country) url.searchParams.set('country', subject.country);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      let text: string;
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
        if (res.status === 401 || res.status === 403) return { status: 'not_performed', provider: 'http-news', reason: 'provider_rejected', detail: `The news provider refused the request (HTTP ${res.status}); check ADVERSE_MEDIA_API_KEY.` };
        if (res.status !== 200) return unavailable(`The news provider answered HTTP ${res.status}.`);
        text = await res.text();
      } catch (error) {
        return unavailable(`The news provider did not answer: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : 'connection failed'}.`);
      }
      if (text.length > MAX_ANSWER_BYTES) return unavailable('The news provider answered with more than 2 MB.');
      let parsed;
      try {
        parsed = answerSchema.safeParse(JSON.parse(text));
      } catch {
        return unavailable('The news provider answered with something that is not JSON.');
      }
      if (!parsed.success) return unavailable('The news provider answered in an unexpected shape.');
      return {
        status: 'performed',
        provider: 'http-news',
        searchedAt: now().toISOString(),
        query: name,
        articles: parsed.data.articles.slice(0, options.maxArticles ?? 50).map((a) => ({ title: a.title, url: a.url, source: a.source ?? null, publishedAt: a.publishedAt ?? null, snippet: a.snippet ?? null })),
      };
    },
  };
}
