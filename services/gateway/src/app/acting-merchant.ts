import { DomainError } from '@kessai/platform';
import type { Merchant } from '../domain/merchant';
import type { Principal } from './authenticate';
import type { GatewayDeps } from './deps';

/**
 * The merchant a request acts for: the key's own, or — with the
 * `Kessai-Account` header — one of its tenants. Anything else is 404, never
 * 403: a merchant cannot even learn that another exists.
 */
export async function actingMerchant(deps: GatewayDeps, principal: Principal, account: string | undefined): Promise<Merchant> {
  if (!account || account === principal.merchant.id) return principal.merchant;
  const target = /^mer_[a-z0-9]{1,40}$/.test(account) ? await deps.store.getMerchant(account) : null;
  if (!target || target.owner_id !== principal.merchant.id) {
    throw new DomainError('not_found', 'resource_missing', `no such account: ${account}`, [{ field: 'Kessai-Account', description: 'no such account' }]);
  }
  return target;
}
