import { page, pageSize, useCase } from '@kessai/platform';
import { BillFilter, listBills as selectBills } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord, Scope } from './types';

export interface ListBillsFilter extends BillFilter {
  /** 0 = the default page size */
  pageSize: number;
}

/** Bills in scope, newest first, a page at a time (docs: pagination). */
export function listBills(deps: BillingDeps, scope: Scope, f: ListBillsFilter): Promise<{ bills: BillRecord[]; hasMore: boolean }> {
  return useCase('billing.list_bills', async () => {
    const size = pageSize(f.pageSize);
    const { items, hasMore } = page(await selectBills(deps.dataSource, scope, f, size + 1), size);
    return { bills: items, hasMore };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId });
}
