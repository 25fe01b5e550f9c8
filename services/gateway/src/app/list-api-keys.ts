import type { ApiKey } from '../domain/api-keys';
import type { GatewayDeps } from './deps';
import { getMerchant } from './get-merchant';

/** Every key of a merchant (operators only; never a secret). */
export async function listApiKeys(deps: GatewayDeps, merchantId: string): Promise<ApiKey[]> {
  await getMerchant(deps, merchantId);
  return deps.store.listKeys(merchantId);
}
