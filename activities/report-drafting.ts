// Report drafting: today a template filled with the collected facts, so the
// handler starts from the facts rather than a blank page. AI drafting (with
// provider, model, prompt version, input hash and cited evidence) will replace
// this behind the same activity; a draft is never accepted by itself.
import type { HitRecord, PartyRecord } from '../db/repositories/case-data.ts';
import type { SectionKey } from '../domain/kyc/case.ts';

const pct = (b: { low: number; high: number } | null) =>
  !b ? 'unknown share' : b.low === b.high ? `${Math.round(b.low * 1000) / 10} %` : `${Math.round(b.low * 1000) / 10}–${Math.round(b.high * 1000) / 10} %`;

export function draftSections(input: { row: Record<string, any>; parties: PartyRecord[]; hits: HitRecord[] }): { key: SectionKey; text: string; source: string }[] {
  const { row, parties, hits } = input;
  const facts = row.clientFacts ?? {};
  const ubos = parties.filter((p) => p.ubo && p.ubo.certainty !== 'fallback');
  const fallback = parties.filter((p) => p.ubo?.certainty === 'fallback');
  const confirmed = hits.filter((h) => h.decision === 'confirmed');
  const dismissed = hits.filter((h) => h.decision === 'dismissed');
  const text: Record<SectionKey, string> = {
    client_description: [
      `${row.clientName ?? 'The client'}${row.clientCvr ? ` (CVR ${row.clientCvr})` : ''}${facts.legalForm ? `, ${facts.legalForm}` : ''}.`,
      facts.industry ? `Industry: ${facts.industry.code} ${facts.industry.text}.` : '',
      facts.address ? `Registered address: ${facts.address}.` : '',
      facts.foundedOn ? `Founded ${facts.foundedOn}.` : '',
    ].filter(Boolean).join(' '),
    ownership_and_control: ubos.length
      ? `Ultimate beneficial owners: ${ubos.map((p) => `${p.name} (${pct(p.ubo!.share)}${p.ubo!.certainty === 'possible' ? ', possibly above 25 % given the registered band' : ''})`).join('; ')}.`
      : `No natural person owns or controls more than 25 %${row.uboFallbackReason === 'ownership_chain_unresolved' ? ' as far as the ownership chain could be followed' : ''}; senior management is recorded as beneficial owners: ${fallback.map((p) => p.name).join(', ') || 'none registered'}.`,
    screening_summary: `${parties.length} parties screened against sanctions and PEP lists. ${hits.length} potential match(es): ${confirmed.length} confirmed, ${dismissed.length} dismissed as false positives.`,
    risk_rationale: row.riskLevel ? `Risk assessed as ${row.riskLevel} with ${row.dueDiligence} due diligence (model ${row.riskAssessment?.modelVersion ?? 'unknown'}).` : 'Risk assessment pending.',
    conclusion: 'Based on the above, we propose to [accept / not accept] the client relationship.',
  };
  return (Object.keys(text) as SectionKey[]).map((key) => ({ key, text: text[key], source: 'template' }));
}
