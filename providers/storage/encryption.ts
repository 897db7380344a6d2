// Documents are encrypted before they reach a storage provider: AES-256-GCM with
// a fresh data key per document, the document id as additional data (a blob
// cannot be swapped for another document's), and the data key wrapped (also
// AES-256-GCM) by a key-encryption key derived from CLIENTNOTE_SECRET with HKDF.
// The wrapped key and the wrapping key's id live in the document's row, so the
// storage alone never holds what decrypts it, and a new secret can be rolled in
// while old documents still name the key they were wrapped with.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { DocumentStorage } from './storage.ts';

const IV = 12;
const TAG = 16;

export interface KeyEncryptionKey { id: string; key: Buffer }

/** The key-encryption key of a secret; its id is a fingerprint, never the key. */
export function keyFromSecret(secret: string): KeyEncryptionKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'clientnote/documents', 'document-key-encryption/v1', 32));
  return { id: `s1-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

function gcmSeal(key: Buffer, plaintext: Uint8Array, aad: string): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV + TAG) throw new DocumentDecryptionError('the stored document is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV, sealed.length - TAG)), decipher.final()]);
  } catch (error) {
    throw new DocumentDecryptionError('the stored document does not decrypt (altered, or another key)', { cause: error });
  }
}

export class DocumentDecryptionError extends Error {
  override name = 'DocumentDecryptionError';
}

export interface SealedRef { keyId: string; wrappedKey: string }

/** Storage that encrypts on put and decrypts on get. `keys[0]` wraps new documents; every key unwraps. */
export interface DocumentVault {
  readonly describe: string;
  put(documentId: string, storageKey: string, plaintext: Uint8Array): Promise<SealedRef>;
  get(documentId: string, storageKey: string, ref: SealedRef): Promise<Buffer | null>;
  delete(storageKey: string): Promise<void>;
}

export function createDocumentVault(storage: DocumentStorage, keys: readonly KeyEncryptionKey[]): DocumentVault {
  if (keys.length === 0) throw new Error('a document vault needs at least one key');
  const current = keys[0]!;
  return {
    describe: storage.describe,
    async put(documentId, storageKey, plaintext) {
      const dataKey = randomBytes(32);
      try {
        const blob = gcmSeal(dataKey, plaintext, `document:${documentId}`);
        const wrapped = gcmSeal(current.key, dataKey, `data-key:${current.id}:${documentId}`);
        await storage.put(storageKey, blob);
        return { keyId: current.id, wrappedKey: wrapped.toString('base64') };
      } finally {
        dataKey.fill(0);
      }
    },
    async get(documentId, storageKey, ref) {
      const kek = keys.find((k) => k.id === ref.keyId);
      if (!kek) throw new DocumentDecryptionError(`no key with id ${ref.keyId} is configured`);
      const blob = await storage.get(storageKey);
      if (!blob) return null;
      const dataKey = gcmOpen(kek.key, Buffer.from(ref.wrappedKey, 'base64'), `data-key:${kek.id}:${documentId}`);
      try {
        return gcmOpen(dataKey, blob, `document:${documentId}`);
      } finally {
        dataKey.fill(0);
      }
    },
    delete: (storageKey) => storage.delete(storageKey),
  };
}
