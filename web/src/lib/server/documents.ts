// Uploads from forms: the browser's multipart body is streamed on to the API as
// it arrives (never parsed or buffered here), so the API's size limit and its
// checks of the content are the only ones; the answer comes back as data or the
// API's error message.
import type { RequestEvent } from '@sveltejs/kit';
import { apiFetch } from '#lib/server/api.js';

export type UploadOutcome =
	| { ok: true; status: number; data: Record<string, unknown> }
	| { ok: false; status: number; code: string; message: string };

export async function forwardUpload(event: RequestEvent, apiPath: string): Promise<UploadOutcome> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data') || !event.request.body) {
		return { ok: false, status: 400, code: 'validation_failed', message: 'No document was sent' };
	}
	let response: Response;
	try {
		response = await apiFetch(event, apiPath, {
			method: 'POST',
			body: event.request.body,
			headers: { 'content-type': type },
			// Streaming a request body needs half duplex in Node's fetch.
			duplex: 'half',
			signal: AbortSignal.timeout(120_000)
		} as RequestInit);
	} catch {
		// The body stream broke off (larger than the web server takes) or the API did not answer.
		return { ok: false, status: 413, code: 'payload_too_large', message: 'The document could not be received; it may be larger than the limit' };
	}
	const text = await response.text();
	let parsed: any = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		parsed = null;
	}
	if (response.ok) return { ok: true, status: response.status, data: parsed ?? {} };
	return { ok: false, status: response.status, code: parsed?.error?.code ?? 'error', message: parsed?.error?.message ?? response.statusText };
}
