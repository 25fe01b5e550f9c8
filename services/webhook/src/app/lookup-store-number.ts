import { edgeError, useCase } from '@kessai/platform';
import type { WebhookDeps } from './deps';
import type { Partner } from './partner-event';

export interface LookedUpBill {
  /** the bill's number at this chain */
  paymentNumber: string;
  merchantName: string;
  amount: number;
  dueDate: string;
  repeat: boolean;
}

/** The kiosk or till asks which open bills a number pays at a chain (billing answers). */
export function lookupStoreNumber(deps: Pick<WebhookDeps, 'billing'>, partner: Partner, chain: string, number: string): Promise<LookedUpBill[]> {
  return useCase(
    'webhook.lookup_store_number',
    async () => {
      if (!deps.billing) throw edgeError('not_found', 'route_not_found', 'store lookups are not offered here');
      const { bills } = await deps.billing.lookupNumber({ livemode: partner.livemode, chain, number });
      return bills.map((b) => ({
        paymentNumber: b.paymentNumbers.find((n) => n.chain === chain)?.number ?? '',
        merchantName: b.merchantName,
        amount: b.amount,
        dueDate: b.dueDate,
        repeat: b.repeat,
      }));
    },
    { partner: partner.id, chain },
  );
}
