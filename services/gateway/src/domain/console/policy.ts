/**
 * Console sign-in rules (docs/console.md, "Sign-in"): pure, no I/O.
 */

/** Failed passwords (or second-factor codes) in a row before the account locks. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60_000;
/** A session unused for this long is over; the user signs in again. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** However active, a session ends after this long. */
export const SESSION_MAX_MS = 12 * 3600_000;
/** A password reset link works this long, once. */
export const RESET_TTL_MS = 30 * 60_000;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface LockState {
  failed_attempts: number;
  locked_until: Date | null;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.locked_until !== null && state.locked_until.getTime() > now.getTime();
}

/** The state after one more failure: locked once the limit is reached. */
export function afterFailure(state: LockState, now: Date): LockState {
  const failed = (isLocked(state, now) ? state.failed_attempts : state.locked_until ? 0 : state.failed_attempts) + 1;
  return failed >= MAX_FAILED_ATTEMPTS ? { failed_attempts: failed, locked_until: new Date(now.getTime() + LOCKOUT_MS) } : { failed_attempts: failed, locked_until: null };
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, loginId: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (loginId && password.toLowerCase().includes(loginId.toLowerCase())) return 'must not contain the user id';
  if (new Set(password).size < 5) return 'must not repeat a few characters';
  return undefined;
}

/** User ids: 3 to 64 of a-z, 0-9, dot, underscore, hyphen, @ (an email address works). */
export function loginIdProblem(loginId: string): string | undefined {
  return /^[a-z0-9._@-]{3,64}$/.test(loginId) ? undefined : 'must be 3 to 64 of a-z, 0-9, . _ - @';
}

export interface SessionTimes {
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
}

/** Whether a session still counts: not ended, not idle too long, not too old. */
export function sessionLive(s: SessionTimes, now: Date): boolean {
  if (s.ended_at) return false;
  if (now.getTime() - s.last_seen_at.getTime() > SESSION_IDLE_MS) return false;
  return now.getTime() - s.created_at.getTime() <= SESSION_MAX_MS;
}
