import type { Merchant } from '../domain/merchant';
import type { GatewayDeps } from './deps';

/** The merchant whose deposit a transfer to this virtual account number (in this mode) pays into, if any. */
export function findMerchantByVirtualAccount(deps: GatewayDeps, number: string, livemode: boolean): Promise<Merchant | null> {
  return deps.store.findByVirtualAccount(number, livemode);
}
