import { afterFailure, isLocked, LOCKOUT_MS, MAX_FAILED_ATTEMPTS, passwordProblem, SESSION_IDLE_MS, sessionLive } from './policy';
import { can } from './roles';

const now = new Date('2026-12-01T00:00:00Z');

describe('console policy', () => {
  it('locks after the limit of failures, for LOCKOUT_MS', () => {
    let s = { failed_attempts: 0, locked_until: null as Date | null };
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      s = afterFailure(s, now);
      expect(isLocked(s, now)).toBe(false);
    }
    s = afterFailure(s, now);
    expect(isLocked(s, now)).toBe(true);
    expect(isLocked(s, new Date(now.getTime() + LOCKOUT_MS + 1))).toBe(false);
    // after the lock ran out, counting starts again
    expect(afterFailure(s, new Date(now.getTime() + LOCKOUT_MS + 1)).failed_attempts).toBe(1);
  });

  it('refuses short passwords and ones holding the user id', () => {
    expect(passwordProblem('short', 'u')).toMatch(/at least/);
    expect(passwordProblem('alice-password-99', 'alice')).toMatch(/user id/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'bob')).toMatch(/repeat/);
    expect(passwordProblem('correct horse battery', 'bob')).toBeUndefined();
  });

  it('ends idle sessions', () => {
    const s = { created_at: now, last_seen_at: now, ended_at: null };
    expect(sessionLive(s, new Date(now.getTime() + SESSION_IDLE_MS))).toBe(true);
    expect(sessionLive(s, new Date(now.getTime() + SESSION_IDLE_MS + 1))).toBe(false);
  });

  it('gives viewers no changes', () => {
    expect(can('viewer', 'bills.view')).toBe(true);
    expect(can('viewer', 'bills.delete')).toBe(false);
    expect(can('operator', 'bills.delete')).toBe(true);
    expect(can('operator', 'users.manage')).toBe(false);
    expect(can('admin', 'audit.view')).toBe(true);
  });
});
