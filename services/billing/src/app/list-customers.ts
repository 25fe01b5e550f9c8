import { page, pageSize, useCase } from '@kessai/platform';
import { listCustomers as selectCustomers } from '../db/customer-store';
import type { BillingDeps } from './deps';
import type { CustomerRecord, Scope } from './types';

/** Customers in scope, newest first, a page at a time. */
export function listCustomers(deps: BillingDeps, scope: Scope, f: { pageSize: number; startingAfter?: string }): Promise<{ customers: CustomerRecord[]; hasMore: boolean }> {
  return useCase('billing.list_customers', async () => {
    const size = pageSize(f.pageSize);
    const { items, hasMore } = page(await selectCustomers(deps.dataSource, scope, f, size + 1), size);
    return { customers: items, hasMore };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId });
}
