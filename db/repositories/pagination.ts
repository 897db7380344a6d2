// Opaque keyset cursors for the list convention `{items, nextCursor}`.
export interface Page<T> { items: T[]; nextCursor: string | null }

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('shape');
    return { at, id };
  } catch {
    throw new InvalidCursorError('the cursor is not valid');
  }
}
