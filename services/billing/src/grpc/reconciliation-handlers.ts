import type { billingV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { BillingDeps } from '../app/deps';
import { listConfirmedPayments } from '../app/list-confirmed-payments';
import { paymentToWire } from './mapping';

/** BillingReconciliationService (internal, read by the fees service's daily reconciliation): wire <-> use case. */
export function billingReconciliationHandlers(deps: BillingDeps): UnaryHandlers<typeof billingV1.BillingReconciliationServiceService> {
  return {
    async listConfirmedPayments(req) {
      const { payments, nextPageToken } = await listConfirmedPayments(deps, req);
      return { payments: payments.map(paymentToWire), nextPageToken };
    },
  };
}
