import { NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { MAX_ROLL_GRACE_SECONDS, type ApiKey } from '../domain/api-keys';
import type { GatewayDeps } from './deps';
import { issueApiKey } from './issue-api-key';

/** A new key of the same merchant and mode; the old one keeps working for `graceSeconds`. */
export function rollApiKey(deps: GatewayDeps, keyId: string, graceSeconds: number): Promise<{ key: ApiKey; secret: string; rolled: ApiKey }> {
  return useCase('gateway.roll_api_key', async () => {
    const old = await deps.store.getKey(keyId);
    if (!old || old.revoked_at) throw new NotFoundError('api_key', keyId);
    if (!Number.isSafeInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_ROLL_GRACE_SECONDS) {
      throw ValidationError.field('expires_in_seconds', `must be 0..${MAX_ROLL_GRACE_SECONDS}`);
    }
    const issued = await issueApiKey(deps, old.merchant_id, old.livemode);
    const rolled = await deps.store.setKeyExpiry(old.id, new Date(deps.clock.now().getTime() + graceSeconds * 1000));
    return { ...issued, rolled };
  });
}
