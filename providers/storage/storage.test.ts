// Document storage: the filesystem default, the encryption layer, SigV4 against
// AWS's published example, and the S3 provider against a local HTTP server that
// speaks enough of S3 (PUT, GET, DELETE of objects) and checks every signature.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStorage } from './file.ts';
import { createDocumentVault, keyFromSecret, DocumentDecryptionError } from './encryption.ts';
import { sha256Hex, signRequest } from './sigv4.ts';
import { createS3Storage, parseS3Location } from './s3.ts';
import { StorageKeyError, StorageUnavailableError } from './storage.ts';

test('SigV4: the GET Object example of the S3 documentation gives its published signature', () => {
  const signed = signRequest({
    method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
    headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': sha256Hex(''), 'x-amz-date': '20130524T000000Z' },
    payloadHash: sha256Hex(''), region: 'us-east-1', amzDate: '20130524T000000Z',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
  assert.is(signed.signature, 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  assert.is(signed.authorization, 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
});

async function rejects(fn: () => Promise<unknown>, type: new (...a: any[]) => Error): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assert.instance(error, type);
    return;
  }
  assert.unreachable('should have thrown');
}

test('file storage: put, get, delete; keys are ours, never a path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cn-docs-'));
  try {
    const storage = createFileStorage(dir);
    await storage.put('org/abc-1', new Uint8Array([1, 2, 3]));
    assert.equal([...(await storage.get('org/abc-1'))!], [1, 2, 3]);
    assert.equal(await readdir(join(dir, 'org')), ['abc-1'], 'no temporary file left');
    assert.is(await storage.get('org/missing'), null);
    await storage.delete('org/abc-1');
    await storage.delete('org/abc-1');
    assert.is(await storage.get('org/abc-1'), null);
    for (const bad of ['../etc/passwd', 'a/../../b', '/abs', 'A.pdf', '', 'a//b']) {
      await rejects(() => storage.put(bad, new Uint8Array([1])), StorageKeyError);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the vault: ciphertext at rest, the original back, bound to the document and the key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cn-vault-'));
  try {
    const storage = createFileStorage(dir);
    const vault = createDocumentVault(storage, [keyFromSecret('s'.repeat(40))]);
    const plaintext = Buffer.from('%PDF-1.7 the client passport scan');
    const ref = await vault.put('doc-1', 'k/doc-1', plaintext);
    assert.match(ref.keyId, /^s1-[0-9a-f]{12}$/);
    const onDisk = await readFile(join(dir, 'k', 'doc-1'));
    assert.ok(!onDisk.includes(Buffer.from('passport')), 'the file holds no plaintext');
    assert.is(onDisk.length, plaintext.length + 28);
    assert.equal(await vault.get('doc-1', 'k/doc-1', ref), plaintext);
    await rejects(() => vault.get('doc-2', 'k/doc-1', ref), DocumentDecryptionError);
    const otherSecret = createDocumentVault(storage, [keyFromSecret('t'.repeat(40))]);
    await rejects(() => otherSecret.get('doc-1', 'k/doc-1', ref), DocumentDecryptionError);
    // A rolled secret: the new key wraps, the old one still unwraps what it wrapped.
    const rolled = createDocumentVault(storage, [keyFromSecret('t'.repeat(40)), keyFromSecret('s'.repeat(40))]);
    assert.equal(await rolled.get('doc-1', 'k/doc-1', ref), plaintext);
    onDisk[20] = onDisk[20]! ^ 1;
    await storage.put('k/doc-1', onDisk);
    await rejects(() => vault.get('doc-1', 'k/doc-1', ref), DocumentDecryptionError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Just enough of S3: objects in a map, every request's SigV4 signature recomputed and checked. */
async function fakeS3(credentials: { accessKeyId: string; secretAccessKey: string; region: string }) {
  const objects = new Map<string, Buffer>();
  const seen: { method: string; path: string; signedHeaders: string }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const auth = String(req.headers.authorization ?? '');
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    const deny = (code: string, status = 403) => { res.statusCode = status; res.setHeader('content-type', 'application/xml'); res.end(`<?xml version="1.0"?><Error><Code>${code}</Code></Error>`); };
    if (!match || match[1] !== credentials.accessKeyId || match[3] !== credentials.region || match[2] !== amzDate.slice(0, 8)) return deny('InvalidAccessKeyId');
    if (payloadHash !== sha256Hex(body)) return deny('XAmzContentSHA256Mismatch', 400);
    const signedNames = match[4]!.split(';');
    if (!['host', 'x-amz-content-sha256', 'x-amz-date'].every((h) => signedNames.includes(h))) return deny('AccessDenied');
    const headers = Object.fromEntries(signedNames.map((n) => [n, String(req.headers[n] ?? '')]));
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const expected = signRequest({ method: req.method!, url, headers, payloadHash, amzDate, ...credentials });
    if (expected.signature !== match[5]) return deny('SignatureDoesNotMatch');
    seen.push({ method: req.method!, path: url.pathname, signedHeaders: match[4]! });
    const key = decodeURIComponent(url.pathname);
    if (req.method === 'PUT') { objects.set(key, body); res.setHeader('etag', '"x"'); return res.end(); }
    if (req.method === 'GET') { const o = objects.get(key); if (!o) return deny('NoSuchKey', 404); return res.end(o); }
    if (req.method === 'DELETE') { objects.delete(key); res.statusCode = 204; return res.end(); }
    deny('MethodNotAllowed', 405);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { objects, seen, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('S3 storage: signed PUT, GET and DELETE path-style; wrong credentials are a clear error', async () => {
  const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/with+chars', region: 'eu-north-1' };
  const s3 = await fakeS3(credentials);
  try {
    assert.equal(parseS3Location('s3://cn-documents/prod/docs'), { bucket: 'cn-documents', prefix: 'prod/docs' });
    const storage = createS3Storage({ bucket: 'cn-documents', prefix: 'prod', endpoint: s3.endpoint, ...credentials });
    assert.is(storage.describe, 's3://cn-documents/prod');
    const vault = createDocumentVault(storage, [keyFromSecret('s'.repeat(40))]);
    const ref = await vault.put('doc-9', 'org-1/doc-9', Buffer.from('hello s3'));
    const stored = s3.objects.get('/cn-documents/prod/org-1/doc-9');
    assert.ok(stored && !stored.includes(Buffer.from('hello')), 'ciphertext in the bucket');
    assert.equal((await vault.get('doc-9', 'org-1/doc-9', ref))!.toString(), 'hello s3');
    assert.is(await storage.get('org-1/none'), null);
    await storage.delete('org-1/doc-9');
    assert.is(s3.objects.size, 0);
    assert.equal(s3.seen.map((s) => s.method), ['PUT', 'GET', 'GET', 'DELETE']);
    assert.ok(s3.seen.every((s) => s.signedHeaders.startsWith('content-type;host;') || s.signedHeaders === 'host;x-amz-content-sha256;x-amz-date'));
    const wrong = createS3Storage({ bucket: 'cn-documents', endpoint: s3.endpoint, ...credentials, secretAccessKey: 'nope' });
    try {
      await wrong.put('a', new Uint8Array([1]));
      assert.unreachable('a wrong secret must fail');
    } catch (error) {
      assert.instance(error, StorageUnavailableError);
      assert.match((error as Error).message, /403 SignatureDoesNotMatch/);
    }
  } finally {
    await s3.close();
  }
});

test.run();
