// S3-compatible document storage (DOCUMENT_STORAGE=s3://bucket[/prefix]) over
// fetch with SigV4 signatures: PUT, GET and DELETE of one object, path-style
// (`<endpoint>/<bucket>/<key>`), which AWS, MinIO, Ceph and the like all accept.
import { amzDateOf, sha256Hex, signRequest, uriEncode } from './sigv4.ts';
import { assertStorageKey, StorageUnavailableError, type DocumentStorage } from './storage.ts';

export interface S3Options {
  bucket: string;
  prefix?: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  now?: () => Date;
  timeoutMs?: number;
}

export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
  if (!match) throw new Error(`not an s3://bucket location: ${location}`);
  return { bucket: match[1]!, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export function createS3Storage(options: S3Options): DocumentStorage {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.endpoint.replace(/\/+$/, '');

  async function send(method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Uint8Array): Promise<Response> {
    assertStorageKey(key);
    const objectKey = options.prefix ? `${options.prefix}/${key}` : key;
    const url = new URL(`${base}/${uriEncode(options.bucket, false)}/${uriEncode(objectKey, true)}`);
    const payloadHash = sha256Hex(body ?? new Uint8Array());
    const amzDate = amzDateOf(now());
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    if (body) headers['content-type'] = 'application/octet-stream';
    const { authorization } = signRequest({ method, url, headers, payloadHash, region: options.region, accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, amzDate });
    const { host: _host, ...sent } = headers;
    try {
      return await fetch(url, {
        method, headers: { ...sent, authorization }, signal: AbortSignal.timeout(timeoutMs),
        ...(body ? { body: body as unknown as Uint8Array<ArrayBuffer> } : {}),
      });
    } catch (error) {
      throw new StorageUnavailableError(`the S3 service did not answer (${(error as Error).name})`, { cause: error });
    }
  }

  const fail = async (response: Response, what: string): Promise<never> => {
    const text = (await response.text().catch(() => '')).slice(0, 500);
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? String(response.status);
    throw new StorageUnavailableError(`S3 ${what} failed: ${response.status} ${code}`);
  };

  return {
    describe: `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`,
    async put(key, data) {
      const response = await send('PUT', key, data);
      if (!response.ok) await fail(response, 'PUT');
      await response.arrayBuffer();
    },
    async get(key) {
      const response = await send('GET', key);
      if (response.status === 404) {
        await response.arrayBuffer();
        return null;
      }
      if (!response.ok) return fail(response, 'GET');
      return Buffer.from(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await send('DELETE', key);
      if (!response.ok && response.status !== 404) await fail(response, 'DELETE');
      await response.arrayBuffer();
    },
  };
}
