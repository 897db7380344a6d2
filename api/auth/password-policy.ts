// Password rules: 12 to 256 characters, not one of the most common passwords
// (the list shipped beside this file), not a single repeated character, and not
// the e-mail address. Answers a reason code the UI translates.
import { readFileSync } from 'node:fs';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n').map((line) => line.trim().toLowerCase()).filter((line) => line && !line.startsWith('#')),
);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'repeated' | 'contains_email';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  too_common: 'This password is too common; choose another',
  repeated: 'Do not repeat one character',
  contains_email: 'Do not use your e-mail address',
};

export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(lower) || COMMON.has(stripped) || COMMON.has(lower.replace(/\s+/g, ''))) return 'too_common';
  if (new Set(lower).size <= 2) return 'repeated';
  if (email) {
    const local = email.toLowerCase().split('@')[0] ?? '';
    if (lower.includes(email.toLowerCase()) || (local.length >= 4 && lower.replace(/[\d\W_]+/gu, '') === local.replace(/[\d\W_]+/gu, ''))) return 'contains_email';
  }
  return null;
}
