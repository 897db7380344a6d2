// The labels of the case-file PDF in Danish and English. Only labels: the
// texts the handler wrote and the reviewer approved are printed as they are.
export type ReportLanguage = 'da' | 'en';
export const REPORT_LANGUAGES = ['da', 'en'] as const;

const da = {
  title: 'Kundekendskab',
  subtitle: 'Dokumentation af kundekendskabsprocedurer efter hvidvaskloven',
  client: 'Kunde', cvr: 'CVR-nr.', caseType: 'Sagstype', status: 'Status', date: 'Dato', organisation: 'Virksomhed', caseId: 'Sags-id',
  riskLevel: 'Risikoniveau', dueDiligence: 'Kundekendskabsprocedure', pep: 'Politisk eksponeret person (§ 18)', yes: 'Ja', no: 'Nej',
  clientFacts: 'Oplysninger om kunden', legalForm: 'Virksomhedsform', address: 'Adresse', industry: 'Branche', foundedOn: 'Stiftet',
  registryStatus: 'Status i CVR', country: 'Land', birthDate: 'Fødselsdato', source: 'Kilde', person: 'Privatperson', company: 'Virksomhed',
  ownership: 'Ejerskab og kontrol', ownershipNone: 'Ingen ejere registreret.', share: 'ejerandel', voting: 'stemmerettigheder', owns: 'ejer',
  uboFallback: 'Ingen reel ejer over 25 %: den daglige ledelse er registreret som reelle ejere.',
  parties: 'Personer og virksomheder', roles: 'Roller', nationality: 'Statsborgerskab', ubo: 'Reel ejer',
  verification: 'Identifikation', method: 'Metode', document: 'Dokument', verifiedBy: 'Kontrolleret af', verifiedAt: 'Tidspunkt', description: 'Beskrivelse',
  notVerified: 'Ikke kontrolleret', notRequired: 'Ikke krævet',
  relationship: 'Forretningsforbindelsen', purpose: 'Formål', nature: 'Tilsigtet karakter', expectedActivity: 'Forventet aktivitet',
  sourceOfFunds: 'Midlernes oprindelse', sourceOfWealth: 'Formuens oprindelse', product: 'Produkt', deliveryChannel: 'Leveringskanal', notAnswered: 'Ikke besvaret',
  screening: 'Screening', screeningNone: 'Ingen hits på sanktions- og PEP-lister.', hit: 'Hit', list: 'Liste', score: 'Score', decision: 'Beslutning',
  reason: 'Begrundelse', decidedBy: 'Besluttet af', party: 'Part',
  risk: 'Risikovurdering', factor: 'Faktor', weight: 'Vægt', contribution: 'Bidrag', detail: 'Forklaring', totalScore: 'Samlet score', model: 'Model',
  rules: 'Regler', override: 'Ændret risikoniveau', justification: 'Begrundelse', by: 'af',
  report: 'Rapport', conclusion: 'Konklusion', approvals: 'Godkendelser', approvalsNone: 'Ingen godkendelser endnu.', capacity: 'Egenskab', comment: 'Kommentar',
  reportVersion: 'Rapportversion', page: 'Side', of: 'af', time: 'Tidspunkt',
  conclusionValue: { establish: 'Forretningsforbindelsen etableres', decline: 'Forretningsforbindelsen etableres ikke' },
  caseTypes: { onboarding: 'Ny kunde', periodic_review: 'Periodisk opfølgning', event_review: 'Hændelsesbaseret opfølgning' },
  statuses: { open: 'Åben', in_review: 'Til godkendelse', approved: 'Godkendt', declined: 'Afvist', monitoring: 'Løbende overvågning', ended: 'Forretningsforbindelsen ophørt', deleted: 'Slettet' },
  levels: { low: 'Lav', medium: 'Mellem', high: 'Høj' },
  dd: { simplified: 'Lempet', standard: 'Normal', enhanced: 'Skærpet' },
  factors: {
    country: 'Land', industry: 'Branche', ownership_complexity: 'Ejerstruktur', pep: 'Politisk eksponerede personer', sanctions: 'Sanktionslister',
    adverse_media: 'Negativ omtale', product: 'Produkt', delivery_channel: 'Leveringskanal',
  },
  roleNames: {
    director: 'Direktør', board_chair: 'Bestyrelsesformand', board_member: 'Bestyrelsesmedlem', legal_owner: 'Legal ejer', beneficial_owner: 'Registreret reel ejer',
    fully_liable: 'Fuldt ansvarlig deltager', founder: 'Stifter', representative: 'Handler på kundens vegne', signatory: 'Tegningsberettiget', client: 'Kunde',
    senior_management: 'Daglig ledelse',
  } as Record<string, string>,
  methods: { id_document: 'Legitimationsdokument', mitid: 'MitID', other: 'Anden kilde' },
  hitDecisions: { open: 'Åben', confirmed: 'Bekræftet', dismissed: 'Afvist som falsk positiv' },
  decisions: { approve: 'Godkendt', reject: 'Afvist', return: 'Sendt tilbage' } as Record<string, string>,
  capacities: { reviewer: 'Godkender', compliance_officer: 'Complianceansvarlig' } as Record<string, string>,
  products: { standard: 'Standardprodukt', high_risk: 'Højrisikoprodukt' },
  channels: { in_person: 'Fysisk fremmøde', remote: 'Fjernonboarding' },
  sections: {
    client_description: 'Beskrivelse af kunden', ownership_and_control: 'Ejerskab og kontrol', screening_summary: 'Opsummering af screening',
    risk_rationale: 'Begrundelse for risiko', conclusion: 'Konklusion',
  } as Record<string, string>,
  uboCertainty: { certain: 'sikker', possible: 'mulig', fallback: 'daglig ledelse' },
  reasons: {
    countryHigh: (countries: string) => `Højrisikoland: ${countries}`, countryForeign: 'Parter uden for Danmark', countryDk: 'Kun Danmark',
    industryHigh: (code: string) => `Højrisikobranche (${code})`, industry: (code: string) => `Branche ${code}`, industryUnknown: 'Branchen er ukendt',
    noChain: 'Ingen ejerkæde', chainDepth: (depth: string) => `Ejerkæde i ${depth} led`, foreignOwners: 'udenlandske ejere', uboUnresolved: 'reel ejer ikke fastslået',
    pepYes: 'En part er en politisk eksponeret person', pepNo: 'Ingen PEP', sanctionsYes: 'En part står på en sanktionsliste', sanctionsNo: 'Intet sanktionshit',
    adverseYes: 'Bekræftet negativ omtale', adverseNo: 'Ingen negativ omtale', adverseNotPerformed: 'Negativ omtale er ikke undersøgt (ingen kilde er sat op)',
    productHigh: 'Højrisikoprodukt', productStandard: 'Standardprodukt', channelRemote: 'Kunden er etableret på afstand', channelInPerson: 'Kunden er mødt personligt',
    notAnswered: 'Ikke besvaret', otherOn: 'Trækker risikoen op', otherOff: 'Ingen betydning',
    ruleSanctions: 'Et bekræftet sanktionshit gør sagen til høj risiko.', rulePep: 'En politisk eksponeret person kræver skærpede kundekendskabsprocedurer (hvidvaskloven § 18).',
    ruleOther: 'En lovbestemt regel er anvendt ud over scoren.',
  },
};

export type ReportLabels = typeof da;

const en: ReportLabels = {
  title: 'Customer due diligence',
  subtitle: 'Record of the customer due diligence under the Danish anti-money-laundering act',
  client: 'Client', cvr: 'CVR no.', caseType: 'Case type', status: 'Status', date: 'Date', organisation: 'Firm', caseId: 'Case id',
  riskLevel: 'Risk level', dueDiligence: 'Due diligence', pep: 'Politically exposed person (§ 18)', yes: 'Yes', no: 'No',
  clientFacts: 'About the client', legalForm: 'Legal form', address: 'Address', industry: 'Industry', foundedOn: 'Founded',
  registryStatus: 'Registry status', country: 'Country', birthDate: 'Date of birth', source: 'Source', person: 'Private person', company: 'Company',
  ownership: 'Ownership and control', ownershipNone: 'No owners registered.', share: 'share', voting: 'voting rights', owns: 'owns',
  uboFallback: 'No beneficial owner above 25 %: senior management is recorded as beneficial owners.',
  parties: 'Persons and companies', roles: 'Roles', nationality: 'Nationality', ubo: 'Beneficial owner',
  verification: 'Identification', method: 'Method', document: 'Document', verifiedBy: 'Verified by', verifiedAt: 'When', description: 'Description',
  notVerified: 'Not verified', notRequired: 'Not required',
  relationship: 'The business relationship', purpose: 'Purpose', nature: 'Intended nature', expectedActivity: 'Expected activity',
  sourceOfFunds: 'Source of funds', sourceOfWealth: 'Source of wealth', product: 'Product', deliveryChannel: 'Delivery channel', notAnswered: 'Not answered',
  screening: 'Screening', screeningNone: 'No hits on sanctions and PEP lists.', hit: 'Hit', list: 'List', score: 'Score', decision: 'Decision',
  reason: 'Reason', decidedBy: 'Decided by', party: 'Party',
  risk: 'Risk assessment', factor: 'Factor', weight: 'Weight', contribution: 'Contribution', detail: 'Explanation', totalScore: 'Total score', model: 'Model',
  rules: 'Rules', override: 'Risk level overridden', justification: 'Justification', by: 'by',
  report: 'Report', conclusion: 'Conclusion', approvals: 'Approvals', approvalsNone: 'No approvals yet.', capacity: 'Capacity', comment: 'Comment',
  reportVersion: 'Report version', page: 'Page', of: 'of', time: 'Time',
  conclusionValue: { establish: 'The business relationship is established', decline: 'The business relationship is not established' },
  caseTypes: { onboarding: 'Onboarding', periodic_review: 'Periodic review', event_review: 'Event-driven review' },
  statuses: { open: 'Open', in_review: 'In review', approved: 'Approved', declined: 'Declined', monitoring: 'Ongoing monitoring', ended: 'Relationship ended', deleted: 'Deleted' },
  levels: { low: 'Low', medium: 'Medium', high: 'High' },
  dd: { simplified: 'Simplified', standard: 'Standard', enhanced: 'Enhanced' },
  factors: {
    country: 'Country', industry: 'Industry', ownership_complexity: 'Ownership structure', pep: 'Politically exposed persons', sanctions: 'Sanctions lists',
    adverse_media: 'Adverse media', product: 'Product', delivery_channel: 'Delivery channel',
  },
  roleNames: {
    director: 'Director', board_chair: 'Chair of the board', board_member: 'Board member', legal_owner: 'Legal owner', beneficial_owner: 'Registered beneficial owner',
    fully_liable: 'Fully liable partner', founder: 'Founder', representative: 'Acts on behalf of the client', signatory: 'Signatory', client: 'Client',
    senior_management: 'Senior management',
  },
  methods: { id_document: 'Identity document', mitid: 'MitID', other: 'Other source' },
  hitDecisions: { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed as a false positive' },
  decisions: { approve: 'Approved', reject: 'Rejected', return: 'Returned' },
  capacities: { reviewer: 'Reviewer', compliance_officer: 'Compliance officer' },
  products: { standard: 'Standard product', high_risk: 'High-risk product' },
  channels: { in_person: 'In person', remote: 'Remote onboarding' },
  sections: {
    client_description: 'Client description', ownership_and_control: 'Ownership and control', screening_summary: 'Screening summary',
    risk_rationale: 'Risk rationale', conclusion: 'Conclusion',
  },
  uboCertainty: { certain: 'certain', possible: 'possible', fallback: 'senior management' },
  reasons: {
    countryHigh: (countries: string) => `High-risk country: ${countries}`, countryForeign: 'Parties outside Denmark', countryDk: 'Denmark only',
    industryHigh: (code: string) => `High-risk industry (${code})`, industry: (code: string) => `Industry ${code}`, industryUnknown: 'Industry unknown',
    noChain: 'No ownership chain', chainDepth: (depth: string) => `Ownership chain of ${depth} levels`, foreignOwners: 'foreign owners', uboUnresolved: 'beneficial owner not established',
    pepYes: 'A party is a politically exposed person', pepNo: 'No PEP', sanctionsYes: 'A party is on a sanctions list', sanctionsNo: 'No sanctions hit',
    adverseYes: 'Confirmed adverse media', adverseNo: 'No adverse media', adverseNotPerformed: 'Adverse media not performed (no source is configured)',
    productHigh: 'High-risk product', productStandard: 'Standard product', channelRemote: 'Remote onboarding', channelInPerson: 'In person',
    notAnswered: 'Not answered', otherOn: 'Raises the risk', otherOff: 'No effect',
    ruleSanctions: 'A confirmed sanctions hit makes the case high risk.', rulePep: 'A politically exposed person requires enhanced due diligence (AML act § 18).',
    ruleOther: 'A rule fixed by law was applied on top of the score.',
  },
};

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = { da, en };

/**
 * The risk model's reason for one factor in the labels' language. The model (domain/kyc/risk.ts) writes an English
 * detail from a handful of templates; the factor, its score and the values in the detail say the same in either
 * language (as web/src/lib/kyc-case.ts does for the case page).
 */
export function riskReasonText(r: { factor: string; score: number; detail: string }, L: ReportLabels): string {
  const t = L.reasons;
  const on = r.score > 0;
  switch (r.factor) {
    case 'country': {
      const risky = /^high-risk country: (.+)$/.exec(r.detail);
      if (risky) return t.countryHigh(risky[1]!);
      return on ? t.countryForeign : t.countryDk;
    }
    case 'industry': {
      const code = /(\d{1,6})/.exec(r.detail)?.[1];
      if (!code) return t.industryUnknown;
      return on ? t.industryHigh(code) : t.industry(code);
    }
    case 'ownership_complexity': {
      const depth = /chain depth (\d+)/.exec(r.detail)?.[1] ?? '?';
      const parts = [depth === '0' ? t.noChain : t.chainDepth(depth)];
      if (/foreign owners/.test(r.detail)) parts.push(t.foreignOwners);
      if (/UBO not established/.test(r.detail)) parts.push(t.uboUnresolved);
      return parts.join(', ');
    }
    case 'pep': return on ? t.pepYes : t.pepNo;
    case 'sanctions': return on ? t.sanctionsYes : t.sanctionsNo;
    case 'adverse_media': return on ? t.adverseYes : /not performed/.test(r.detail) ? t.adverseNotPerformed : t.adverseNo;
    case 'product': return on ? t.productHigh : /not answered/.test(r.detail) ? t.notAnswered : t.productStandard;
    case 'delivery_channel': return on ? t.channelRemote : /not answered/.test(r.detail) ? t.notAnswered : t.channelInPerson;
    default: return on ? t.otherOn : t.otherOff;
  }
}

/** A rule the law fixes, applied on top of the score. */
export function riskRuleText(rule: string, L: ReportLabels): string {
  if (/sanctions/.test(rule)) return L.reasons.ruleSanctions;
  if (/politically exposed/.test(rule)) return L.reasons.rulePep;
  return L.reasons.ruleOther;
}
