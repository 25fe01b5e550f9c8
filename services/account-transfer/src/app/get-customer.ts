import { NotFoundError, useCase } from '@kessai/platform';
import type { CustomerView, MandateView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

/** A customer with its mandates; another merchant's customer is not found. */
export function getCustomer(deps: AccountTransferDeps, s: MerchantScope, customerId: string): Promise<{ customer: CustomerView; mandates: MandateView[] }> {
  return useCase('account_transfer.get_customer', async () => {
    const customer = await customersStore.get(deps.dataSource, s.livemode, s.merchantId, customerId);
    if (!customer) throw new NotFoundError('customer', customerId);
    return { customer, mandates: await mandatesStore.byCustomer(deps.dataSource, customerId) };
  }, { livemode: s.livemode });
}
