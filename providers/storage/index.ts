// The configured document storage (DOCUMENT_STORAGE), wrapped in encryption.
import { resolve } from 'node:path';
import { createFileStorage } from './file.ts';
import { createS3Storage, parseS3Location } from './s3.ts';
import { createDocumentVault, keyFromSecret, type DocumentVault } from './encryption.ts';
import type { DocumentStorage } from './storage.ts';

export type { DocumentStorage } from './storage.ts';
export type { DocumentVault } from './encryption.ts';

/** The part of the configuration document storage reads (config/schema.ts gives it). */
export interface StorageSettings {
  documentStorage: string;
  documents: { s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string } | null };
}

export function createDocumentStorage(config: StorageSettings): DocumentStorage {
  if (config.documentStorage.startsWith('file:')) return createFileStorage(resolve(config.documentStorage.slice('file:'.length)));
  const { bucket, prefix } = parseS3Location(config.documentStorage);
  const s3 = config.documents.s3;
  if (!s3) throw new Error('DOCUMENT_STORAGE=s3://... needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  return createS3Storage({ bucket, prefix, ...s3 });
}

export function createConfiguredVault(config: StorageSettings & { secret: string }, storage?: DocumentStorage): DocumentVault {
  return createDocumentVault(storage ?? createDocumentStorage(config), [keyFromSecret(config.secret)]);
}
