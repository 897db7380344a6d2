// Header safety: addresses are validated strictly and display names lose every
// control and line-break character, so nothing a user typed can add a header
// (Bcc:, a second To:) or split the message. nodemailer then encodes the rest.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;
// Deliberately narrow: ASCII local part and domain, no quotes, commas or angle brackets.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export class UnsafeAddressError extends Error {
  override name = 'UnsafeAddressError';
}

export function safeDisplayName(name: string): string {
  return name.replace(CONTROL, ' ').replace(/[<>"]/g, '').replace(/\s+/g, ' ').trim().slice(0, 100);
}

export function safeAddress(address: string): string {
  if (address.length > 254 || !ADDRESS.test(address)) throw new UnsafeAddressError('the recipient address is not a plain e-mail address');
  return address;
}

export function safeSubject(subject: string): string {
  return subject.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}
