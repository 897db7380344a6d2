// Turns the bytes of a list file into text, repairing what real downloads do
// to list files: legacy single-byte characters inside UTF-8 (decoded as
// Windows-1252 instead), stray ASCII control characters, and a byte-order mark.
import { ListFormatError, type RepairLog } from './list-format.ts';

// Windows-1252 differs from Latin-1 in 0x80-0x9F; those are the bytes re-saved files carry (’ “ ” – —).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeByte(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
}

/** Length of a valid UTF-8 sequence starting at i, or 0 when the bytes there are not valid UTF-8. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const b1 = bytes[i + 1]!;
    if (b === 0xe0 && b1 < 0xa0) return 0;
    if (b === 0xed && b1 >= 0xa0) return 0;
    return 3;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const b1 = bytes[i + 1]!;
    if (b === 0xf0 && b1 < 0x90) return 0;
    if (b === 0xf4 && b1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

function lineAt(bytes: Uint8Array, end: number, cache: { pos: number; line: number }): number {
  for (let i = cache.pos; i < end; i++) if (bytes[i] === 0x0a) cache.line++;
  cache.pos = end;
  return cache.line;
}

/**
 * UTF-8 decode; where bytes are not valid UTF-8 and `repair` is on, decode
 * those bytes as Windows-1252 and log each line repaired, otherwise refuse.
 */
export function decodeListBytes(bytes: Uint8Array, repairs: RepairLog, options: { repair: boolean; what: string }): string {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    // fall through to the byte-wise repair below
  }
  const parts: string[] = [];
  const lines = { pos: 0, line: 1 };
  let runStart = start;
  const utf8 = new TextDecoder('utf-8');
  for (let i = start; i < bytes.length;) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) { i += n; continue; }
    const line = lineAt(bytes, i, lines);
    if (!options.repair) {
      throw new ListFormatError(`${options.what}: invalid UTF-8 byte 0x${bytes[i]!.toString(16)} at line ${line} (byte offset ${i}); re-run with repair allowed or obtain a clean copy`);
    }
    parts.push(utf8.decode(bytes.subarray(runStart, i)), decodeByte(bytes[i]!));
    repairs.add('invalid-utf8', `line ${line}`);
    i += 1;
    runStart = i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return parts.join('');
}

// Control characters that lost the high byte of a UTF-16 typographic character keep their meaning.
const CONTROL_MEANING: Record<string, string> = { '\u0018': '‘', '\u0019': '’', '\u0013': '–', '\u0014': '—', '\u001c': '“', '\u001d': '”' };

/** Remove C0 control characters (XML 1.0 forbids them), logging the lines; refuse when repair is off. */
export function dropControlCharacters(text: string, repairs: RepairLog, options: { repair: boolean; what: string }): string {
  if (!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) return text;
  let line = 1;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { line++; continue; }
    if (c < 32 && c !== 9 && c !== 13) {
      if (!options.repair) throw new ListFormatError(`${options.what}: control character U+${c.toString(16).padStart(4, '0')} at line ${line}`);
      out += text.slice(last, i) + (CONTROL_MEANING[text[i]!] ?? '');
      last = i + 1;
      repairs.add('control-character', `line ${line}`);
    }
  }
  return out + text.slice(last);
}
