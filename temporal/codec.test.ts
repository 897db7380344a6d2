import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, UnknownCodecKeyError } from './codec.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const payload = defaultPayloadConverter.toPayload({ caseId: 'c-1', note: 'Jens Hansen' });

test('encrypts with the first key and decodes back exactly', async () => {
  const codec = new EncryptionCodec([k1]);
  const [encoded] = await codec.encode([payload]);
  assert.is(Buffer.from(encoded!.metadata!.encoding!).toString(), 'binary/encrypted');
  assert.is(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString(), 'k1');
  assert.not.ok(Buffer.from(encoded!.data!).includes('Jens Hansen'), 'plaintext must not be visible');
  const [decoded] = await codec.decode([encoded!]);
  assert.equal(defaultPayloadConverter.fromPayload(decoded!), { caseId: 'c-1', note: 'Jens Hansen' });
});

test('rotation: a new ring decodes old payloads, and an unknown key id is refused', async () => {
  const [old] = await new EncryptionCodec([k1]).encode([payload]);
  const rotated = new EncryptionCodec([k2, k1]);
  const [fresh] = await rotated.encode([payload]);
  assert.is(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString(), 'k2');
  assert.ok(await rotated.decode([old!]));
  try {
    await new EncryptionCodec([k2]).decode([old!]);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UnknownCodecKeyError);
  }
});

test('tampered ciphertext fails authentication', async () => {
  const codec = new EncryptionCodec([k1]);
  const [encoded] = await codec.encode([payload]);
  const data = Buffer.from(encoded!.data!);
  data[20] = data[20]! ^ 0xff;
  try {
    await codec.decode([{ ...encoded!, data }]);
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /authenticate/);
  }
});

test('unencrypted payloads pass through decode', async () => {
  const [decoded] = await new EncryptionCodec([k1]).decode([payload]);
  assert.equal(decoded, payload);
});

test.run();
