import { isEmail, ValidationError, type FieldViolation } from '@kessai/platform';
import { bankDirectory, normaliseAccountNumber, parseAccountType, parseBankCode, parseBranchCode, toBankKana, ZenginError, type AccountType } from '@kessai/zengin';

/** A debit customer as the merchant registers it (docs/reference/account-transfer.md#accounts-and-names). */
export interface CustomerInput {
  customerRef: string;
  name: string;
  holderName: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  email: string;
}

export interface BankAccountDetails {
  bankCode: string;
  branchCode: string;
  accountType: AccountType;
  accountNumber: string;
  /** half-width bank kana */
  holderName: string;
}

export interface ValidCustomer extends BankAccountDetails {
  customerRef: string;
  name: string;
  email: string;
}

const CUSTOMER_REF = /^[\x21-\x7e]{1,64}$/;

function zengin<T>(problems: FieldViolation[], field: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof ZenginError) {
      problems.push({ field, description: err.message });
      return undefined;
    }
    throw err;
  }
}

/**
 * Validates a bank account with the Zengin library: bank and branch in the
 * bank directory, account type, 7-digit number, holder name as bank kana
 * (at most 30, the file's depositor field). Field names carry `prefix`.
 */
export function validateBankAccount(input: Pick<CustomerInput, 'bankCode' | 'branchCode' | 'accountType' | 'accountNumber' | 'holderName'>, problems: FieldViolation[], prefix = ''): BankAccountDetails | undefined {
  const bankCode = zengin(problems, `${prefix}bank_code`, () => parseBankCode(input.bankCode, `${prefix}bank_code`));
  const branchCode = zengin(problems, `${prefix}branch_code`, () => parseBranchCode(input.branchCode, `${prefix}branch_code`));
  if (bankCode && branchCode) {
    zengin(problems, `${prefix}bank_code`, () => bankDirectory().requireBank(bankCode));
    if (bankDirectory().bank(bankCode)) zengin(problems, `${prefix}branch_code`, () => bankDirectory().requireBranch(bankCode, branchCode));
  }
  const accountType = zengin(problems, `${prefix}account_type`, () => parseAccountType(input.accountType, `${prefix}account_type`));
  if (accountType === '4') problems.push({ field: `${prefix}account_type`, description: 'savings accounts cannot be debited (1 ordinary, 2 current, 9 other)' });
  const accountNumber = zengin(problems, `${prefix}account_number`, () => normaliseAccountNumber(input.accountNumber, `${prefix}account_number`));
  const holderName = input.holderName === undefined ? undefined : zengin(problems, `${prefix}holder_name`, () => toBankKana(input.holderName, { field: `${prefix}holder_name`, maxLength: 30 }));
  if (!input.holderName) problems.push({ field: `${prefix}holder_name`, description: 'required' });
  if (!bankCode || !branchCode || !accountType || !accountNumber || !holderName) return undefined;
  return { bankCode, branchCode, accountType, accountNumber, holderName };
}

/** Every problem at once, each naming its field; the result is normalised (bank kana, zero-padded number). */
export function validateCustomer(input: CustomerInput): ValidCustomer {
  const problems: FieldViolation[] = [];
  if (!CUSTOMER_REF.test(input.customerRef ?? '')) problems.push({ field: 'customer_ref', description: 'required: 1 to 64 visible ASCII characters' });
  const name = (input.name ?? '').trim();
  if (!name || name.length > 100) problems.push({ field: 'name', description: 'required, at most 100 characters' });
  const email = (input.email ?? '').trim();
  if (email && !isEmail(email)) problems.push({ field: 'email', description: 'not an email address' });
  const account = validateBankAccount(input, problems);
  if (problems.length > 0 || !account) throw new ValidationError(problems);
  return { customerRef: input.customerRef, name, email, ...account };
}
