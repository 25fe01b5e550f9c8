import type { FloorRule } from './accounts';

export interface AccountState {
  total: number;
  held: number;
  floor: FloorRule;
}

/** What one operation does to one account. */
export interface BalanceChange {
  accountId: string;
  totalDelta: number;
  heldDelta: number;
}

export interface Shortfall {
  accountId: string;
  available: number;
  needed: number;
}

/** Sums postings per account: the net change a transaction makes. */
export function netChanges(postings: { accountId: string; amount: number }[]): BalanceChange[] {
  const byAccount = new Map<string, number>();
  for (const p of postings) byAccount.set(p.accountId, (byAccount.get(p.accountId) ?? 0) + p.amount);
  return [...byAccount].map(([accountId, totalDelta]) => ({ accountId, totalDelta, heldDelta: 0 }));
}

/**
 * True when the change must be checked under the account's lock: it takes
 * money out or moves the held amount. Pure credits need no lock.
 */
export function needsLock(change: BalanceChange): boolean {
  return change.totalDelta < 0 || change.heldDelta !== 0;
}

/**
 * Applies one operation's changes to the running states if every floor holds,
 * and returns null; otherwise changes nothing and returns the first shortfall.
 * Only changes that reduce what is available are checked, so a credit always
 * succeeds.
 */
export function applyIfFunded(states: Map<string, AccountState>, changes: BalanceChange[]): Shortfall | null {
  for (const c of changes) {
    const s = states.get(c.accountId);
    if (!s || s.floor === 'unbounded') continue;
    const availableBefore = s.total - s.held;
    const availableAfter = s.total + c.totalDelta - (s.held + c.heldDelta);
    if (availableAfter < 0 && availableAfter < availableBefore) {
      return { accountId: c.accountId, available: availableBefore, needed: availableBefore - availableAfter };
    }
    if (s.held + c.heldDelta < 0) return { accountId: c.accountId, available: availableBefore, needed: -c.heldDelta };
  }
  for (const c of changes) {
    const s = states.get(c.accountId);
    if (!s) continue;
    s.total += c.totalDelta;
    s.held += c.heldDelta;
  }
  return null;
}

/** An account's balance: total, held, and what is available (total − held). */
export interface Balance {
  accountId: string;
  total: number;
  held: number;
  available: number;
  asOf: Date;
}
