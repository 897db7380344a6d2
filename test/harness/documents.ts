// Test documents and uploads: small real files of each accepted type, an .exe,
// and a multipart upload over real HTTP with a session cookie.
import { testConfig } from './platform.ts';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e5e1d10000000049454e44ae426082', 'hex');
export const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.from('This program cannot be run in DOS mode.\r\n'), Buffer.alloc(256, 0)]);

/** A minimal stored zip with the given entry names (a DOCX needs [Content_Types].xml and word/document.xml). */
export function zipOf(names: string[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0); l.writeUInt16LE(20, 4); l.writeUInt16LE(n.length, 26);
    local.push(l, n);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(names.length, 8); end.writeUInt16LE(names.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}
export const DOCX = zipOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);

export interface Session { cookie: string; csrfToken: string; userId: string }

export async function session(baseUrl: string, email: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: testConfig().demoPassword }) });
  const body = (await res.json()) as { csrfToken: string; user: { id: string } };
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken, userId: body.user.id };
}

/** POST one file as multipart/form-data, as a browser form would. */
export async function upload(baseUrl: string, path: string, file: { bytes: Uint8Array; name: string; type?: string }, options: { session?: Session; fields?: Record<string, string> } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
  form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }), file.name);
  const res = await fetch(baseUrl + path, {
    method: 'POST', body: form,
    headers: options.session ? { cookie: options.session.cookie, 'x-csrf-token': options.session.csrfToken } : {},
  });
  const text = await res.text();
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers };
}
