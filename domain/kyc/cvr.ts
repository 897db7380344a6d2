// Danish CVR numbers: 8 digits whose weighted sum (weights 2,7,6,5,4,3,2,1) is divisible by 11.
import { z } from 'zod';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

export function isValidCvr(value: string): boolean {
  if (!/^\d{8}$/.test(value) || value.startsWith('0')) return false;
  const sum = [...value].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i]!, 0);
  return sum % 11 === 0;
}

export const cvrSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, ''))
  .refine((v) => /^\d{8}$/.test(v), 'A CVR number has exactly 8 digits')
  .refine(isValidCvr, 'Not a valid CVR number (modulus-11 check failed)');
