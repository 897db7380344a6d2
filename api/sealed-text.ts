// Short secrets sealed at rest with AES-256-GCM under a key derived (HKDF) from
// CLIENTNOTE_SECRET and a purpose, so each kind of secret has its own key: TOTP
// secrets, CPR numbers. The sealed form is `v1.<iv>.<ciphertext>.<tag>`.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a key is for: the HKDF salt and info (fixed per purpose; changing them orphans what was sealed). */
export interface SealingPurpose { salt: string; info: string }
export const TOTP_SEALING: SealingPurpose = { salt: 'clientnote-totp', info: 'totp-secret-v1' };
export const CPR_SEALING: SealingPurpose = { salt: 'clientnote-cpr', info: 'cpr-number-v1' };

const keyFor = (appSecret: string, purpose: SealingPurpose): Buffer => Buffer.from(hkdfSync('sha256', appSecret, purpose.salt, purpose.info, 32));

export function sealText(appSecret: string, purpose: SealingPurpose, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openText(appSecret: string, purpose: SealingPurpose, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) throw new Error('unknown sealed-text format');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret, purpose), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
