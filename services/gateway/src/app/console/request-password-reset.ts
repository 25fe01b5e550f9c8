import { randomUUID } from 'node:crypto';
import { notificationV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { RESET_TTL_MS } from '../../domain/console/policy';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';
import { newToken, tokenHash } from './secrets';

/**
 * Emails a one-time reset link (through the notification service, kind
 * CONSOLE_PASSWORD_RESET) to the user with this id. The caller always says the
 * same thing whether the user exists or not.
 */
export function requestPasswordReset(deps: ConsoleDeps, loginId: string): Promise<void> {
  return useCase('gateway.console.request_password_reset', async () => {
    const user = await deps.store.userByLogin(loginId.trim().toLowerCase());
    if (!user || user.disabled_at) return;
    const merchant = await deps.gateway.store.getMerchant(user.merchant_id);
    const now = deps.gateway.clock.now();
    const token = newToken();
    await deps.store.insertReset(tokenHash(token), user.id, now, new Date(now.getTime() + RESET_TTL_MS));
    await deps.notification.send({
      requestId: `console-reset-${randomUUID()}`,
      livemode: false,
      merchantId: user.merchant_id,
      kind: notificationV1.MessageKind.MESSAGE_KIND_CONSOLE_PASSWORD_RESET,
      recipient: { name: user.name, email: user.email, phone: '', optedOut: [] },
      channels: [notificationV1.Channel.CHANNEL_EMAIL],
      fallbackChannels: [],
      amount: 0,
      reference: user.id,
      variables: { merchant_name: merchant?.name ?? '', link: `${deps.publicUrl}/console/reset/${token}`, login_id: user.login_id },
    });
    await recordAudit(deps, { merchantId: user.merchant_id, userId: user.id, loginId: user.login_id }, 'password.reset_requested', user.id);
  });
}
