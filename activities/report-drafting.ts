// Report drafting: a template filled with the collected facts, in the case's
// language (Danish or English), so the handler starts from the facts rather than
// a blank page. It says how each person was verified, and that adverse media
// was not checked where no source is configured. The conclusion's reasons are
// left as a placeholder: the handler writes them, and a section holding a
// placeholder cannot be accepted. AI drafting replaces this behind the same
// activity (issue 13); a draft is never accepted by itself.
import type { HitRecord, PartyRecord } from '../db/repositories/case-data.ts';
import type { RelationshipRecord, VerificationRecord } from '../db/repositories/case-file.ts';
import type { SectionKey } from '../domain/kyc/case.ts';
import type { CaseLanguage } from '../domain/kyc/case-file.ts';

export interface DraftInput {
  row: Record<string, any>;
  language: CaseLanguage;
  parties: PartyRecord[];
  hits: HitRecord[];
  verifications: VerificationRecord[];
  relationship: RelationshipRecord | null;
  /** Whether an adverse-media source is configured (none is yet: the check is "not performed"). */
  adverseMediaPerformed: boolean;
}

const pct = (b: { low: number; high: number } | null, unknown: string) =>
  !b ? unknown : b.low === b.high ? `${Math.round(b.low * 1000) / 10} %` : `${Math.round(b.low * 1000) / 10}–${Math.round(b.high * 1000) / 10} %`;
const dkDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

const WORDS = {
  da: {
    theClient: 'Kunden', industry: 'Branche', address: 'Registreret adresse', founded: 'Stiftet', unknownShare: 'ukendt andel',
    possibly: 'muligvis over 25 % efter den registrerede andel',
    ubos: 'Reelle ejere', noUbo: 'Ingen fysisk person ejer eller kontrollerer mere end 25 %', chainNote: ' så vidt ejerkæden kunne følges',
    fallback: 'den daglige ledelse er registreret som reelle ejere', none: 'ingen registreret',
    verifiedHeading: 'Identitetskontrol', notVerified: 'ikke kontrolleret',
    methods: { id_document: 'ID-dokument', mitid: 'MitID', other: 'anden pålidelig, uafhængig kilde' } as Record<string, string>,
    verifiedOn: 'kontrolleret', screened: (n: number) => `${n} parter screenet mod sanktions- og PEP-lister.`,
    matches: (n: number, c: number, d: number) => `${n} mulige match: ${c} bekræftet, ${d} afvist som falske positiver.`,
    adverseNotPerformed: 'Negativ omtale (adverse media): ikke udført, da ingen kilde er sat op.',
    adverseDone: 'Negativ omtale (adverse media) er kontrolleret.',
    risk: (level: string, dd: string, model: string) => `Risikoen er vurderet som ${({ low: 'lav', medium: 'middel', high: 'høj' } as Record<string, string>)[level] ?? level} med ${({ simplified: 'forenklet', standard: 'normal', enhanced: 'skærpet' } as Record<string, string>)[dd] ?? dd} kundekendskabsprocedure (model ${model}).`,
    riskPending: 'Risikovurderingen er ikke færdig.',
    purpose: 'Formål', nature: 'Karakter', expected: 'Forventet aktivitet', funds: 'Midlernes oprindelse', wealth: 'Formuens oprindelse',
    conclusion: 'Konklusion: [Skriv begrundelsen for at etablere eller afvise forretningsforbindelsen]',
  },
  en: {
    theClient: 'The client', industry: 'Industry', address: 'Registered address', founded: 'Founded', unknownShare: 'unknown share',
    possibly: 'possibly above 25 % given the registered band',
    ubos: 'Ultimate beneficial owners', noUbo: 'No natural person owns or controls more than 25 %', chainNote: ' as far as the ownership chain could be followed',
    fallback: 'senior management is recorded as beneficial owners', none: 'none registered',
    verifiedHeading: 'Identity verification', notVerified: 'not verified',
    methods: { id_document: 'ID document', mitid: 'MitID', other: 'another reliable, independent source' } as Record<string, string>,
    verifiedOn: 'verified', screened: (n: number) => `${n} parties screened against sanctions and PEP lists.`,
    matches: (n: number, c: number, d: number) => `${n} potential match(es): ${c} confirmed, ${d} dismissed as false positives.`,
    adverseNotPerformed: 'Adverse media: not performed, as no source is configured.',
    adverseDone: 'Adverse media was checked.',
    risk: (level: string, dd: string, model: string) => `Risk assessed as ${level} with ${dd} due diligence (model ${model}).`,
    riskPending: 'Risk assessment pending.',
    purpose: 'Purpose', nature: 'Nature', expected: 'Expected activity', funds: 'Source of funds', wealth: 'Source of wealth',
    conclusion: 'Conclusion: [Write the reasons for establishing or declining the business relationship]',
  },
};

export function draftSections(input: DraftInput): { key: SectionKey; text: string; source: string }[] {
  const { row, parties, hits } = input;
  const w = WORDS[input.language];
  const facts = row.clientFacts ?? {};
  const ubos = parties.filter((p) => p.ubo && p.ubo.certainty !== 'fallback');
  const fallback = parties.filter((p) => p.ubo?.certainty === 'fallback');
  const confirmed = hits.filter((h) => h.decision === 'confirmed');
  const dismissed = hits.filter((h) => h.decision === 'dismissed');
  const byParty = new Map(input.verifications.map((v) => [v.partyId, v]));
  const persons = parties.filter((p) => p.kind === 'person');
  const verification = persons.map((p) => {
    const v = byParty.get(p.id);
    return `${p.name}: ${v ? `${w.methods[v.method] ?? v.method}${v.description ? ` (${v.description})` : ''}, ${w.verifiedOn} ${dkDate(v.verifiedAt)}` : w.notVerified}`;
  });
  const r = input.relationship;
  const text: Record<SectionKey, string> = {
    client_description: [
      `${row.clientName ?? w.theClient}${row.clientCvr ? ` (CVR ${row.clientCvr})` : ''}${facts.legalForm ? `, ${facts.legalForm}` : ''}.`,
      facts.industry ? `${w.industry}: ${facts.industry.code} ${facts.industry.text}.` : '',
      facts.address ? `${w.address}: ${facts.address}.` : '',
      facts.foundedOn ? `${w.founded} ${dkDate(facts.foundedOn)}.` : '',
      r?.purpose ? `${w.purpose}: ${r.purpose}` : '',
      r?.nature ? `${w.nature}: ${r.nature}` : '',
      r?.expectedActivity ? `${w.expected}: ${r.expectedActivity}` : '',
      r?.sourceOfFunds ? `${w.funds}: ${r.sourceOfFunds}` : '',
      r?.sourceOfWealth ? `${w.wealth}: ${r.sourceOfWealth}` : '',
    ].filter(Boolean).join('\n'),
    ownership_and_control: [
      ubos.length
        ? `${w.ubos}: ${ubos.map((p) => `${p.name} (${pct(p.ubo!.share, w.unknownShare)}${p.ubo!.certainty === 'possible' ? `, ${w.possibly}` : ''})`).join('; ')}.`
        : `${w.noUbo}${row.uboFallbackReason === 'ownership_chain_unresolved' ? w.chainNote : ''}; ${w.fallback}: ${fallback.map((p) => p.name).join(', ') || w.none}.`,
      verification.length ? `${w.verifiedHeading}:\n${verification.map((line) => `- ${line}`).join('\n')}` : '',
    ].filter(Boolean).join('\n'),
    screening_summary: [
      w.screened(parties.length),
      w.matches(hits.length, confirmed.length, dismissed.length),
      input.adverseMediaPerformed ? w.adverseDone : w.adverseNotPerformed,
    ].join(' '),
    risk_rationale: row.riskLevel ? w.risk(row.riskLevel, row.dueDiligence, row.riskAssessment?.modelVersion ?? '?') : w.riskPending,
    conclusion: w.conclusion,
  };
  return (Object.keys(text) as SectionKey[]).map((key) => ({ key, text: text[key], source: 'template' }));
}
