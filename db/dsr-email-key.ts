// The keyed hash of a normalised e-mail address: how data-subject requests are
// counted per address, how holds by address are matched and how the suppression
// list and the erasure ledger name a person, without storing or comparing the
// address itself. Keyed with CLIENTNOTE_SECRET. (In db/ so the worker may use it.)
import { createHmac } from 'node:crypto';
import { normaliseEmail } from '../domain/dsr/request.ts';

export function dsrEmailKey(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`dsr-email\0${normaliseEmail(email)}`).digest().toString('base64url');
}
