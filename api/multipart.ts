// One uploaded file from a multipart/form-data body, read as a stream with the
// size limit enforced while it arrives: a body that declares more than the limit
// is refused before a byte is read, and one that sends more is cut off the
// moment it crosses it (413 payload_too_large). Nothing is written anywhere
// here; the caller gets the bytes only when the whole file fitted.
import busboy from 'busboy';
import type { Context } from 'koa';
import { ApiError } from './errors.ts';

/** Room for the multipart framing and the small text fields around the file. */
const FRAMING_BYTES = 64 * 1024;
/** After refusing, what is still read (and discarded) so the client sees the answer, before the connection is closed. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 5_000;

export interface Upload { filename: string; data: Buffer; fields: Record<string, string> }

export const tooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, 'payload_too_large', `The document is larger than the limit of ${Math.floor(maxBytes / (1024 * 1024)) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MiB' : 'bytes'}`);

/**
 * Stop reading the request: once the answer has gone out, read a little more so
 * the client's stack delivers it, then close the connection. Nothing read is kept.
 */
export function cutOff(ctx: Context): void {
  const req = ctx.req;
  let discarded = 0;
  let answered = false;
  const close = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  // Never before the answer has gone out (a busy machine may take longer to write it than the client
  // takes to send the lingering bytes): until then, stop reading, which holds the client back.
  const enough = () => {
    if (answered) close();
    else req.pause();
  };
  ctx.res.once('finish', () => {
    answered = true;
    if (discarded > LINGER_BYTES) setImmediate(close);
    else req.resume();
  });
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) enough();
  });
  req.on('end', () => clearTimeout(timer));
  req.resume();
}

export async function readUpload(ctx: Context, options: { maxBytes: number; fileField?: string }): Promise<Upload> {
  const field = options.fileField ?? 'file';
  if (!/^multipart\/form-data\s*;/i.test(ctx.get('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', `Send the document as multipart/form-data with one file in the field "${field}"`);
  }
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > options.maxBytes + FRAMING_BYTES) {
    cutOff(ctx);
    throw tooLarge(options.maxBytes);
  }
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: options.maxBytes, fields: 10, fieldSize: 4096, parts: 12, fieldNameSize: 100 },
      });
    } catch {
      reject(new ApiError(400, 'validation_failed', 'The multipart body is malformed', [{ path: field, message: 'malformed multipart body' }]));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { filename: string; chunks: Buffer[]; size: number } | null = null;
    let settled = false;
    const fail = (error: ApiError, stopReading: boolean) => {
      if (settled) return;
      settled = true;
      ctx.req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => {});
      if (stopReading) cutOff(ctx);
      else ctx.req.resume();
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== field || file) {
        stream.resume();
        return;
      }
      const current = { filename: info.filename ?? '', chunks: [] as Buffer[], size: 0 };
      file = current;
      stream.on('data', (chunk: Buffer) => {
        current.size += chunk.length;
        if (current.size <= options.maxBytes) current.chunks.push(chunk);
      });
      stream.on('limit', () => {
        current.chunks = [];
        fail(tooLarge(options.maxBytes), true);
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new ApiError(400, 'validation_failed', 'A form field is too long', [{ path: name, message: 'too long' }]), true);
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new ApiError(400, 'validation_failed', 'Send one document per request', [{ path: field, message: 'only one file' }]), true));
    parser.on('partsLimit', () => fail(new ApiError(400, 'validation_failed', 'Too many form fields', [{ path: '(body)', message: 'too many parts' }]), true));
    parser.on('fieldsLimit', () => fail(new ApiError(400, 'validation_failed', 'Too many form fields', [{ path: '(body)', message: 'too many fields' }]), true));
    parser.on('error', () => fail(new ApiError(400, 'validation_failed', 'The multipart body is malformed', [{ path: field, message: 'malformed multipart body' }]), true));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      const found = file as { filename: string; chunks: Buffer[]; size: number } | null;
      if (!found || found.size === 0) {
        reject(new ApiError(400, 'validation_failed', `No document received: send it in the field "${field}"`, [{ path: field, message: 'a non-empty file is required' }]));
        return;
      }
      resolve({ filename: found.filename, data: Buffer.concat(found.chunks), fields });
    });
    ctx.req.on('aborted', () => fail(new ApiError(400, 'validation_failed', 'The upload was interrupted'), false));
    ctx.req.pipe(parser);
  });
}
