import { NotFoundError } from '@kessai/platform';
import type { ApiKey } from '../../domain/api-keys';
import { issueApiKey } from '../issue-api-key';
import { listApiKeys } from '../list-api-keys';
import { revokeApiKey } from '../revoke-api-key';
import { rollApiKey } from '../roll-api-key';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** The acting merchant's API keys (the same use cases as the operator's admin API; never a secret). */
export async function consoleApiKeys(deps: ConsoleDeps, actor: ConsoleActor): Promise<ApiKey[]> {
  authorize(actor, 'keys.view');
  return listApiKeys(deps.gateway, actor.merchant.id);
}

async function ownKey(deps: ConsoleDeps, actor: ConsoleActor, keyId: string): Promise<ApiKey> {
  const key = await deps.gateway.store.getKey(keyId);
  if (!key || key.merchant_id !== actor.merchant.id) throw new NotFoundError('api_key', keyId);
  return key;
}

/** A new key in the session's mode; the secret is returned once, to be shown once. */
export async function consoleIssueKey(deps: ConsoleDeps, actor: ConsoleActor): Promise<{ key: ApiKey; secret: string }> {
  authorize(actor, 'keys.manage');
  const issued = await issueApiKey(deps.gateway, actor.merchant.id, actor.livemode);
  await recordAudit(deps, actor, 'api_key.issued', issued.key.id, { prefix: issued.key.prefix });
  return issued;
}

export async function consoleRollKey(deps: ConsoleDeps, actor: ConsoleActor, keyId: string, graceSeconds: number): Promise<{ key: ApiKey; secret: string }> {
  authorize(actor, 'keys.manage');
  await ownKey(deps, actor, keyId);
  const rolled = await rollApiKey(deps.gateway, keyId, graceSeconds);
  await recordAudit(deps, actor, 'api_key.rolled', keyId, { new_key: rolled.key.id, grace_seconds: graceSeconds });
  return rolled;
}

export async function consoleRevokeKey(deps: ConsoleDeps, actor: ConsoleActor, keyId: string): Promise<void> {
  authorize(actor, 'keys.manage');
  await ownKey(deps, actor, keyId);
  await revokeApiKey(deps.gateway, keyId);
  await recordAudit(deps, actor, 'api_key.revoked', keyId);
}
