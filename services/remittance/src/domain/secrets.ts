import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other on a postcard (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;

/** An unguessable link token (256 bits, base64url). */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A one-time code, printed as XXXX-XXXX. */
export function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Codes as people type them: case, spaces and hyphens do not matter. */
export function normaliseCode(code: string): string {
  return code.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** A 20-digit reference for a transfer's customer-code fields, from a sequence number. */
export function bankReference(seq: number): string {
  return String(seq).padStart(20, '0');
}
