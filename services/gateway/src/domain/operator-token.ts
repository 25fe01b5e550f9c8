import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is one of the operator tokens (compared in constant time; docs/operations.md, "Operator pages"). */
export function isOperatorToken(tokens: readonly string[], given: string): boolean {
  const g = Buffer.from(given);
  return given.length > 0 && tokens.some((t) => {
    const want = Buffer.from(t);
    return want.length === g.length && timingSafeEqual(want, g);
  });
}

/** The password of an HTTP Basic `authorization` header ('' when there is none). */
export function basicPassword(header: string | undefined): string {
  if (!header?.startsWith('Basic ')) return '';
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '' : decoded.slice(colon + 1);
}
