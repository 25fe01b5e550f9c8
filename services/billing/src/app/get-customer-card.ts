import { NotFoundError, useCase } from '@kessai/platform';
import { findCustomerInScope } from '../db/customer-store';
import { renderCustomerCardPdf } from '../render/customer-card';
import type { BillingDeps } from './deps';
import type { CustomerRecord, Scope } from './types';

/** The printable customer-number card of a customer in scope (PDF). */
export function getCustomerCard(deps: BillingDeps, scope: Scope, customerId: string, merchantName: string): Promise<{ customer: CustomerRecord; pdf: Buffer }> {
  return useCase('billing.get_customer_card', async () => {
    const customer = await findCustomerInScope(deps.dataSource, scope, customerId);
    if (!customer) throw new NotFoundError('customer', customerId);
    return { customer, pdf: await renderCustomerCardPdf(customer, merchantName, { fontPath: deps.fontPath }) };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, customer_id: customerId });
}
