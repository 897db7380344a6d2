// `audit verify`: walk every chain and name each problem — an altered row (its
// hash no longer matches), removed rows (a gap in seq, or rows missing after
// the last one when the signed head says there were more), and rows appended
// out of chain (wrong previous hash, or beyond the signed head).
import type { Knex } from 'knex';
import { GENESIS_HASH, hashEvent, headSignatureValid } from './chain.ts';

export interface AuditProblem {
  chain: string;
  kind: 'altered' | 'removed' | 'out_of_chain' | 'head_invalid' | 'head_missing';
  seq?: number;
  id?: string;
  message: string;
}

export interface VerifyResult { chains: number; events: number; problems: AuditProblem[] }

export async function verifyAuditTrail(knex: Knex, secret: string): Promise<VerifyResult> {
  const heads = new Map<string, { seq: number; hash: string; signature: string }>();
  for (const h of await knex('audit_heads').select('chain', 'seq', 'hash', 'signature')) heads.set(h.chain, { seq: Number(h.seq), hash: h.hash, signature: h.signature });
  const chainNames = new Set<string>([...heads.keys(), ...((await knex('audit_events').distinct('chain').pluck('chain')) as string[])]);
  const problems: AuditProblem[] = [];
  let events = 0;

  for (const chain of [...chainNames].sort()) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let lastSeq = 0;
    let lastHash = GENESIS_HASH;
    let afterSeq = 0;
    for (;;) {
      const rows = await knex('audit_events').where({ chain }).andWhere('seq', '>', afterSeq).orderBy('seq').limit(1000);
      for (const r of rows) {
        events++;
        const seq = Number(r.seq);
        if (seq > expectedSeq) problems.push({ chain, kind: 'removed', seq: expectedSeq, message: `rows ${expectedSeq}–${seq - 1} of chain ${chain} are missing` });
        const recomputed = hashEvent({
          chain, seq, orgId: r.orgId, actorUserId: r.actorUserId, actorTokenId: r.actorTokenId, action: r.action, targetType: r.targetType,
          targetId: r.targetId, requestId: r.requestId, details: r.details, createdAt: r.createdAt, prevHash: r.prevHash,
        });
        if (recomputed !== r.hash) problems.push({ chain, kind: 'altered', seq, id: r.id, message: `row ${r.id} (seq ${seq}) of chain ${chain} was altered: its hash does not match its content` });
        else if (seq === expectedSeq && r.prevHash !== prevHash) problems.push({ chain, kind: 'out_of_chain', seq, id: r.id, message: `row ${r.id} (seq ${seq}) of chain ${chain} does not link to the row before it` });
        else if (seq > expectedSeq && r.prevHash !== prevHash) { /* already reported as a gap */ }
        prevHash = r.hash;
        expectedSeq = seq + 1;
        lastSeq = seq;
        lastHash = r.hash;
      }
      if (rows.length < 1000) break;
      afterSeq = Number(rows.at(-1).seq);
    }
    const head = heads.get(chain);
    if (!head) {
      problems.push({ chain, kind: 'head_missing', message: `chain ${chain} has no anchored head` });
      continue;
    }
    if (!headSignatureValid(secret, chain, head.seq, head.hash, head.signature)) {
      problems.push({ chain, kind: 'head_invalid', message: `the head of chain ${chain} is not signed with this CLIENTNOTE_SECRET (tampered, or another secret)` });
      continue;
    }
    if (head.seq > lastSeq) {
      problems.push({ chain, kind: 'removed', seq: lastSeq + 1, message: `the newest rows ${lastSeq + 1}–${head.seq} of chain ${chain} were removed (the signed head is at ${head.seq})` });
    } else if (lastSeq > head.seq) {
      const extra = await knex('audit_events').where({ chain }).andWhere('seq', '>', head.seq).orderBy('seq').select('id', 'seq');
      for (const row of extra) problems.push({ chain, kind: 'out_of_chain', seq: Number(row.seq), id: row.id, message: `row ${row.id} (seq ${row.seq}) of chain ${chain} was appended beyond the signed head` });
    } else if (lastHash !== head.hash) {
      problems.push({ chain, kind: 'altered', seq: lastSeq, message: `the newest row (seq ${lastSeq}) of chain ${chain} does not match the signed head` });
    }
  }
  return { chains: chainNames.size, events, problems };
}
