import { NotFoundError } from '@kessai/platform';
import type { Merchant } from '../domain/merchant';
import type { GatewayDeps } from './deps';

/** A merchant by id, or NotFoundError. */
export async function getMerchant(deps: GatewayDeps, id: string): Promise<Merchant> {
  const m = await deps.store.getMerchant(id);
  if (!m) throw new NotFoundError('merchant', id);
  return m;
}
