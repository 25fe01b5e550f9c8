import { page, pageSize, useCase } from '@kessai/platform';
import type { CustomerView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

/** Newest first, searchable by customer ref, name or kana; `startingAfter` is the last id of the previous page. */
export function listCustomers(deps: AccountTransferDeps, s: MerchantScope & { query: string; pageSize?: number; startingAfter: string }): Promise<{ items: CustomerView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_customers', async () => {
    const size = pageSize(s.pageSize || undefined);
    const last = s.startingAfter ? await customersStore.get(deps.dataSource, s.livemode, s.merchantId, s.startingAfter) : null;
    const rows = await customersStore.list(deps.dataSource, {
      livemode: s.livemode, merchantId: s.merchantId, query: s.query.trim(), limit: size + 1,
      after: last ? { createdAt: last.createdAt.toISOString(), id: last.id } : undefined,
    });
    return page(rows, size);
  }, { livemode: s.livemode });
}
