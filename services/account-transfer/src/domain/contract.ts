import { isEmail, ValidationError, type FieldViolation } from '@kessai/platform';
import { toBankKana, ZenginError } from '@kessai/zengin';
import { validateBankAccount, type BankAccountDetails } from './customer';

export type ContractMode = 'realtime' | 'file';

export interface ContractInput {
  partner: string;
  requesterCode: string;
  requesterName: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  mode: ContractMode | undefined;
  notifyEmail: string;
}

export interface ValidContract {
  partner: string;
  requesterCode: string;
  /** bank kana, at most 40 (the file header's requester name) */
  requesterName: string;
  account: Omit<BankAccountDetails, 'holderName'>;
  mode: ContractMode;
  notifyEmail: string;
}

/**
 * A merchant's direct-debit contract with one partner bank: its 委託者コード
 * (10 digits, used in 口座振替 file headers) and the merchant's own account at
 * that bank, credited on the next business day
 * (docs/reference/account-transfer.md#what-it-is--and-is-not).
 */
export function validateContract(input: ContractInput): ValidContract {
  const problems: FieldViolation[] = [];
  if (!/^[a-z0-9_-]{1,40}$/.test(input.partner ?? '')) problems.push({ field: 'partner', description: 'required: the partner bank\'s name at Kessai (lower-case letters, digits, - _)' });
  if (!/^\d{10}$/.test(input.requesterCode ?? '')) problems.push({ field: 'requester_code', description: 'must be the 10-digit 委託者コード the bank assigned' });
  let requesterName: string | undefined;
  try {
    requesterName = toBankKana(input.requesterName ?? '', { field: 'requester_name', maxLength: 40 });
    if (!requesterName) problems.push({ field: 'requester_name', description: 'required' });
  } catch (err) {
    if (!(err instanceof ZenginError)) throw err;
    problems.push({ field: 'requester_name', description: err.message });
  }
  const account = validateBankAccount({ ...input, holderName: requesterName || 'X' }, problems, 'account.');
  const email = (input.notifyEmail ?? '').trim();
  if (!email || !isEmail(email)) problems.push({ field: 'notify_email', description: 'required: where the daily mismatch list is sent' });
  if (problems.length > 0 || !account || !requesterName) throw new ValidationError(problems);
  const { holderName: _ignored, ...merchantAccount } = account;
  return { partner: input.partner, requesterCode: input.requesterCode, requesterName, account: merchantAccount, mode: input.mode ?? 'realtime', notifyEmail: email };
}
