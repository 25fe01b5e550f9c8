import { DomainError } from '@kessai/platform';
import { hashApiKey, keyMode, keyUsable } from '../domain/api-keys';
import type { Merchant } from '../domain/merchant';
import type { GatewayDeps } from './deps';

/** Who calls the REST API: a key, its merchant and its mode. */
export interface Principal {
  keyId: string;
  /** the merchant the key belongs to */
  merchant: Merchant;
  livemode: boolean;
}

/** Bearer key → its merchant and mode; any failure is the same 401 (no oracle). */
export async function authenticate(deps: GatewayDeps, secret: string): Promise<Principal> {
  const fail = () => new DomainError('unauthenticated', 'invalid_api_key', 'invalid API key provided');
  const mode = keyMode(secret);
  if (!mode) throw fail();
  const key = await deps.store.cachedKeyByHash(hashApiKey(deps.keyPepper, secret));
  if (!key || !keyUsable(key, mode.livemode, deps.clock.now())) throw fail();
  const merchant = await deps.store.cachedMerchant(key.merchant_id);
  if (!merchant) throw fail();
  return { keyId: key.id, merchant, livemode: key.livemode };
}
