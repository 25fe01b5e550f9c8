import { NotFoundError, PAGE_SIZE_MAX, useCase } from '@kessai/platform';
import { openBillsOfCustomerNumber } from '../db/bill-store';
import { findCustomerInScope } from '../db/customer-store';
import type { BillingDeps } from './deps';
import type { BillRecord, CustomerRecord, Scope } from './types';

/** A customer in scope with its open bills (soonest due first, at most one page's worth). */
export function getCustomer(deps: BillingDeps, scope: Scope, customerId: string): Promise<{ customer: CustomerRecord; openBills: BillRecord[] }> {
  return useCase('billing.get_customer', async () => {
    const customer = await findCustomerInScope(deps.dataSource, scope, customerId);
    if (!customer) throw new NotFoundError('customer', customerId);
    return { customer, openBills: await openBillsOfCustomerNumber(deps.dataSource, customer, PAGE_SIZE_MAX) };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, customer_id: customerId });
}
