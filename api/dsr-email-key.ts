// The keyed hash of a normalised e-mail address (see db/dsr-email-key.ts).
export { dsrEmailKey } from '../db/dsr-email-key.ts';
