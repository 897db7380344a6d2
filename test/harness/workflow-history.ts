// Reading a workflow history as the erasure scans need it: every payload
// (inputs, results, signals, updates, failures) decoded with the codec and
// joined as text, so a test can search it for a name or an address.
import type { Payload } from '@temporalio/common';
import type { CodecKey } from '../../config/schema.ts';
import { EncryptionCodec } from '../../temporal/codec.ts';

export async function decodeHistoryPayloads(history: unknown, codecKeys: readonly CodecKey[]): Promise<string> {
  const payloads: Payload[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const candidate = value as { data?: unknown; metadata?: unknown };
    if (candidate.data instanceof Uint8Array && candidate.metadata) payloads.push(candidate as Payload);
    else for (const child of Object.values(value)) walk(child);
  };
  walk(history);
  const decoded = await new EncryptionCodec(codecKeys).decode(payloads);
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')).join('\n');
}
