import { sameHolderName } from '@kessai/zengin';
import type { BankMandateStatus, MandateStatus } from './mandate';

/**
 * The daily mismatch list (docs/reference/account-transfer.md#mismatch-list):
 * the customer master against the bank's mandate list of the previous day.
 */
export type MismatchKind = 'missing_at_bank' | 'missing_in_master' | 'different_account' | 'different_holder_name' | 'mandate_state_differs';
export const MISMATCH_KINDS: readonly MismatchKind[] = ['missing_at_bank', 'missing_in_master', 'different_account', 'different_holder_name', 'mandate_state_differs'];

/** A mandate of the master with its customer's account, keyed by customer number. */
export interface MasterMandate {
  customerNumber: string;
  customerId: string;
  customerRef: string;
  status: MandateStatus;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
}

/** One entry of the bank's list. */
export interface BankMandate {
  customerNumber: string;
  status: BankMandateStatus;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  /** empty when the list does not carry names (the callback) */
  holderName: string;
}

export interface Mismatch {
  kind: MismatchKind;
  customerNumber: string;
  customerId: string;
  customerRef: string;
  master: Record<string, string> | null;
  bank: Record<string, string> | null;
}

const EXPECTED_AT_BANK: Record<MandateStatus, BankMandateStatus | null> = { requested: null, active: 'registered', rejected: 'rejected', cancelled: 'cancelled' };

function account(x: { bankCode: string; branchCode: string; accountType: string; accountNumber: string }): string {
  return `${x.bankCode}-${x.branchCode}-${x.accountType}-${x.accountNumber}`;
}

/**
 * Every mismatch, at most one per kind and mandate, in customer-number order:
 * - missing_at_bank: an active mandate the bank does not list;
 * - missing_in_master: a mandate the bank lists as registered that the master does not have;
 * - different_account / different_holder_name: the bank's account or name differs
 *   (names compared width-insensitively by `sameHolderName`);
 * - mandate_state_differs: both list it, with different states (a request the
 *   bank has not answered yet is no mismatch).
 */
export function findMismatches(master: readonly MasterMandate[], bank: readonly BankMandate[]): Mismatch[] {
  const atBank = new Map(bank.map((b) => [b.customerNumber, b]));
  const inMaster = new Map(master.map((m) => [m.customerNumber, m]));
  const out: Mismatch[] = [];
  const masterView = (m: MasterMandate) => ({ status: m.status, account: account(m), holder_name: m.holderName });
  const bankView = (b: BankMandate) => ({ status: b.status, account: account(b), holder_name: b.holderName });
  for (const m of master) {
    const b = atBank.get(m.customerNumber);
    const ids = { customerNumber: m.customerNumber, customerId: m.customerId, customerRef: m.customerRef };
    if (!b) {
      if (m.status === 'active') out.push({ kind: 'missing_at_bank', ...ids, master: masterView(m), bank: null });
      continue;
    }
    if (account(m) !== account(b)) out.push({ kind: 'different_account', ...ids, master: masterView(m), bank: bankView(b) });
    if (b.holderName && !sameHolderName(m.holderName, b.holderName)) out.push({ kind: 'different_holder_name', ...ids, master: masterView(m), bank: bankView(b) });
    const expected = EXPECTED_AT_BANK[m.status];
    if (expected !== null && expected !== b.status) out.push({ kind: 'mandate_state_differs', ...ids, master: masterView(m), bank: bankView(b) });
  }
  for (const b of bank) {
    if (!inMaster.has(b.customerNumber) && b.status === 'registered') {
      out.push({ kind: 'missing_in_master', customerNumber: b.customerNumber, customerId: '', customerRef: '', master: null, bank: bankView(b) });
    }
  }
  return out.sort((a, b) => a.customerNumber.localeCompare(b.customerNumber) || MISMATCH_KINDS.indexOf(a.kind) - MISMATCH_KINDS.indexOf(b.kind));
}

export function countByKind(list: readonly Pick<Mismatch, 'kind'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of list) counts[m.kind] = (counts[m.kind] ?? 0) + 1;
  return counts;
}
