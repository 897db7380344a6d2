// The real registry: the CVR system-to-system API (Erhvervsstyrelsen), an
// Elasticsearch `_search` on the cvr-permanent index with basic auth. A slow,
// failing or unreadable answer becomes RegistryUnavailableError (callers retry);
// an empty hit list means the number is unknown.
import { RegistryUnavailableError, type CompanyRegistry } from './registry.ts';
import { mapCompany, searchResponseSchema } from './cvr-mapping.ts';

export interface CvrHttpOptions {
  /** Base URL, e.g. http://distribution.virk.dk; the index path is appended. */
  url: string;
  user: string | null;
  password: string | null;
  timeoutMs?: number;
  maxBytes?: number;
}

export function createCvrHttpRegistry(options: CvrHttpOptions): CompanyRegistry {
  const endpoint = `${options.url.replace(/\/+$/, '')}/cvr-permanent/virksomhed/_search`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.user) headers.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 8000;
  const maxBytes = options.maxBytes ?? 8_000_000;

  return {
    async lookup(cvr) {
      const body = JSON.stringify({ _source: ['Vrvirksomhed'], query: { term: { 'Vrvirksomhed.cvrNummer': Number(cvr) } }, size: 1 });
      let text: string;
      try {
        const res = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
        if (res.status !== 200) {
          await res.body?.cancel();
          throw new RegistryUnavailableError('http_error', `the CVR register answered HTTP ${res.status}`);
        }
        const declared = Number(res.headers.get('content-length') ?? 0);
        if (declared > maxBytes) {
          await res.body?.cancel();
          throw new RegistryUnavailableError('garbage', 'the CVR register answered with an oversized document');
        }
        text = await res.text();
      } catch (error) {
        if (error instanceof RegistryUnavailableError) throw error;
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new RegistryUnavailableError('timeout', 'the CVR register did not answer in time', { cause: error });
        throw new RegistryUnavailableError('unreachable', 'the CVR register could not be reached', { cause: error });
      }
      if (text.length > maxBytes) throw new RegistryUnavailableError('garbage', 'the CVR register answered with an oversized document');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new RegistryUnavailableError('garbage', 'the CVR register answered something that is not JSON', { cause: error });
      }
      const parsed = searchResponseSchema.safeParse(json);
      if (!parsed.success) throw new RegistryUnavailableError('garbage', 'the CVR register answered in an unexpected shape');
      const hit = parsed.data.hits.hits.find((h) => String(h._source.Vrvirksomhed.cvrNummer) === cvr);
      if (!hit) {
        if (parsed.data.hits.hits.length > 0) throw new RegistryUnavailableError('garbage', 'the CVR register answered for another company');
        return null;
      }
      return mapCompany(hit._source.Vrvirksomhed);
    },
  };
}
