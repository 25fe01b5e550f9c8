import type { CommonT } from '../messages';

export interface PaginationProps {
  t: CommonT;
  /** link to the previous page; absent on the first */
  previousHref?: string;
  /** link to the next page; absent when the list has no more (page().hasMore false) */
  nextHref?: string;
}

/** Previous / next links for a cursor-paged list (docs/pagination.md). */
export function Pagination({ t, previousHref, nextHref }: PaginationProps) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav class="pagination" aria-label={t('pagination')}>
      <ul>
        {previousHref && (
          <li>
            <a href={previousHref} rel="prev" class="button button--secondary">
              {t('previousPage')}
            </a>
          </li>
        )}
        {nextHref && (
          <li>
            <a href={nextHref} rel="next" class="button button--secondary">
              {t('nextPage')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
