// TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), with a
// window of one step either side for clock drift, and recovery codes. The secret
// is stored encrypted (AES-256-GCM, key derived from CLIENTNOTE_SECRET).
import { tokenHash } from '../../db/sha256.ts';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { openText, sealText, TOTP_SEALING } from '../sealed-text.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpCode(secret: string, at: Date, offsetSteps = 0): string {
  const counter = Math.floor(at.getTime() / 1000 / STEP_SECONDS) + offsetSteps;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const number = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, '0');
}

export function verifyTotp(secret: string, code: string, at: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return [-1, 0, 1].some((offset) => {
    const expected = Buffer.from(totpCode(secret, at, offset));
    return timingSafeEqual(expected, Buffer.from(code));
  });
}

export function otpauthUrl(secret: string, account: string): string {
  return `otpauth://totp/${encodeURIComponent(`Clientnote:${account}`)}?secret=${secret}&issuer=Clientnote&algorithm=SHA1&digits=6&period=30`;
}

export const sealSecret = (appSecret: string, secret: string): string => sealText(appSecret, TOTP_SEALING, secret);
export const openSecret = (appSecret: string, sealed: string): string => openText(appSecret, TOTP_SEALING, sealed);

/** Ten codes like `k7p2-9xqd-m3tf`, shown once. */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Recovery codes are looked up by the tokenHash of their normalised form (case and spaces do not matter). */
export function hashRecoveryCode(code: string): Buffer {
  return tokenHash(code.trim().toLowerCase());
}
