// The data converter shared by the client (API, CLI) and the worker: the
// encryption codec, and a failure converter loaded by path (the worker's
// workflow sandbox loads it by path too).
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec.ts';

export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

export function dataConverter(keyRing: readonly { id: string; key: Buffer }[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyRing)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
