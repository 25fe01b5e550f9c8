import { ValidationError } from './errors';

/**
 * Page sizes of every list, internal and public (docs/pagination.md): a caller
 * that asks for nothing gets 20, at most 100 per page. A size out of range is a
 * clear error naming the field, never silently clamped. Whole exports page
 * through a list; they do not ask for bigger pages.
 */
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** The page size to use: 0 or absent means the default. */
export function pageSize(requested: number | undefined, param = 'page_size'): number {
  if (requested === undefined || requested === 0) return PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(requested) || requested < 1 || requested > PAGE_SIZE_MAX) {
    throw ValidationError.field(param, `must be a whole number from 1 to ${PAGE_SIZE_MAX}`);
  }
  return requested;
}

/**
 * Cuts a page from rows fetched with `LIMIT size + 1`: the extra row only says
 * whether there is more.
 */
export function page<T>(rows: T[], size: number): { items: T[]; hasMore: boolean } {
  return { items: rows.slice(0, size), hasMore: rows.length > size };
}
