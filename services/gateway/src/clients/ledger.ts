import { ledgerV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** The ledger, reached only through its gRPC API. */
export function ledgerClient(address = serviceAddress('ledger')) {
  const raw = createGrpcClient(ledgerV1.LedgerServiceClient, address, { serviceName: 'kessai.ledger.v1.LedgerService' });
  return Object.assign(promiseClient(raw), { close: () => raw.close() });
}
export type LedgerClient = ReturnType<typeof ledgerClient>;
