import { useCase } from '@kessai/platform';
import { afterFailure, isLocked } from '../../domain/console/policy';
import type { ConsoleSession } from '../../domain/console/user';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';
import { totpValid } from './totp';

/** The TOTP code of a session waiting for it; wrong codes count towards the lockout like wrong passwords. */
export function verifySecondFactor(deps: ConsoleDeps, session: ConsoleSession, code: string): Promise<'ok' | 'invalid' | 'locked'> {
  return useCase('gateway.console.verify_second_factor', async () => {
    const now = deps.gateway.clock.now();
    const user = await deps.store.userById(session.user_id);
    const secrets = await deps.store.secretsOf(session.user_id);
    if (!user || !secrets?.totp_secret) return 'invalid';
    const audit = { merchantId: user.merchant_id, userId: user.id, loginId: user.login_id };
    if (isLocked(user, now)) {
      await deps.store.endSession(session.id, now);
      return 'locked';
    }
    if (!totpValid(secrets.totp_secret, code.trim(), now)) {
      const next = afterFailure(user, now);
      await deps.store.setLockState(user.id, next.failed_attempts, next.locked_until);
      await recordAudit(deps, audit, next.locked_until ? 'user.locked' : 'sign_in.second_factor_failed', user.id, { failed_attempts: next.failed_attempts });
      if (next.locked_until) await deps.store.endSession(session.id, now);
      return next.locked_until ? 'locked' : 'invalid';
    }
    await deps.store.setLockState(user.id, 0, null);
    await deps.store.updateSession(session.id, { mfa_pending: false });
    await recordAudit(deps, audit, 'sign_in', user.id, { second_factor: true });
    return 'ok';
  });
}
