import { newId, useCase } from '@kessai/platform';
import { afterFailure, isLocked } from '../../domain/console/policy';
import type { ConsoleSession } from '../../domain/console/user';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';
import { checkPassword, DUMMY_HASH, newToken, tokenHash } from './secrets';

export type SignInResult =
  | { ok: true; token: string; session: ConsoleSession; secondFactor: boolean }
  /** `locked`: the account is locked (the same answer whether or not the password was right) */
  | { ok: false; reason: 'invalid' | 'locked' };

/**
 * User id and password → a new session (its token goes in the cookie). After
 * MAX_FAILED_ATTEMPTS wrong passwords in a row the account locks for
 * LOCKOUT_MS; a locked account refuses even the right password. An unknown
 * user id costs the same bcrypt comparison as a known one.
 */
export function signIn(deps: ConsoleDeps, loginId: string, password: string): Promise<SignInResult> {
  return useCase('gateway.console.sign_in', async () => {
    const now = deps.gateway.clock.now();
    const user = await deps.store.userByLogin(loginId.trim().toLowerCase());
    const matches = await checkPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || user.disabled_at) return { ok: false, reason: 'invalid' };
    const audit = { merchantId: user.merchant_id, userId: user.id, loginId: user.login_id };
    if (isLocked(user, now)) {
      await recordAudit(deps, audit, 'sign_in.refused_locked', user.id);
      return { ok: false, reason: 'locked' };
    }
    if (!matches) {
      const next = afterFailure(user, now);
      await deps.store.setLockState(user.id, next.failed_attempts, next.locked_until);
      await recordAudit(deps, audit, next.locked_until ? 'user.locked' : 'sign_in.failed', user.id, { failed_attempts: next.failed_attempts });
      return { ok: false, reason: next.locked_until ? 'locked' : 'invalid' };
    }
    // the second factor, when enrolled, is what resets the failure count
    if (!user.totp_enabled) await deps.store.setLockState(user.id, 0, null);
    const token = newToken();
    const session: ConsoleSession = {
      id: newId('cs', now.getTime()),
      user_id: user.id,
      acting_merchant_id: user.merchant_id,
      livemode: false,
      csrf_token: newToken(),
      mfa_pending: user.totp_enabled,
      created_at: now,
      last_seen_at: now,
      ended_at: null,
    };
    await deps.store.insertSession(session, tokenHash(token));
    if (!user.totp_enabled) await recordAudit(deps, audit, 'sign_in', user.id);
    return { ok: true, token, session, secondFactor: user.totp_enabled };
  });
}
