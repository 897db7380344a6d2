// The adverse-media port: a news search about a case's client or party. A search
// either was performed (with what it found, possibly nothing) or was not, with
// the reason. "Not performed" is never reported as "nothing found": a handler
// must see that no search happened, and search by hand or attach evidence.

export interface AdverseMediaSubject {
  kind: 'person' | 'company';
  name: string;
  /** ISO2, narrows the search when known. */
  country?: string;
}

export interface AdverseMediaArticle {
  title: string;
  url: string;
  source: string | null;
  publishedAt: string | null;
  snippet: string | null;
}

export const NOT_PERFORMED_REASONS = ['no_provider_configured', 'provider_unavailable', 'provider_rejected', 'invalid_subject'] as const;
export type NotPerformedReason = (typeof NOT_PERFORMED_REASONS)[number];

export type AdverseMediaResult =
  | { status: 'performed'; provider: string; searchedAt: string; query: string; articles: AdverseMediaArticle[] }
  | { status: 'not_performed'; provider: string; reason: NotPerformedReason; detail: string };

export interface AdverseMediaProvider {
  readonly name: string;
  search(subject: AdverseMediaSubject): Promise<AdverseMediaResult>;
}

/** Names a search can use: trimmed, no control characters, 2 to 300 characters. */
export function searchableName(name: string): string | null {
  const cleaned = name.normalize('NFKC').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').replace(/\s+/g, ' ').trim();
  if (cleaned.length < 2 || cleaned.length > 300 || !/\p{L}/u.test(cleaned)) return null;
  return cleaned;
}
