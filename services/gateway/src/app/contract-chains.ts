import { contractChains } from '../domain/merchant';
import type { Merchant } from '../domain/merchant';
import type { GatewayDeps } from './deps';

/** The store chains a merchant's new bills may use (a tenant without a contract of its own uses its owner's). */
export async function contractChainsOf(deps: GatewayDeps, merchant: Merchant): Promise<string[]> {
  const needsOwner = (merchant.settings.enabled_store_chains ?? []).length === 0 && merchant.owner_id;
  const owner = needsOwner ? await deps.store.getMerchant(merchant.owner_id!) : null;
  return contractChains(merchant, owner);
}
