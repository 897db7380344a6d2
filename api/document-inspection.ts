// The second half of the DOCX check (the first, on declared sizes and names, is
// checkDocument in domain/documents/document.ts): every part is actually unpacked,
// never to more than it declared, and must match its declared size and CRC-32, so
// a zip bomb that lies in its central directory is caught without ever unpacking
// more than DOCX_LIMITS allows. A part whose bytes are a program (Windows PE, ELF,
// Mach-O, a script with #!) is refused whatever its name.
import { crc32, inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import type { DocumentProblem, ZipEntryInfo } from '../domain/documents/document.ts';

const inflate = promisify(inflateRaw) as (buffer: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

const PROGRAM_MAGIC: readonly (readonly number[])[] = [
  [0x4d, 0x5a], // MZ: Windows PE
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xcf, 0xfa, 0xed, 0xfe], [0xce, 0xfa, 0xed, 0xfe], [0xfe, 0xed, 0xfa, 0xcf], [0xfe, 0xed, 0xfa, 0xce], // Mach-O
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal / Java class
  [0x23, 0x21], // #! script
];

export type InspectionResult = { ok: true } | { ok: false; problem: DocumentProblem; detail: string };

function isProgram(data: Buffer): boolean {
  return PROGRAM_MAGIC.some((magic) => data.length >= magic.length && magic.every((b, i) => data[i] === b));
}

export async function inspectZipParts(bytes: Buffer, entries: readonly ZipEntryInfo[]): Promise<InspectionResult> {
  for (const entry of entries) {
    const shown = JSON.stringify(entry.name.slice(0, 100));
    const at = entry.localOffset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) return { ok: false, problem: 'malformed', detail: `a part without its header (${shown})` };
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const packed = bytes.subarray(start, start + entry.compressedSize);
    if (packed.length !== entry.compressedSize) return { ok: false, problem: 'malformed', detail: `a part that runs past the end of the file (${shown})` };
    let data: Buffer;
    if (entry.method === 0) {
      data = packed;
    } else {
      try {
        // One byte more than declared is enough to know the declaration lied.
        data = await inflate(packed, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, problem: 'zip_bomb', detail: `a part that unpacks to more than it declares (${shown})` };
        return { ok: false, problem: 'malformed', detail: `a part that does not unpack (${shown})` };
      }
    }
    if (data.length > entry.uncompressedSize) return { ok: false, problem: 'zip_bomb', detail: `a part that unpacks to more than it declares (${shown})` };
    if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) return { ok: false, problem: 'malformed', detail: `a damaged part (${shown})` };
    if (isProgram(data)) return { ok: false, problem: 'executable', detail: `a program inside (${shown})` };
  }
  return { ok: true };
}
