import { page, pageSize, useCase } from '@kessai/platform';
import type { DebitView } from '../domain/views';
import { debitsStore, type DebitFilter } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';

export type { DebitFilter } from '../db/debits-store';

/** Debit history: by customer, creation date (Tokyo), result code, amount, status or batch; newest first. */
export function listDebits(deps: AccountTransferDeps, f: DebitFilter, req: { pageSize?: number; startingAfter: string }): Promise<{ items: DebitView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_debits', async () => {
    const size = pageSize(req.pageSize || undefined);
    const last = req.startingAfter ? await debitsStore.get(deps.dataSource, f.livemode, f.merchantId, req.startingAfter) : null;
    return page(await debitsStore.list(deps.dataSource, f, size + 1, last ? { createdAt: last.createdAt.toISOString(), id: last.id } : undefined), size);
  }, { livemode: f.livemode });
}
