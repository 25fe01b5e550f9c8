/**
 * The one email and the one phone check of every service (plain functions, so
 * zod schemas, domain rules and use cases share them). Deliberately loose for
 * email: the mail server has the last word.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** something@domain.tld, without spaces, at most 254 characters (RFC 5321's path limit). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/**
 * A Japanese phone number as dialled in Japan (0 and 9 or 10 more digits), or
 * undefined. Accepts hyphens, spaces and brackets, full-width digits and the
 * +81 prefix: `03-1234-5678`, `090 1234 5678`, `+81-3-1234-5678`.
 */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\-‐－()（）]/g, '');
  const national = digits.startsWith('+81') ? `0${digits.slice(3)}` : digits;
  return /^0\d{9,10}$/.test(national) ? national : undefined;
}

/** True for a number `normalisePhone` understands. */
export function isPhone(value: string): boolean {
  return normalisePhone(value) !== undefined;
}
