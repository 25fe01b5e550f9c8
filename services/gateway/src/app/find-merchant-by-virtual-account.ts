import type { Merchant } from '../domain/merchant';
import type { GatewayDeps } from './deps';

/**
 * The merchant owning this virtual account number (in this mode), if any, and
 * which account it is: its deposit, or the account for paying fee invoices.
 */
export function findMerchantByVirtualAccount(deps: GatewayDeps, number: string, livemode: boolean): Promise<{ merchant: Merchant; kind: 'deposit' | 'invoice' } | null> {
  return deps.store.findByVirtualAccount(number, livemode);
}
