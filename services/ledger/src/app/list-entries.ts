import { page, pageSize, useCase } from '@kessai/platform';
import { decodeCursor, encodeCursor, Entry } from '../domain/entries';
import { balancesStore } from '../db/balances-store';
import type { LedgerDeps } from './deps';

/** Postings of one account, newest first, one page at a time (the platform's page sizes). */
export function listEntries(deps: LedgerDeps, account: string, requestedSize: number, pageToken: string): Promise<{ entries: Entry[]; nextPageToken: string }> {
  return useCase('ledger.list_entries', async () => {
    const size = pageSize(requestedSize);
    const before = pageToken ? decodeCursor(pageToken, account) : null;
    const { items, hasMore } = page(await balancesStore.entries(deps.dataSource, account, before, size + 1), size);
    const entries = items.map(({ seq: _seq, ...entry }) => entry);
    return { entries, nextPageToken: hasMore ? encodeCursor(account, items[items.length - 1].seq) : '' };
  });
}
