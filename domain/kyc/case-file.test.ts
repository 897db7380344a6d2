import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  blockingReasons, cprBirthDate, holdsPlaceholder, maskCpr, mustBeVerified, pepApplies, plausibleBirthDate, sanctionedParties,
  identityVerificationSchema, pepClearableFrom, type CaseFileFacts, type CaseFileParty,
} from './case-file.ts';

const person = (id: string, extra: Partial<CaseFileParty> = {}): CaseFileParty => ({ id, kind: 'person', roles: [], isSubject: false, ubo: null, verification: null, ...extra });
const company: CaseFileParty = { id: 'co', kind: 'company', roles: [], isSubject: true, ubo: null, verification: null };
const owner = person('owner', { roles: ['beneficial_owner'], ubo: { certainty: 'certain' } });
const director = person('dir', { roles: ['director'] });
const rep = person('rep', { roles: ['representative'] });
const complete: Omit<CaseFileFacts, 'parties' | 'hits'> = {
  pepManagementCounts: true, dueDiligence: 'standard',
  relationship: { purpose: 'Bogføring', nature: 'Løbende', expectedActivity: 'Månedlig', sourceOfFunds: null, sourceOfWealth: null, product: 'standard', deliveryChannel: 'in_person' },
  sections: [{ key: 'conclusion', text: 'Forbindelsen etableres.', accepted: true }], conclusion: 'establish',
};

test('who must be verified (§ 11): the client, its representatives and beneficial owners; companies and plain directors not', () => {
  assert.equal([company, owner, director, rep, person('me', { isSubject: true, roles: ['client'] })].map(mustBeVerified), [false, true, false, true, true]);
  assert.ok(mustBeVerified(person('fallback', { ubo: { certainty: 'fallback' } })), 'senior management recorded as UBO is verified as one');
});

test('the PEP rule: client or owner always; a director by the organisation\'s policy', () => {
  const pepHit = (partyId: string) => ({ partyId, decision: 'confirmed' as const, category: 'pep' });
  const facts = (p: CaseFileParty, policy: boolean) => ({ parties: [company, p], hits: [pepHit(p.id)], pepManagementCounts: policy });
  assert.ok(pepApplies(facts(owner, false)));
  assert.ok(pepApplies(facts(director, true)));
  assert.not.ok(pepApplies(facts(director, false)));
  assert.not.ok(pepApplies({ parties: [company, owner], hits: [{ partyId: 'owner', decision: 'dismissed', category: 'pep' }], pepManagementCounts: true }), 'a dismissed hit is no PEP');
});

test('§ 18, stk. 6: a former PEP counts until a compliance officer clears them, no earlier than 12 months after leaving office', () => {
  const facts = (pepCleared: boolean) => ({ parties: [company, owner], hits: [{ partyId: 'owner', decision: 'confirmed' as const, category: 'pep', pepCleared }], pepManagementCounts: true });
  assert.ok(pepApplies(facts(false)));
  assert.not.ok(pepApplies(facts(true)));
  assert.equal([pepClearableFrom('2025-06-30'), pepClearableFrom('2024-02-29'), pepClearableFrom('2025-12-31')], ['2026-06-30', '2025-03-01', '2026-12-31']);
});

test('sanctions stop: a confirmed non-PEP listing on the client, an owner or a person acting for it', () => {
  const hits = [{ partyId: 'owner', decision: 'confirmed' as const, category: 'sanction' }, { partyId: 'other', decision: 'confirmed' as const, category: 'sanction' }];
  assert.equal(sanctionedParties({ parties: [company, owner, person('other')], hits }), ['owner']);
  assert.equal(sanctionedParties({ parties: [owner], hits: [{ partyId: 'owner', decision: 'open', category: 'sanction' }] }), [], 'an open hit is not yet a match');
});

test('blocking reasons by gate, each later gate including the earlier ones', () => {
  const facts: CaseFileFacts = { ...complete, parties: [company, owner], hits: [] };
  assert.equal(blockingReasons(facts, 'data_collection'), [{ code: 'identity_unverified', partyId: 'owner' }]);
  const verified = { ...facts, parties: [company, { ...owner, verification: { method: 'other' as const, documentId: null } }] };
  assert.equal(blockingReasons(verified, 'approval'), []);
  const enhanced = { ...verified, dueDiligence: 'enhanced' as const };
  assert.equal(blockingReasons(enhanced, 'data_collection'), [], 'the level\'s extra evidence is checked at submission');
  assert.equal(blockingReasons(enhanced, 'submission').map((r) => r.code), ['identity_document_missing', 'source_of_funds_missing', 'source_of_wealth_missing']);
  const placeholder = { ...verified, sections: [{ key: 'conclusion', text: 'We [accept / not accept].', accepted: true }], conclusion: null };
  assert.equal(blockingReasons(placeholder, 'submission'), [{ code: 'section_placeholder', section: 'conclusion' }, { code: 'conclusion_missing' }]);
  const unanswered = { ...verified, relationship: null };
  assert.equal(blockingReasons(unanswered, 'data_collection'), [{ code: 'risk_answers_missing' }]);
  const sanctioned = { ...verified, hits: [{ partyId: 'owner', decision: 'confirmed' as const, category: 'sanction' }] };
  assert.equal(blockingReasons(sanctioned, 'submission'), [], 'the stop is at approval (the handler declines)');
  assert.equal(blockingReasons(sanctioned, 'approval'), [{ code: 'sanctions_match', partyId: 'owner' }]);
});

test('CPR numbers: the date part by the century rule; masked for display', () => {
  assert.is(cprBirthDate('010190-1234'), '1990-01-01');
  assert.is(cprBirthDate('0101004123'), '2000-01-01');
  assert.is(cprBirthDate('010137-4123'), '1937-01-01');
  assert.is(cprBirthDate('010160-5123'), '1860-01-01');
  assert.is(cprBirthDate('290200-4123'), '2000-02-29');
  for (const bad of ['310290-1234', '320190-1234', '011390-1234', '290201-4123', '01019-1234', 'abcdef-1234']) assert.is(cprBirthDate(bad), null, bad);
  assert.is(maskCpr('0101901234'), '010190-XXXX');
});

test('placeholders, birth dates and verification evidence', () => {
  for (const t of ['[Skriv begrundelsen]', 'We propose to [accept / not accept] the client.', 'Conclusion: ...']) assert.ok(holdsPlaceholder(t), t);
  for (const t of ['Forbindelsen etableres.', 'Ejer 50 % (direkte).']) assert.not.ok(holdsPlaceholder(t), t);
  const today = new Date('2026-12-05T10:00:00Z');
  assert.equal(['1899-12-31', '1900-01-01', '2026-12-05', '2026-12-06'].map((d) => plausibleBirthDate(d, today)), [false, true, true, false]);
  assert.not.ok(identityVerificationSchema.safeParse({ method: 'id_document' }).success);
  assert.not.ok(identityVerificationSchema.safeParse({ method: 'other', description: 'x' }).success);
  assert.ok(identityVerificationSchema.safeParse({ method: 'mitid' }).success);
});

test.run();
