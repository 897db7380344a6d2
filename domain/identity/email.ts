// E-mail addresses as Clientnote accepts them: plain ASCII only, so a Unicode
// look-alike (Cyrillic "а" for Latin "a") can never be a second account that
// reads like someone else's. Compared case-insensitively everywhere.
import { z } from 'zod';

const ASCII_EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const emailSchema = z.string().trim().min(1, 'Enter an e-mail address').max(254, 'At most 254 characters')
  .regex(ASCII_EMAIL, 'Enter a plain e-mail address (letters a–z, digits, no look-alike characters)')
  .transform((email) => email.toLowerCase());

/** Display names: no control characters, 1–100 characters. */
export const personNameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters')
  .refine((name) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(name), 'No control characters');
