// AI drafting's rules, pure: the evidence pack a section is drafted from
// (numbered items E1…En built from what the case file records), what never
// goes into it, the placeholders that stand in for person names when the
// organisation asks for it, and the validator every draft must pass: each
// sentence cites at least one evidence id, and only ids the pack holds.

/** What is never part of an evidence pack, whatever a caller passes (§ 38 tipping-off; CPR numbers). */
export const NEVER_IN_EVIDENCE = ['case_investigations', 'case_authority_reports', 'cpr_sealed', 'suspicion'] as const;
/** A note longer than this is cut, with a visible notice. */
export const MAX_NOTE_CHARS = 2000;

export type EvidenceKind = 'registry' | 'party' | 'ownership' | 'hit' | 'risk' | 'relationship' | 'document' | 'note';
export interface EvidenceItem { id: string; kind: EvidenceKind; text: string }
export interface EvidenceSource { kind: EvidenceKind; text: string }

/** Numbers the items in order (E1, E2, …); notes cut at MAX_NOTE_CHARS with a notice. */
export function evidencePack(sources: readonly EvidenceSource[], cutNotice: string): EvidenceItem[] {
  return sources.map((s, i) => ({
    id: `E${i + 1}`,
    kind: s.kind,
    text: s.kind === 'note' && s.text.length > MAX_NOTE_CHARS ? `${s.text.slice(0, MAX_NOTE_CHARS)} ${cutNotice}` : s.text,
  }));
}

/** Person names replaced by PERSON_1, PERSON_2 … (longest first, so "Jens Peter Hansen" goes before "Jens Peter"). */
export function pseudonymise(texts: readonly string[], names: readonly string[]): { texts: string[]; restore: (text: string) => string } {
  const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))].sort((a, b) => b.length - a.length);
  const token = new Map(unique.map((n, i) => [n, `PERSON_${i + 1}`]));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replaceAll = (text: string) => unique.reduce((t, n) => t.replace(new RegExp(escape(n), 'gi'), token.get(n)!), text);
  const back = [...token.entries()].sort((a, b) => b[1].length - a[1].length);
  return { texts: texts.map(replaceAll), restore: (text) => back.reduce((t, [name, tok]) => t.split(tok).join(name), text) };
}

export interface DraftCitation { sentence: number; evidence: string[] }
export type DraftCheck =
  | { ok: true; text: string; citations: DraftCitation[] }
  | { ok: false; problem: 'not_json' | 'no_sentences' | 'uncited_sentence' | 'unknown_evidence'; detail: string };

/**
 * The model answers `{"sentences": [{"text": "…", "evidence": ["E1", …]}, …]}` (a code fence around it is
 * tolerated). Every sentence must cite at least one id, and every id must be in the pack.
 */
export function checkDraft(answer: string, knownIds: ReadonlySet<string>): DraftCheck {
  const json = answer.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'not_json', detail: 'the answer is not the JSON object asked for' };
  }
  const sentences = (parsed as { sentences?: unknown })?.sentences;
  if (!Array.isArray(sentences) || !sentences.length) return { ok: false, problem: 'no_sentences', detail: 'the answer has no sentences' };
  const texts: string[] = [];
  const citations: DraftCitation[] = [];
  for (const [i, s] of sentences.entries()) {
    const text = typeof (s as { text?: unknown })?.text === 'string' ? (s as { text: string }).text.trim() : '';
    const evidence = (s as { evidence?: unknown })?.evidence;
    if (!text) return { ok: false, problem: 'no_sentences', detail: `sentence ${i + 1} is empty` };
    if (!Array.isArray(evidence) || !evidence.length || !evidence.every((e) => typeof e === 'string')) {
      return { ok: false, problem: 'uncited_sentence', detail: `sentence ${i + 1} cites no evidence: "${text.slice(0, 80)}"` };
    }
    const unknown = (evidence as string[]).filter((e) => !knownIds.has(e));
    if (unknown.length) return { ok: false, problem: 'unknown_evidence', detail: `sentence ${i + 1} cites ${unknown.join(', ')}, which the evidence does not hold` };
    texts.push(text);
    citations.push({ sentence: i, evidence: [...new Set(evidence as string[])] });
  }
  return { ok: true, text: texts.join(' '), citations };
}
