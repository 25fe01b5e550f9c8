import { page, pageSize, useCase } from '@kessai/platform';
import { listPayments as selectPayments } from '../db/payment-store';
import type { BillingDeps } from './deps';
import type { PaymentRecord, Scope } from './types';

/** Store results (one row per payment), newest first, a page at a time. */
export function listPayments(
  deps: BillingDeps,
  scope: Scope,
  f: { billId?: string; status?: string; pageSize: number; startingAfter?: string; orderReference?: string; paidFrom?: string; paidTo?: string },
): Promise<{ payments: PaymentRecord[]; hasMore: boolean }> {
  return useCase('billing.list_payments', async () => {
    const size = pageSize(f.pageSize);
    const { items, hasMore } = page(await selectPayments(deps.dataSource, scope, f, size + 1), size);
    return { payments: items, hasMore };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId });
}
