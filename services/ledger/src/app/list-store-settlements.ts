import { page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { settlementsStore } from '../db/settlements-store';
import type { StoreSettlement } from '../domain/store-settlement';
import type { LedgerDeps } from './deps';

/** The store chains' settlements as booked, newest first, one page at a time; `flaggedOnly`: those that did not match. */
export function listStoreSettlements(
  deps: LedgerDeps,
  req: { livemode: boolean; chain: string; flaggedOnly: boolean; pageSize: number; pageToken: string },
): Promise<{ settlements: StoreSettlement[]; nextPageToken: string }> {
  return useCase('ledger.list_store_settlements', async () => {
    const size = pageSize(req.pageSize);
    if (req.chain && !/^[a-z_]{1,32}$/.test(req.chain)) throw ValidationError.field('chain', 'a chain id, e.g. "lawson"');
    let beforeSeq: bigint | null = null;
    if (req.pageToken) {
      const m = /^stl:(\d{1,19})$/.exec(Buffer.from(req.pageToken, 'base64url').toString('utf8'));
      if (!m) throw ValidationError.field('page_token', 'not a page token of this list (use next_page_token from the previous page)');
      beforeSeq = BigInt(m[1]);
    }
    const found = await settlementsStore.list(deps.dataSource, { ...req, beforeSeq, limit: size + 1 });
    const { items, hasMore } = page(found, size);
    return {
      settlements: items.map(({ seq: _seq, ...s }) => s),
      nextPageToken: hasMore ? Buffer.from(`stl:${items[items.length - 1].seq}`).toString('base64url') : '',
    };
  });
}
