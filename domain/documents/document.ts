// Case documents, pure: the allow-list of types recognised by their magic bytes
// (never by the name or the browser's content type), sanitised display names,
// the size limit and the decision rules. No I/O: bytes and limits are handed in.

export const DOCUMENT_TYPES = ['pdf', 'png', 'jpeg', 'docx'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_DECISIONS = ['open', 'accepted', 'rejected'] as const;
export type DocumentDecision = (typeof DOCUMENT_DECISIONS)[number];

export const MEDIA_TYPES: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const EXTENSIONS: Record<DocumentType, readonly string[]> = {
  pdf: ['pdf'], png: ['png'], jpeg: ['jpg', 'jpeg'], docx: ['docx'],
};

/** The default size limit (DOCUMENT_MAX_BYTES overrides it). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Longest display name kept, in characters (the extension is kept within it). */
export const MAX_NAME_LENGTH = 120;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** Entry names of a zip archive, from its central directory; null when it is not a well-formed zip. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (bytes.length < 22) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (offset + size > eocd || count > 10_000) return null;
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let at = offset;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > eocd) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The document's type from its content, or null when it is not on the allow-list. */
export function detectDocumentType(bytes: Uint8Array): DocumentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A DOCX is a zip (OOXML package) with a content-types part and a main document part.
    const names = zipEntryNames(bytes);
    if (names && names.includes('[Content_Types].xml') && names.includes('word/document.xml')) return 'docx';
  }
  return null;
}

// C0/C1 controls and DEL; bidirectional overrides, embeddings, isolates and marks; zero-width characters and BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const RESERVED = /[<>:"|?*]/g;

/**
 * A display name safe to show and to put into a Content-Disposition header: no
 * path parts, no control or bidi characters, no reserved characters, bounded
 * length, and an extension that matches the detected type.
 */
export function sanitiseDocumentName(raw: string, type: DocumentType): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base.replace(UNSAFE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let stem = EXTENSIONS[type].includes(ext) ? name.slice(0, dot) : name;
  const extension = EXTENSIONS[type].includes(ext) ? ext : EXTENSIONS[type][0]!;
  stem = stem.replace(/[.\s]+$/, '');
  const room = MAX_NAME_LENGTH - extension.length - 1;
  // Cut by code points, so a surrogate pair is never split.
  stem = [...stem].slice(0, room).join('').trim();
  return `${stem || 'document'}.${extension}`;
}

/** An RFC 6266 Content-Disposition value: an ASCII fallback plus the UTF-8 name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_') || 'document';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export class DocumentRuleError extends Error {
  override name = 'DocumentRuleError';
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

/** A decision on a document: rejection needs a reason; acceptance keeps none. */
export function decideDocument(decision: Exclude<DocumentDecision, 'open'>, reason: string | undefined): { decision: Exclude<DocumentDecision, 'open'>; reason: string | null } {
  const trimmed = reason?.trim() ?? '';
  if (decision === 'rejected' && !trimmed) throw new DocumentRuleError('A rejection needs a reason the client can act on', 'reason');
  return { decision, reason: trimmed || null };
}
