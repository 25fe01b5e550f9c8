import { ValidationError } from '../errors';

/**
 * Opaque pagination cursors for public list endpoints: base64url of a small
 * JSON object tagged with the list it belongs to, so a cursor of one list is
 * rejected by another, and anything tampered with is a clear 400 naming the
 * parameter.
 */
export function encodeCursor(list: string, position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ l: list, p: position }), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string, param = 'starting_after'): Record<string, string | number> {
  const bad = () => ValidationError.field(param, 'is not a valid cursor: pass the next_cursor of the previous page unchanged', 'invalid_cursor');
  if (cursor.length === 0 || cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad();
  const { l, p } = parsed as { l?: unknown; p?: unknown };
  if (l !== list || typeof p !== 'object' || p === null || Array.isArray(p)) throw bad();
  for (const v of Object.values(p)) if (typeof v !== 'string' && typeof v !== 'number') throw bad();
  return p as Record<string, string | number>;
}
