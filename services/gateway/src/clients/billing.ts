import { billingV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** The billing service, reached only through its gRPC API. */
export function billingClient(address = serviceAddress('billing')) {
  const raw = createGrpcClient(billingV1.BillingServiceClient, address, { serviceName: 'kessai.billing.v1.BillingService' });
  return Object.assign(promiseClient(raw), { close: () => raw.close() });
}
export type BillingClient = ReturnType<typeof billingClient>;
