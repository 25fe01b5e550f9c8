import { NotFoundError, useCase } from '@kessai/platform';
import { findBillInScope } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord, Scope } from './types';

/** A bill the scope may see (404 otherwise, never telling it exists). */
export function getBill(deps: BillingDeps, scope: Scope, billId: string): Promise<BillRecord> {
  return useCase('billing.get_bill', async () => {
    const bill = await findBillInScope(deps.dataSource, scope, billId);
    if (!bill) throw new NotFoundError('bill', billId);
    return bill;
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, bill_id: billId });
}
