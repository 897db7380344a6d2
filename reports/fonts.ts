// The fonts a report embeds, from npm packages installed with the project
// (never downloaded at run time): Noto Sans (Latin with æøå, Latin Extended,
// Cyrillic, Greek, Vietnamese, …) and Noto Sans SC (Chinese). Fontsource ships
// each font split by Unicode range, one file per range, described by the
// `unicode-range` of its CSS; a text is cut into runs, each run set in the file
// that covers its characters. PDFKit (fontkit) embeds only the glyphs used. The
// WOFF files, not the WOFF2: fontkit's subsetter fails on composite glyphs of
// WOFF2's transformed glyf table ("Offset is outside the bounds of the DataView").
// Each WOFF is unpacked to a plain TrueType font once per process (zlib here is
// native; fontkit's own inflate in JavaScript would take most of a render).
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Weight = 400 | 700;

export interface FontFace {
  /** A name unique per file and weight, as the PDF document registers it. */
  name: string;
  file: string;
  ranges: [number, number][];
}

const require = createRequire(import.meta.url);
const FAMILIES = ['@fontsource/noto-sans', '@fontsource/noto-sans-sc'] as const;

function parseRanges(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const low = Number.parseInt(from!, 16);
    return [low, to ? Number.parseInt(to, 16) : low] as [number, number];
  });
}

/** The faces of one weight, in the order their CSS gives (Noto Sans before Noto Sans SC). */
function facesOf(weight: Weight): FontFace[] {
  const faces: FontFace[] = [];
  for (const family of FAMILIES) {
    const css = require.resolve(`${family}/${weight}.css`);
    const text = readFileSync(css, 'utf8');
    for (const block of text.matchAll(/@font-face\s*{([^}]*)}/g)) {
      const src = /url\(\.\/files\/([^)]+\.woff)\) format\('woff'\)/.exec(block[1]!);
      const range = /unicode-range:\s*([^;]+);/.exec(block[1]!);
      if (!src || !range) continue;
      faces.push({ name: src[1]!.replace(/\.woff$/, ''), file: join(dirname(css), 'files', src[1]!), ranges: parseRanges(range[1]!) });
    }
  }
  // Latin first: the common characters (digits, punctuation, spaces) resolve to it.
  return faces.sort((a, b) => rank(a) - rank(b));
}
const rank = (f: FontFace) => (/-latin-\d/.test(f.name) ? 0 : /-latin-ext-/.test(f.name) ? 1 : /noto-sans-sc-/.test(f.name) ? 3 : 2);

const covers = (face: FontFace, cp: number) => face.ranges.some(([low, high]) => cp >= low && cp <= high);

export interface FontSet {
  weight: Weight;
  /** Cut a text into runs, each with the face that draws it. */
  runs(text: string): { face: FontFace; text: string }[];
  /** The file's bytes, read once per process. */
  bytes(face: FontFace): Buffer;
}

const cache = new Map<Weight, FontSet>();
const fileBytes = new Map<string, Buffer>();

export function fontSet(weight: Weight): FontSet {
  const known = cache.get(weight);
  if (known) return known;
  const faces = facesOf(weight);
  const latin = faces[0]!;
  const faceOf = new Map<number, FontFace>();
  const lookup = (cp: number): FontFace => {
    let face = faceOf.get(cp);
    if (!face) {
      face = faces.find((f) => covers(f, cp)) ?? latin;
      faceOf.set(cp, face);
    }
    return face;
  };
  const set: FontSet = {
    weight,
    runs(text) {
      const runs: { face: FontFace; text: string }[] = [];
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        const last = runs.at(-1);
        // Spaces and characters the current face also covers stay in its run.
        if (last && (cp === 0x20 || cp === 0x0a || covers(last.face, cp))) {
          last.text += ch;
          continue;
        }
        const face = lookup(cp);
        if (last && last.face === face) last.text += ch;
        else runs.push({ face, text: ch });
      }
      return runs;
    },
    bytes(face) {
      let bytes = fileBytes.get(face.file);
      if (!bytes) {
        bytes = woffToSfnt(readFileSync(face.file));
        fileBytes.set(face.file, bytes);
      }
      return bytes;
    },
  };
  cache.set(weight, set);
  return set;
}

/** A WOFF 1.0 file as the TrueType/OpenType font it wraps (W3C WOFF: header, table directory, zlib-compressed tables). */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o)) as [number, number, number, number, number];
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error('a WOFF table does not unpack to its declared length');
    return { tag, checksum, data };
  });
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector += 1;
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    header.writeUInt32BE(t.tag, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = (t.data.length + 3) & ~3;
    parts.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}
