import { newId, NotFoundError, useCase } from '@kessai/platform';
import { generateApiKey, hashApiKey, keyPrefix, type ApiKey } from '../domain/api-keys';
import type { GatewayDeps } from './deps';

/** Issues a key for a merchant in one mode; the secret is returned once and stored only as a hash. */
export function issueApiKey(deps: GatewayDeps, merchantId: string, livemode: boolean): Promise<{ key: ApiKey; secret: string }> {
  return useCase('gateway.issue_api_key', async () => {
    const merchant = await deps.store.getMerchant(merchantId);
    if (!merchant) throw new NotFoundError('merchant', merchantId);
    const secret = generateApiKey(livemode);
    const now = deps.clock.now();
    const key: ApiKey = { id: newId('key', now.getTime()), merchant_id: merchantId, livemode, prefix: keyPrefix(secret), created_at: now, expires_at: null, revoked_at: null };
    await deps.store.insertKey(key, hashApiKey(deps.keyPepper, secret));
    deps.metrics.apiKeysIssued.inc({ livemode: String(livemode) });
    return { key, secret };
  }, { livemode });
}
