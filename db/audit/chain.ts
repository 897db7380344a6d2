// The audit trail's hash chain: how one event is hashed (canonical JSON of every
// column that matters, plus the previous hash) and how a chain head is signed.
// The writer (db/repositories/audit.ts) and the verifier (db/audit/verify.ts) share it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
/** Chain name for events outside any customer organisation (platform staff). */
export const PLATFORM_CHAIN = 'platform';

export interface ChainedFields {
  chain: string;
  seq: number;
  orgId: string | null;
  actorUserId: string | null;
  actorTokenId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
  prevHash: string;
}

export const chainOf = (orgId: string | null): string => orgId ?? PLATFORM_CHAIN;

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function hashEvent(e: ChainedFields): string {
  const body = canonical([e.chain, e.seq, e.orgId, e.actorUserId, e.actorTokenId, e.action, e.targetType, e.targetId, e.requestId, e.details, e.createdAt.toISOString(), e.prevHash]);
  return createHash('sha256').update(body).digest('hex');
}

export function signHead(secret: string, chain: string, seq: number, hash: string): string {
  return createHmac('sha256', secret).update(`audit-head|${chain}|${seq}|${hash}`).digest('hex');
}

export function headSignatureValid(secret: string, chain: string, seq: number, hash: string, signature: string): boolean {
  const expected = Buffer.from(signHead(secret, chain, seq, hash));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
