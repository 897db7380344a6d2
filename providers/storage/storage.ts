// Where document bytes live: put, get and delete by an opaque key the platform
// generates (never derived from a file name). What reaches a provider is
// already encrypted (providers/storage/encryption.ts).
export interface DocumentStorage {
  /** Where the bytes go, for logs and the README: `file:<dir>` or `s3://bucket`. */
  readonly describe: string;
  put(key: string, data: Uint8Array): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours: lower-case hex, digits, dashes and single slashes; no dots, so never `..`. */
export const STORAGE_KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

export class StorageKeyError extends Error {
  override name = 'StorageKeyError';
}

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key) || key.length > 200) throw new StorageKeyError(`not a storage key: ${JSON.stringify(key.slice(0, 40))}`);
}

export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}
