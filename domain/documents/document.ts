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

/** One file in a zip archive, as its central directory declares it. */
export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused in a document. */
  method: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

/** The entries of a zip archive, from its central directory; null when it is not a well-formed zip. */
export function zipEntries(bytes: Uint8Array): ZipEntryInfo[] | null {
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
  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let at = offset;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > eocd) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Entry names of a zip archive, from its central directory; null when it is not a well-formed zip. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  return zipEntries(bytes)?.map((e) => e.name) ?? null;
}

/** The document's type from its magic bytes (and, for a DOCX, its parts), or null when it is not on the allow-list. */
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

/**
 * What a DOCX may unpack to. A real one compresses its XML about 5-20:1; a zip bomb
 * declares (or hides) thousands to one. Checked on the declared sizes here, and on the
 * actual inflated bytes by the upload (api/document-inspection.ts), never beyond these.
 */
export const DOCX_LIMITS = {
  maxEntries: 2_000,
  maxTotalUncompressed: 100 * 1024 * 1024,
  /** Per entry and overall; entries under `ratioFloor` bytes are not held to it (tiny parts compress oddly). */
  maxRatio: 100,
  ratioFloor: 1024 * 1024,
} as const;

export type DocumentProblem = 'not_allowed' | 'zip_bomb' | 'executable' | 'polyglot' | 'malformed';

export type DocumentCheck =
  | { ok: true; type: DocumentType }
  | { ok: false; type: DocumentType | null; problem: DocumentProblem; detail: string };

// Programs, scripts and macro containers: never inside a document.
const EXECUTABLE_NAME = /\.(exe|dll|com|scr|pif|cpl|msi|msp|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|jar|sh|bin|lnk|app|elf|so|dylib|docm|dotm|xlsm|pptm)$/i;
const MACRO_PART = /(^|\/)vbaProject\.bin$/i;
// HTML (or SVG) markup: a PDF that a browser could also read as a page.
const HTML_MARKUP = /<(!doctype\s+html|html|head|body|script|iframe|frame|svg|object|embed|meta\s+http-equiv)[\s>/]/i;
const latin1 = new TextDecoder('latin1');

/** An end-of-central-directory record near the end: a zip archive glued to the file. */
function hasZipEnd(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i -= 1) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

/** Zip entry names that could escape a folder when unpacked: absolute, drive-lettered, `..` or backslashes. */
function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || name.split('/').some((part) => part === '..') || /[\u0000-\u001f]/.test(name);
}

function checkDocx(bytes: Uint8Array, entries: readonly ZipEntryInfo[]): DocumentCheck {
  const refuse = (problem: DocumentProblem, detail: string): DocumentCheck => ({ ok: false, type: 'docx', problem, detail });
  if (entries.length > DOCX_LIMITS.maxEntries) return refuse('zip_bomb', `${entries.length} files inside`);
  let total = 0;
  for (const entry of entries) {
    const shown = entry.name.slice(0, 100);
    if (unsafeEntryName(entry.name)) return refuse('malformed', `an unsafe path inside (${JSON.stringify(shown)})`);
    if (entry.flags & 0x1) return refuse('malformed', 'encrypted contents');
    if (entry.method !== 0 && entry.method !== 8) return refuse('malformed', `an unknown compression method (${entry.method})`);
    // ZIP64 markers: no document needs them; sizes could not be checked.
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localOffset === 0xffffffff) return refuse('zip_bomb', 'ZIP64 sizes');
    if (entry.localOffset + 30 + entry.compressedSize > bytes.length) return refuse('malformed', `a part that runs past the end of the file (${JSON.stringify(shown)})`);
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) return refuse('malformed', `a stored part whose sizes disagree (${JSON.stringify(shown)})`);
    if (EXECUTABLE_NAME.test(entry.name) || MACRO_PART.test(entry.name)) return refuse('executable', `a program or macro inside (${JSON.stringify(shown)})`);
    if (entry.uncompressedSize > DOCX_LIMITS.ratioFloor && entry.uncompressedSize > entry.compressedSize * DOCX_LIMITS.maxRatio) {
      return refuse('zip_bomb', `a part that unpacks ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its size (${JSON.stringify(shown)})`);
    }
    total += entry.uncompressedSize;
  }
  if (total > DOCX_LIMITS.maxTotalUncompressed) return refuse('zip_bomb', `${Math.round(total / 1024 / 1024)} MiB unpacked`);
  if (total > DOCX_LIMITS.ratioFloor && total > bytes.length * DOCX_LIMITS.maxRatio) return refuse('zip_bomb', `${Math.round(total / bytes.length)} times its size unpacked`);
  return { ok: true, type: 'docx' };
}

/**
 * The upload check: the type from the content, then what that type must not hide.
 * A DOCX is refused when its declared sizes make it a zip bomb, when it carries a
 * program or macro, or when its structure is damaged, encrypted or has unsafe paths.
 * A PDF, PNG or JPEG is refused when it also holds HTML markup (a polyglot a browser
 * could render as a page), and a PDF when a zip archive is appended to it.
 */
export function checkDocument(bytes: Uint8Array): DocumentCheck {
  const type = detectDocumentType(bytes);
  if (!type) return { ok: false, type: null, problem: 'not_allowed', detail: 'not a PDF, PNG, JPEG or DOCX document' };
  if (type === 'docx') return checkDocx(bytes, zipEntries(bytes) ?? []);
  if (HTML_MARKUP.test(latin1.decode(bytes))) return { ok: false, type, problem: 'polyglot', detail: 'HTML markup inside' };
  if (type === 'pdf' && hasZipEnd(bytes)) {
    return { ok: false, type, problem: 'polyglot', detail: 'a zip archive appended' };
  }
  return { ok: true, type };
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
