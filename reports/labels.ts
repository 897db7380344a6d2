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
};

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = { da, en };
