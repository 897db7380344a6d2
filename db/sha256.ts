// SHA-256 for the server, in the two uses that are the same everywhere:
// - tokenHash: a secret we hand out (session cookie, API token, invitation, reset,
//   upload and status links, recovery code) is stored only as its SHA-256 and
//   looked up by it, so a leaked table opens nothing;
// - sha256Hex: the name of a version people approve (a DSR plan, a KYC report),
//   over the canonical text the rule in domain/ builds (domain/ imports no Node
//   built-ins, so it takes this function as a parameter).
// Content hashes of documents and the audit chain's links are their own concepts.
import { createHash } from 'node:crypto';

export const tokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
