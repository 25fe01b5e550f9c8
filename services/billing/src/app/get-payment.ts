import { NotFoundError, useCase } from '@kessai/platform';
import { findPaymentInScope } from '../db/lookup-store';
import type { BillingDeps } from './deps';
import type { PaymentRecord, Scope } from './types';

/** A payment the scope may see (404 otherwise, never telling it exists). */
export function getPayment(deps: BillingDeps, scope: Scope, paymentId: string): Promise<PaymentRecord> {
  return useCase('billing.get_payment', async () => {
    const payment = await findPaymentInScope(deps.dataSource, scope, paymentId);
    if (!payment) throw new NotFoundError('payment', paymentId);
    return payment;
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, payment_id: paymentId });
}
