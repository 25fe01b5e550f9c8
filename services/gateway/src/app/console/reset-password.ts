import { useCase, ValidationError } from '@kessai/platform';
import { passwordProblem } from '../../domain/console/policy';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';
import { hashPassword, tokenHash } from './secrets';

export const resetLinkLive = async (deps: ConsoleDeps, token: string) => (await deps.store.liveReset(tokenHash(token), deps.gateway.clock.now())) !== null;

/**
 * Sets a new password with a reset link's token, which then stops working;
 * unlocks the account and ends its sessions. False when the link is used or
 * expired. A refused password leaves the link usable.
 */
export function resetPassword(deps: ConsoleDeps, token: string, password: string): Promise<boolean> {
  return useCase('gateway.console.reset_password', async () => {
    const now = deps.gateway.clock.now();
    const userId = await deps.store.liveReset(tokenHash(token), now);
    const user = userId ? await deps.store.userById(userId) : null;
    if (!user) return false;
    const problem = passwordProblem(password, user.login_id);
    if (problem) throw ValidationError.field('password', problem);
    if ((await deps.store.useReset(tokenHash(token), now)) !== user.id) return false;
    await deps.store.setPassword(user.id, await hashPassword(password));
    await deps.store.endUserSessions(user.id, now);
    await recordAudit(deps, { merchantId: user.merchant_id, userId: user.id, loginId: user.login_id }, 'password.reset', user.id);
    return true;
  });
}
