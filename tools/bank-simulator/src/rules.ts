import { sameHolderName } from '@kessai/zengin';
import type { TransferFailureCode } from '@kessai/partner-bank';
import { TRANSFER_FAILURE_CODES } from '@kessai/partner-bank';

/**
 * How the bank decides a transfer's result. Rules are checked first, in order
 * (an account number, or a regular expression on the payee name as written in
 * the file, that always fails with a given code); then the account itself:
 * unknown (or another account type) → no_such_account, closed →
 * closed_account, holder name not the same (sameHolderName) → name_mismatch.
 */
export interface FailureRule {
  account_number?: string;
  name_pattern?: string;
  failure_code: TransferFailureCode;
}

export interface Payee {
  account_type: string;
  account_number: string;
  payee_name: string;
}

export interface KnownAccount {
  account_type: string;
  holder_name_kana: string;
  state: 'open' | 'closed';
}

export function parseRules(input: unknown): FailureRule[] {
  if (!Array.isArray(input)) throw new RangeError('rules: an array');
  return input.map((r: unknown, i) => {
    const rule = r as Partial<FailureRule>;
    if (typeof rule !== 'object' || rule === null) throw new RangeError(`rules[${i}]: an object`);
    if (!TRANSFER_FAILURE_CODES.includes(rule.failure_code as TransferFailureCode)) throw new RangeError(`rules[${i}].failure_code: one of ${TRANSFER_FAILURE_CODES.join(', ')}`);
    if (rule.account_number === undefined && rule.name_pattern === undefined) throw new RangeError(`rules[${i}]: account_number or name_pattern`);
    if (rule.account_number !== undefined && !/^\d{7}$/.test(rule.account_number)) throw new RangeError(`rules[${i}].account_number: 7 digits`);
    if (rule.name_pattern !== undefined) new RegExp(rule.name_pattern, 'u'); // throws on a bad pattern
    return { ...(rule.account_number ? { account_number: rule.account_number } : {}), ...(rule.name_pattern ? { name_pattern: rule.name_pattern } : {}), failure_code: rule.failure_code! };
  });
}

export function decideTransfer(p: Payee, account: KnownAccount | undefined, rules: readonly FailureRule[]): TransferFailureCode | null {
  for (const rule of rules) {
    const byNumber = rule.account_number === undefined || rule.account_number === p.account_number;
    const byName = rule.name_pattern === undefined || new RegExp(rule.name_pattern, 'u').test(p.payee_name);
    if (byNumber && byName) return rule.failure_code;
  }
  if (!account || account.account_type !== p.account_type) return 'no_such_account';
  if (account.state === 'closed') return 'closed_account';
  if (!sameHolderName(p.payee_name, account.holder_name_kana)) return 'name_mismatch';
  return null;
}
