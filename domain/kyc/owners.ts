// Ultimate beneficial owners (hvidvaskloven § 2, nr. 9): a natural person who
// owns or controls more than 25 % of the client, directly or through a chain of
// companies. Shares multiply along each path and add up over paths; voting
// rights pass through fully where an intermediate company holds a majority
// (control of that company is control of its votes). CVR publishes bands, so
// every figure is a band [low, high]: certain when even the low end exceeds the
// threshold, possible when only the high end does. Nobody qualifying means
// senior management is recorded, with the reason. Pure: no I/O.

export interface Band { low: number; high: number }

export interface OwnershipNode {
  id: string;
  kind: 'person' | 'company';
  /** Members of the client's senior management (directors), used when no UBO qualifies. */
  seniorManagement?: boolean;
  /** Control by other means the register or the handler recorded (e.g. a registered beneficial owner). */
  otherControl?: boolean;
}

export interface OwnershipEdge {
  ownerId: string;
  ownedId: string;
  /** null: the register gives no share. */
  share: Band | null;
  voting: Band | null;
}

export type UboReason = 'direct_ownership' | 'indirect_ownership' | 'voting_rights' | 'control_by_other_means';
export type FallbackReason = 'no_owner_above_threshold' | 'ownership_chain_unresolved';
export type OwnershipWarning =
  | { kind: 'cycle'; nodeId: string }
  | { kind: 'shares_above_100'; nodeId: string; total: number }
  | { kind: 'missing_share'; ownerId: string; ownedId: string }
  | { kind: 'unresolved_owner'; nodeId: string; share: Band };

export interface Ubo {
  personId: string;
  share: Band;
  voting: Band;
  reasons: UboReason[];
  /** certain: the low end of the band exceeds the threshold; possible: only the high end does. */
  certainty: 'certain' | 'possible';
  /** Every chain from the person down to the client (ids, person first). */
  paths: string[][];
}

export interface UboResult {
  ubos: Ubo[];
  /** Set when nobody qualifies: senior management is recorded as UBO. */
  fallback: { personIds: string[]; reason: FallbackReason } | null;
  warnings: OwnershipWarning[];
}

export const UBO_THRESHOLD = 0.25;
const EPS = 1e-9;
const UNKNOWN: Band = { low: 0, high: 1 };

const clamp = (b: Band): Band => ({ low: Math.min(1, Math.max(0, b.low)), high: Math.min(1, Math.max(0, b.high)) });
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function computeUbos(subjectId: string, nodes: readonly OwnershipNode[], edges: readonly OwnershipEdge[], threshold = UBO_THRESHOLD): UboResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const warnings: OwnershipWarning[] = [];
  const ownersOf = new Map<string, { edge: OwnershipEdge; share: Band; voting: Band }[]>();

  // Shares above 100 % (a register error or double registration): scale that company's owners down.
  const grouped = new Map<string, OwnershipEdge[]>();
  for (const e of edges) {
    if (e.ownerId === e.ownedId) { warnings.push({ kind: 'cycle', nodeId: e.ownerId }); continue; }
    grouped.set(e.ownedId, [...(grouped.get(e.ownedId) ?? []), e]);
  }
  for (const [owned, list] of grouped) {
    const total = list.reduce((sum, e) => sum + (e.share?.low ?? 0), 0);
    const scale = total > 1 + EPS ? 1 / total : 1;
    const votes = list.reduce((sum, e) => sum + ((e.voting ?? e.share)?.low ?? 0), 0);
    const voteScale = votes > 1 + EPS ? 1 / votes : 1;
    if (scale !== 1) warnings.push({ kind: 'shares_above_100', nodeId: owned, total: round(total) });
    ownersOf.set(owned, list.map((edge) => {
      if (!edge.share && !edge.voting) warnings.push({ kind: 'missing_share', ownerId: edge.ownerId, ownedId: edge.ownedId });
      const share = edge.share ? clamp({ low: edge.share.low * scale, high: edge.share.high * scale }) : UNKNOWN;
      const v = edge.voting ?? edge.share;
      const voting = v ? clamp({ low: v.low * voteScale, high: v.high * voteScale }) : UNKNOWN;
      return { edge, share, voting };
    }));
  }

  interface Acc { share: Band; voting: Band; paths: string[][] }
  const found = new Map<string, Acc>();
  const unresolved = new Map<string, Band>();
  const cycles = new Set<string>();

  // Walk up from the client: `path` is the chain from the current node down to the client.
  const walk = (nodeId: string, path: string[], share: Band, votes: Band): void => {
    const owners = ownersOf.get(nodeId) ?? [];
    if (nodeId !== subjectId && owners.length === 0) {
      const prev = unresolved.get(nodeId) ?? { low: 0, high: 0 };
      unresolved.set(nodeId, clamp({ low: prev.low + share.low, high: prev.high + share.high }));
      return;
    }
    for (const { edge, share: s, voting: v } of owners) {
      if (path.includes(edge.ownerId)) { cycles.add(edge.ownerId); continue; }
      const nextShare = { low: share.low * s.low, high: share.high * s.high };
      // The client's direct owner holds exactly its votes; further up, a majority passes control through.
      const factor = nodeId === subjectId ? v : { low: v.low > 0.5 ? 1 : v.low, high: v.high > 0.5 ? 1 : v.high };
      const nextVotes = { low: votes.low * factor.low, high: votes.high * factor.high };
      const nextPath = [edge.ownerId, ...path];
      if (byId.get(edge.ownerId)?.kind === 'person') {
        const acc = found.get(edge.ownerId) ?? { share: { low: 0, high: 0 }, voting: { low: 0, high: 0 }, paths: [] };
        acc.share = { low: acc.share.low + nextShare.low, high: acc.share.high + nextShare.high };
        acc.voting = { low: acc.voting.low + nextVotes.low, high: acc.voting.high + nextVotes.high };
        acc.paths.push(nextPath);
        found.set(edge.ownerId, acc);
      } else {
        walk(edge.ownerId, nextPath, nextShare, nextVotes);
      }
    }
  };
  walk(subjectId, [subjectId], { low: 1, high: 1 }, { low: 1, high: 1 });
  for (const id of cycles) warnings.push({ kind: 'cycle', nodeId: id });
  for (const [id, share] of unresolved) warnings.push({ kind: 'unresolved_owner', nodeId: id, share: { low: round(share.low), high: round(share.high) } });

  const ubos: Ubo[] = [];
  const people = new Set([...found.keys(), ...nodes.filter((n) => n.kind === 'person' && n.otherControl).map((n) => n.id)]);
  for (const personId of people) {
    const acc = found.get(personId) ?? { share: { low: 0, high: 0 }, voting: { low: 0, high: 0 }, paths: [] };
    const share = clamp({ low: round(acc.share.low), high: round(acc.share.high) });
    const voting = clamp({ low: round(acc.voting.low), high: round(acc.voting.high) });
    const reasons: UboReason[] = [];
    let certain = false;
    if (share.high > threshold + EPS) {
      reasons.push(acc.paths.some((p) => p.length > 2) ? 'indirect_ownership' : 'direct_ownership');
      certain ||= share.low > threshold + EPS;
    }
    if (voting.high > threshold + EPS) {
      reasons.push('voting_rights');
      certain ||= voting.low > threshold + EPS;
    }
    if (byId.get(personId)?.otherControl) {
      reasons.push('control_by_other_means');
      certain = true;
    }
    if (reasons.length) ubos.push({ personId, share, voting, reasons, certainty: certain ? 'certain' : 'possible', paths: acc.paths });
  }
  ubos.sort((a, b) => b.share.high - a.share.high || a.personId.localeCompare(b.personId));

  const fallback = ubos.length ? null : {
    personIds: nodes.filter((n) => n.kind === 'person' && n.seniorManagement).map((n) => n.id),
    reason: [...unresolved.values()].some((b) => b.high > threshold + EPS) ? 'ownership_chain_unresolved' as const : 'no_owner_above_threshold' as const,
  };
  return { ubos, fallback, warnings };
}
