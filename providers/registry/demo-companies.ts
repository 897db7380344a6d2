// Fictitious Danish demo companies for the offline registry. Every CVR number
// passes the modulus-11 check; names, people and addresses are invented. Each
// company exercises one path through a case (the README lists them).
import type { CompanyFacts, RegistryParticipant, ShareBand } from './registry.ts';

const band = (low: number, high: number): ShareBand => ({ low, high });
const FULL = band(1, 1);

const person = (registryId: string, name: string, extra: Partial<RegistryParticipant> = {}): RegistryParticipant => ({
  registryId, kind: 'person', name, country: 'DK', cvr: null, birthDate: null, roles: [], ownership: null, beneficialOwnership: null, ...extra,
});
const company = (registryId: string, name: string, extra: Partial<RegistryParticipant> = {}): RegistryParticipant => ({
  registryId, kind: 'company', name, country: 'DK', cvr: null, birthDate: null, roles: [], ownership: null, beneficialOwnership: null, ...extra,
});
const owns = (share: ShareBand | null, voting: ShareBand | null = share, validFrom = '2019-01-01') => ({ share, voting, validFrom, validTo: null });

const base = (cvr: string, name: string, legalForm: string, participants: RegistryParticipant[], extra: Partial<CompanyFacts> = {}): CompanyFacts => ({
  cvr, name, legalForm, status: 'NORMAL', country: 'DK', address: null, industry: null, foundedOn: '2015-03-01', participants, source: 'demo', ...extra,
});

/** In the README's order: the plain ApS first. */
export const DEMO_COMPANIES: CompanyFacts[] = [
  base('38411063', 'Nørrebro Bageri ApS', 'ApS', [
    person('4000100001', 'Mette Kjær Andersen', { birthDate: '1984-02-17', roles: ['director', 'legal_owner', 'beneficial_owner'], ownership: owns(FULL), beneficialOwnership: owns(FULL) }),
  ], { address: 'Jægersborggade 12, 2200 København N', industry: { code: '107120', text: 'Bagerier' }, foundedOn: '2017-05-02' }),

  // Three levels: operating company ← holding ← top holding ← person.
  base('41271000', 'Kystlinjen Logistik A/S', 'A/S', [
    company('4000200002', 'Kystlinjen Holding ApS', { cvr: '39561042', roles: ['legal_owner'], ownership: owns(FULL) }),
    person('4000200003', 'Lars Holm Jensen', { birthDate: '1969-09-30', roles: ['director', 'board_chair'] }),
    person('4000200004', 'Annette Brask', { birthDate: '1975-01-08', roles: ['board_member'] }),
  ], { address: 'Havnegade 4, 6700 Esbjerg', industry: { code: '494100', text: 'Vejgodstransport' }, foundedOn: '2012-08-14' }),
  base('39561042', 'Kystlinjen Holding ApS', 'ApS', [
    company('4000200005', 'LHJ Invest ApS', { cvr: '40621091', roles: ['legal_owner'], ownership: owns(band(0.5, 0.6667)) }),
    person('4000200006', 'Sofie Holm Jensen', { birthDate: '1972-06-21', roles: ['legal_owner', 'director'], ownership: owns(band(0.3333, 0.5)) }),
  ], { address: 'Havnegade 4, 6700 Esbjerg', industry: { code: '642120', text: 'Finansielle holdingselskaber' }, foundedOn: '2018-01-10' }),
  base('40621091', 'LHJ Invest ApS', 'ApS', [
    person('4000200003', 'Lars Holm Jensen', { birthDate: '1969-09-30', roles: ['legal_owner', 'director'], ownership: owns(FULL) }),
  ], { address: 'Strandbyvej 9, 6700 Esbjerg', industry: { code: '642120', text: 'Finansielle holdingselskaber' }, foundedOn: '2019-03-03' }),

  // Foreign parent: the chain ends at a Swedish company whose owners CVR does not know.
  base('37191000', 'Nordvind Software ApS', 'ApS', [
    company('4000300001', 'Nordvind Group AB', { country: 'SE', roles: ['legal_owner'], ownership: owns(FULL) }),
    person('4000300002', 'Erik Lindqvist', { country: 'SE', birthDate: '1980-11-02', roles: ['director'] }),
    person('4000300003', 'Camilla Dahl', { birthDate: '1988-04-25', roles: ['director'] }),
  ], { address: 'Åboulevarden 22, 8000 Aarhus C', industry: { code: '620100', text: 'Computerprogrammering' }, foundedOn: '2016-02-29' }),

  // The director is a politically exposed person (on the demo PEP list).
  base('42831042', 'Havnefront Ejendomme ApS', 'ApS', [
    person('4000400001', 'Jens Peter Vestergaard', { birthDate: '1963-07-14', roles: ['director'] }),
    person('4000400002', 'Birgitte Holst', { birthDate: '1966-12-01', roles: ['legal_owner', 'beneficial_owner'], ownership: owns(band(0.5, 0.6667)), beneficialOwnership: owns(band(0.5, 0.6667)) }),
    person('4000400003', 'Thomas Holst', { birthDate: '1965-03-19', roles: ['legal_owner', 'beneficial_owner'], ownership: owns(band(0.3333, 0.5)), beneficialOwnership: owns(band(0.3333, 0.5)) }),
  ], { address: 'Nordre Toldbod 7, 1259 København K', industry: { code: '682040', text: 'Udlejning af erhvervsejendomme' }, foundedOn: '2014-06-30' }),

  // An owner appears on the (shipped demo) sanctions list.
  base('35901000', 'Baltic Amber Trading ApS', 'ApS', [
    person('4000500001', 'Viktor Petrov Sokolov', { country: 'RU', birthDate: '1961-04-12', roles: ['legal_owner', 'beneficial_owner'], ownership: owns(band(0.6667, 0.9)), beneficialOwnership: owns(band(0.6667, 0.9)) }),
    person('4000500002', 'Henrik Mølgaard', { birthDate: '1977-10-05', roles: ['director', 'legal_owner'], ownership: owns(band(0.1, 0.15)) }),
  ], { address: 'Kalkbrænderihavnsgade 2, 2100 København Ø', industry: { code: '466900', text: 'Engroshandel med andre maskiner og udstyr' }, foundedOn: '2020-09-01' }),

  // Nobody holds more than 25 %: five owners in the 20–24.99 % band.
  base('44181126', 'Vestjysk Vindmøllelaug ApS', 'ApS', [
    person('4000600001', 'Karen Søndergaard', { birthDate: '1958-05-11', roles: ['director', 'legal_owner'], ownership: owns(band(0.2, 0.25)) }),
    person('4000600002', 'Poul Erik Nørgaard', { birthDate: '1955-08-23', roles: ['board_chair', 'legal_owner'], ownership: owns(band(0.2, 0.25)) }),
    person('4000600003', 'Inge Lauridsen', { birthDate: '1961-01-30', roles: ['legal_owner'], ownership: owns(band(0.2, 0.25)) }),
    person('4000600004', 'Morten Kristensen', { birthDate: '1970-07-07', roles: ['legal_owner'], ownership: owns(band(0.15, 0.2)) }),
    person('4000600005', 'Hanne Bech', { birthDate: '1973-12-12', roles: ['legal_owner'], ownership: owns(band(0.15, 0.2)) }),
  ], { address: 'Vindmøllevej 1, 6950 Ringkøbing', industry: { code: '351100', text: 'Produktion af elektricitet' }, foundedOn: '2011-04-01' }),
];
