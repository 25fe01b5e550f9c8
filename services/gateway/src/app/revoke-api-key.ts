import { NotFoundError, useCase } from '@kessai/platform';
import type { ApiKey } from '../domain/api-keys';
import type { GatewayDeps } from './deps';

/** Revokes a key at once (revoking it again keeps the first time). */
export function revokeApiKey(deps: GatewayDeps, keyId: string): Promise<ApiKey> {
  return useCase('gateway.revoke_api_key', async () => {
    const key = await deps.store.getKey(keyId);
    if (!key) throw new NotFoundError('api_key', keyId);
    return deps.store.revokeKey(keyId, deps.clock.now());
  });
}
