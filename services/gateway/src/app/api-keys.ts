import { DomainError, newId, NotFoundError } from '@kessai/platform';
import type { ApiKeyRow, MerchantRow } from '../db/merchant-store';
import { generateApiKey, hashApiKey, keyMode, keyPrefix } from '../domain/api-keys';
import type { GatewayDeps } from './deps';

/** Issues a key for a merchant in one mode; the secret is returned once and stored only as a hash. */
export async function issueApiKey(deps: GatewayDeps, merchantId: string, livemode: boolean): Promise<{ key: ApiKeyRow; secret: string }> {
  const merchant = await deps.store.getMerchant(merchantId);
  if (!merchant) throw new NotFoundError('merchant', merchantId);
  const secret = generateApiKey(livemode);
  const now = deps.clock.now();
  const key: ApiKeyRow = { id: newId('key', now.getTime()), merchant_id: merchantId, livemode, prefix: keyPrefix(secret), created_at: now, expires_at: null, revoked_at: null };
  await deps.store.insertKey(key, hashApiKey(deps.keyPepper, secret));
  return { key, secret };
}

/** A new key of the same merchant and mode; the old one keeps working for `graceSeconds`. */
export async function rollApiKey(deps: GatewayDeps, keyId: string, graceSeconds: number): Promise<{ key: ApiKeyRow; secret: string; rolled: ApiKeyRow }> {
  const old = await deps.store.getKey(keyId);
  if (!old || old.revoked_at) throw new NotFoundError('api_key', keyId);
  if (!Number.isSafeInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 7 * 24 * 3600) {
    throw new DomainError('invalid_argument', 'invalid_request', 'expires_in_seconds: must be 0..604800', [{ field: 'expires_in_seconds', description: 'must be 0..604800' }]);
  }
  const issued = await issueApiKey(deps, old.merchant_id, old.livemode);
  const rolled = await deps.store.setKeyExpiry(old.id, new Date(deps.clock.now().getTime() + graceSeconds * 1000));
  return { ...issued, rolled };
}

export async function revokeApiKey(deps: GatewayDeps, keyId: string): Promise<ApiKeyRow> {
  const key = await deps.store.getKey(keyId);
  if (!key) throw new NotFoundError('api_key', keyId);
  return deps.store.revokeKey(keyId, deps.clock.now());
}

export interface Principal {
  keyId: string;
  /** the merchant the key belongs to */
  merchant: MerchantRow;
  livemode: boolean;
}

/** Bearer key → its merchant and mode; any failure is the same 401 (no oracle). */
export async function authenticate(deps: GatewayDeps, secret: string): Promise<Principal> {
  const fail = () => new DomainError('unauthenticated', 'invalid_api_key', 'invalid API key provided');
  const mode = keyMode(secret);
  if (!mode) throw fail();
  const key = await deps.store.keyByHash(hashApiKey(deps.keyPepper, secret));
  const now = deps.clock.now();
  if (!key || key.revoked_at || (key.expires_at && key.expires_at <= now) || key.livemode !== mode.livemode) throw fail();
  const merchant = await deps.store.getMerchant(key.merchant_id);
  if (!merchant) throw fail();
  return { keyId: key.id, merchant, livemode: key.livemode };
}

/**
 * The merchant a request acts for: the key's own, or — with the
 * `Kessai-Account` header — one of its tenants. Anything else is 404, never
 * 403: a merchant cannot even learn that another exists.
 */
export async function actingMerchant(deps: GatewayDeps, principal: Principal, account: string | undefined): Promise<MerchantRow> {
  if (!account || account === principal.merchant.id) return principal.merchant;
  const target = /^mer_[a-z0-9]{1,40}$/.test(account) ? await deps.store.getMerchant(account) : null;
  if (!target || target.owner_id !== principal.merchant.id) {
    throw new DomainError('not_found', 'resource_missing', `no such account: ${account}`, [{ field: 'Kessai-Account', description: 'no such account' }]);
  }
  return target;
}
