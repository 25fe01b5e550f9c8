import { newId } from '@kessai/platform';
import type { ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';

/** One line of the audit log for a change made in the console (never a secret in `detail`). */
export async function recordAudit(deps: ConsoleDeps, actor: ConsoleActor | { merchantId: string; userId: string | null; loginId: string; livemode?: boolean }, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  const now = deps.gateway.clock.now();
  const who =
    'user' in actor
      ? { merchant_id: actor.merchant.id, user_id: actor.user.id, login_id: actor.user.login_id, livemode: actor.livemode }
      : { merchant_id: actor.merchantId, user_id: actor.userId, login_id: actor.loginId, livemode: actor.livemode ?? false };
  await deps.store.insertAudit({ id: newId('aud', now.getTime()), ...who, action, target, detail, created_at: now });
  deps.gateway.logger.info({ audit: true, console: true, action, target, merchant_id: who.merchant_id, user_id: who.user_id }, 'console change');
}
