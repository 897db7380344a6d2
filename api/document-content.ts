// Reading a stored document's original bytes for a download or an export: decrypted
// through the vault, or a clear 503 (logged with the document id only) when the
// store cannot be read or the file is missing.
import type { Context } from 'koa';
import type { DocumentVault } from '../providers/storage/index.ts';
import { unavailable } from './errors.ts';

export interface StoredDocumentRef { id: string; storageKey: string; keyId: string; wrappedKey: string }

export async function documentContent(ctx: Context, vault: DocumentVault, doc: StoredDocumentRef): Promise<Buffer> {
  let bytes: Buffer | null;
  try {
    bytes = await vault.get(doc.id, doc.storageKey, { keyId: doc.keyId, wrappedKey: doc.wrappedKey });
  } catch (error) {
    ctx.state.logger?.error({ err: error, documentId: doc.id }, 'document could not be read or decrypted');
    throw unavailable('The document could not be read from the document store right now.');
  }
  if (!bytes) {
    ctx.state.logger?.error({ documentId: doc.id }, 'document file missing from storage');
    throw unavailable('The document file is missing from the document store.');
  }
  return bytes;
}
