/**
 * How the simulated bank decides a debit (docs/bank-simulator.md, "Direct debit"):
 * the first that applies of
 *   2 no such account   the account is unknown, closed, or of another type
 *   4 no mandate        no registered mandate of the requester for the account
 *   3 / 8 stopped       the mandate is stopped by the depositor / the requester
 *   configured code     a code set for the account number (any of 1–9, e.g. 9 other)
 *   1 insufficient      the balance does not cover the amount
 *   0 debited
 */
export type DebitCode = 0 | 1 | 2 | 3 | 4 | 8 | 9;
export const DEBIT_CODES: readonly DebitCode[] = [0, 1, 2, 3, 4, 8, 9];

export interface DebitFacts {
  account: { state: 'open' | 'closed'; account_type: string; balance: number } | undefined;
  accountType: string;
  mandate: { status: string; stopped: string | null } | undefined;
  configuredCode: DebitCode | undefined;
  amount: number;
}

export function decideDebit(f: DebitFacts): DebitCode {
  if (!f.account || f.account.state === 'closed' || f.account.account_type !== f.accountType) return 2;
  if (!f.mandate || f.mandate.status !== 'registered') return 4;
  if (f.mandate.stopped === 'depositor') return 3;
  if (f.mandate.stopped === 'requester') return 8;
  if (f.configuredCode !== undefined) return f.configuredCode;
  if (f.account.balance < f.amount) return 1;
  return 0;
}

/**
 * What the bank's debit API does besides deciding (kept in the settings table):
 *   maintenance_until  ISO instant: until then every debit and query answers 503 `maintenance`
 *   lose_next_answers  the next n debits are executed but their answer is never sent (the connection is cut)
 *   answer_delay_ms    wait this long after executing a debit before answering (slow answers)
 *   fail_next_queries  the next n queries by request id answer 503 (the bank cannot be asked yet)
 *   codes              { account_number: code } forced results (after the account and mandate checks)
 */
export interface DebitSettings {
  maintenance_until: string | null;
  lose_next_answers: number;
  answer_delay_ms: number;
  fail_next_queries: number;
  codes: Record<string, DebitCode>;
}

export const DEFAULT_DEBIT_SETTINGS: DebitSettings = { maintenance_until: null, lose_next_answers: 0, answer_delay_ms: 0, fail_next_queries: 0, codes: {} };

export function mergeDebitSettings(current: DebitSettings, patch: Record<string, unknown>): DebitSettings {
  const next: DebitSettings = { ...current, codes: { ...current.codes } };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'maintenance_until') {
      if (v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw new RangeError('maintenance_until: an ISO instant or null');
      next.maintenance_until = v as string | null;
    } else if (k === 'lose_next_answers' || k === 'answer_delay_ms' || k === 'fail_next_queries') {
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw new RangeError(`${k}: a whole number ≥ 0`);
      next[k] = v as number;
    } else if (k === 'codes') {
      if (!v || typeof v !== 'object') throw new RangeError('codes: { "<account number>": <code> }');
      const codes: Record<string, DebitCode> = {};
      for (const [acct, code] of Object.entries(v as Record<string, unknown>)) {
        if (!/^\d{7}$/.test(acct) || !DEBIT_CODES.includes(code as DebitCode)) throw new RangeError(`codes.${acct}: a 7-digit account number and one of ${DEBIT_CODES.join(', ')}`);
        codes[acct] = code as DebitCode;
      }
      next.codes = codes;
    } else throw new RangeError(`unknown debit setting ${k}`);
  }
  return next;
}

/** Seconds until the maintenance window ends (0 outside one). */
export function maintenanceSecondsLeft(s: DebitSettings, nowMs: number): number {
  if (!s.maintenance_until) return 0;
  const left = Date.parse(s.maintenance_until) - nowMs;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}
