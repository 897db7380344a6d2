// The payload codec's cost per payload (issue 20: key objects are made once, not per payload):
// encode + decode of a case-sized payload, averaged over 20,000 rounds after a warm-up.
//   node --import tsx bench/codec.bench.ts
import { randomBytes } from 'node:crypto';
import { EncryptionCodec } from '../temporal/codec.ts';

const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
const payloads = [{ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode(JSON.stringify({ orgId: randomBytes(16).toString('hex'), caseId: randomBytes(16).toString('hex'), step: 'screening' })) }];
for (let i = 0; i < 2000; i += 1) await codec.decode(await codec.encode(payloads));
const rounds = 20_000;
const started = performance.now();
for (let i = 0; i < rounds; i += 1) await codec.decode(await codec.encode(payloads));
console.log(`codec encode + decode: ${(((performance.now() - started) * 1000) / rounds).toFixed(1)} µs per payload`);
