/**
 * The one email and the one phone check of every service (plain functions, so
 * zod schemas and use cases share them). Deliberately loose: the mail server
 * and the phone network have the last word.
 */

/** something@domain.tld, without spaces. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Digits and hyphens, optionally a leading +, 6 to 20 characters (e.g. 03-1234-5678, +81-3-1234-5678). */
export function isPhone(value: string): boolean {
  return /^\+?[0-9-]{6,20}$/.test(value);
}
