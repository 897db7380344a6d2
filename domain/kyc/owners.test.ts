import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeUbos, type OwnershipEdge, type OwnershipNode } from './owners.ts';

const p = (id: string, extra: Partial<OwnershipNode> = {}): OwnershipNode => ({ id, kind: 'person', ...extra });
const c = (id: string): OwnershipNode => ({ id, kind: 'company' });
const exact = (x: number) => ({ low: x, high: x });
const e = (ownerId: string, ownedId: string, share: number | { low: number; high: number } | null, voting?: number | null): OwnershipEdge => {
  const s = typeof share === 'number' ? exact(share) : share;
  return { ownerId, ownedId, share: s, voting: voting === undefined ? s : voting === null ? null : exact(voting) };
};

test('direct owner above 25 % qualifies; 25 % exactly does not', () => {
  const r = computeUbos('S', [c('S'), p('A'), p('B'), p('D', { seniorManagement: true })], [e('A', 'S', 0.75), e('B', 'S', 0.25)]);
  assert.equal(r.ubos.map((u) => [u.personId, u.reasons, u.certainty]), [['A', ['direct_ownership', 'voting_rights'], 'certain']]);
  assert.is(r.fallback, null);
});

test('indirect chains multiply along each path and add over paths', () => {
  // P holds 20 % directly and 60 % × 50 % = 30 % through H: 50 % in all.
  const r = computeUbos('S', [c('S'), c('H'), p('P'), p('Q')], [e('P', 'S', 0.2), e('H', 'S', 0.5), e('P', 'H', 0.6), e('Q', 'H', 0.4), e('R', 'S', 0.3)]);
  const pu = r.ubos.find((u) => u.personId === 'P')!;
  assert.equal(pu.share, { low: 0.5, high: 0.5 });
  assert.equal(pu.paths, [['P', 'S'], ['P', 'H', 'S']]);
  assert.ok(pu.reasons.includes('indirect_ownership'));
  // Q: 40 % × 50 % = 20 % of shares, so not by ownership... but the votes: H is not controlled by Q (40 %), so 20 % votes.
  assert.not.ok(r.ubos.some((u) => u.personId === 'Q'));
});

test('a majority passes voting control through a holding', () => {
  // Q owns 60 % of H, H owns 40 % of S: 24 % of the shares, but Q controls H's 40 % of the votes.
  const r = computeUbos('S', [c('S'), c('H'), p('Q'), p('Z')], [e('H', 'S', 0.4), e('Q', 'H', 0.6), e('Z', 'H', 0.4)]);
  const q = r.ubos.find((u) => u.personId === 'Q')!;
  assert.equal([q.share, q.voting, q.reasons], [{ low: 0.24, high: 0.24 }, { low: 0.4, high: 0.4 }, ['voting_rights']]);
  assert.not.ok(r.ubos.some((u) => u.personId === 'Z'));
});

test('three-level holding chain', () => {
  const r = computeUbos('OP', [c('OP'), c('H1'), c('H2'), p('L'), p('S')], [
    e('H1', 'OP', 1), e('H2', 'H1', { low: 0.5, high: 0.6667 }), e('S', 'H1', { low: 0.3333, high: 0.5 }), e('L', 'H2', 1),
  ]);
  assert.equal(r.ubos.map((u) => [u.personId, u.share, u.certainty]), [
    ['L', { low: 0.5, high: 0.6667 }, 'certain'], ['S', { low: 0.3333, high: 0.5 }, 'certain'],
  ]);
  assert.equal(r.ubos[0]!.paths, [['L', 'H2', 'H1', 'OP']]);
});

test('bands: a band straddling 25 % is a possible UBO; below it nobody qualifies', () => {
  const r = computeUbos('S', [c('S'), p('A'), p('B')], [e('A', 'S', { low: 0.25, high: 0.3333 }), e('B', 'S', { low: 0.2, high: 0.25 })]);
  assert.equal(r.ubos.map((u) => [u.personId, u.certainty]), [['A', 'possible']]);
});

test('nobody above 25 %: senior management is recorded with the reason', () => {
  const owners = ['A', 'B', 'C', 'D', 'E'].map((id) => e(id, 'S', { low: 0.15, high: 0.2 }));
  const r = computeUbos('S', [c('S'), ...['A', 'B', 'C', 'D', 'E'].map((id) => p(id)), p('M', { seniorManagement: true }), p('N', { seniorManagement: true })], owners);
  assert.equal(r.ubos, []);
  assert.equal(r.fallback, { personIds: ['M', 'N'], reason: 'no_owner_above_threshold' });
});

test('a chain ending at a company without known owners (foreign parent) is unresolved', () => {
  const r = computeUbos('S', [c('S'), c('F'), p('M', { seniorManagement: true })], [e('F', 'S', 1)]);
  assert.equal(r.fallback, { personIds: ['M'], reason: 'ownership_chain_unresolved' });
  assert.equal(r.warnings, [{ kind: 'unresolved_owner', nodeId: 'F', share: { low: 1, high: 1 } }]);
});

test('cycles terminate and are reported', () => {
  // A and B own each other; P owns 60 % of A; A owns 100 % of S.
  const r = computeUbos('S', [c('S'), c('A'), c('B'), p('P')], [e('A', 'S', 1), e('B', 'A', 0.4), e('A', 'B', 1), e('P', 'A', 0.6), e('S', 'S', 0.1)]);
  assert.equal(r.ubos.map((u) => [u.personId, u.share]), [['P', { low: 0.6, high: 0.6 }]]);
  assert.ok(r.warnings.some((w) => w.kind === 'cycle' && w.nodeId === 'A'));
  assert.ok(r.warnings.some((w) => w.kind === 'cycle' && w.nodeId === 'S'));
});

test('shares summing above 100 % are scaled down and reported', () => {
  const r = computeUbos('S', [c('S'), p('A'), p('B'), p('C')], [e('A', 'S', 0.6), e('B', 'S', 0.6), e('C', 'S', 0.3)]);
  assert.ok(r.warnings.some((w) => w.kind === 'shares_above_100' && w.total === 1.5));
  assert.equal(r.ubos.map((u) => [u.personId, u.share.low]), [['A', 0.4], ['B', 0.4]]);
});

test('a missing share makes the owner a possible UBO and is reported', () => {
  const r = computeUbos('S', [c('S'), p('A')], [e('A', 'S', null, null)]);
  assert.equal(r.ubos.map((u) => [u.personId, u.certainty]), [['A', 'possible']]);
  assert.equal(r.warnings, [{ kind: 'missing_share', ownerId: 'A', ownedId: 'S' }]);
});

test('control by other means qualifies without any share', () => {
  const r = computeUbos('S', [c('S'), p('A', { otherControl: true }), p('B')], [e('B', 'S', 1)]);
  assert.equal(r.ubos.map((u) => [u.personId, u.reasons]), [['B', ['direct_ownership', 'voting_rights']], ['A', ['control_by_other_means']]]);
});

test.run();
