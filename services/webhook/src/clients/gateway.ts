import { gatewayV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** The gateway's MerchantService: who owns a virtual account number. */
export function merchantClient(address = serviceAddress('gateway')) {
  const raw = createGrpcClient(gatewayV1.MerchantServiceClient, address, { serviceName: 'kessai.gateway.v1.MerchantService' });
  return Object.assign(promiseClient(raw), { close: () => raw.close() });
}
export type MerchantClient = ReturnType<typeof merchantClient>;
