import { billingV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** Billing's kiosk lookup: which open bills a store payment number (or customer number) names. */
export function billingLookupClient(address = serviceAddress('billing')) {
  const raw = createGrpcClient(billingV1.BillingServiceClient, address, { serviceName: 'kessai.billing.v1.BillingService' });
  return Object.assign(promiseClient(raw), { close: () => raw.close() });
}
export type BillingLookupClient = Pick<ReturnType<typeof billingLookupClient>, 'lookupNumber'>;
