import type { IsoDate } from '@kessai/bank-calendar';
import type { AccountType } from '../codes';
import { ZenginError, type ZenginIssue } from '../errors';
import {
  HEADER_ACCOUNT_TYPES,
  MAX_RECORDS,
  MAX_TOTAL_AMOUNT,
  NEW_CODES,
  type NewCode,
  REFERENCE_LENGTH,
  type ReadOptions,
  type WriteOptions,
  amountField,
  amountOf,
  checkBankBranch,
  checkCodeDivision,
  choiceField,
  dateOf,
  digitsField,
  directoryOf,
  oneOf,
  requiredText,
  textField,
  throwIssues,
} from './common';
import { checkCreatedOn, fileDateField } from './dates';
import { DEBIT_DATA, DEBIT_HEADER, DEBIT_TRAILER } from './layouts';
import { encodeEndRecord, encodeFile, encodeRecord, issueAt } from './records';
import { readStructure } from './structure';

/** 口座振替 result codes, one per data record of a result file. */
export type DebitResultCode = '0' | '1' | '2' | '3' | '4' | '8' | '9';

export const DEBIT_RESULT_CODES: Readonly<Record<DebitResultCode, string>> = {
  '0': 'debited',
  '1': 'insufficient_funds',
  '2': 'no_account',
  '3': 'stopped_by_depositor',
  '4': 'no_mandate',
  '8': 'stopped_by_requester',
  '9': 'other',
};
const RESULT_CODES = Object.keys(DEBIT_RESULT_CODES) as DebitResultCode[];
const DEBIT_ACCOUNT_TYPES: readonly AccountType[] = ['1', '2', '9'];

export interface DebitHeader {
  /** Requester (委託者) code: 10 digits. */
  readonly requesterCode: string;
  /** Bank kana, at most 40. */
  readonly requesterName: string;
  /** Debit day; written as MMDD. */
  readonly debitDate: IsoDate;
  readonly bankCode: string;
  readonly bankName: string;
  readonly branchCode: string;
  readonly branchName: string;
  /** The requester's account; null where the bank's layout leaves it blank. */
  readonly accountType: AccountType | null;
  readonly accountNumber: string | null;
}

export interface DebitRecord {
  readonly bankCode: string;
  readonly bankName: string;
  readonly branchCode: string;
  readonly branchName: string;
  /** 1 ordinary, 2 current, 9 other. */
  readonly accountType: AccountType;
  readonly accountNumber: string;
  /** Bank kana, at most 30. */
  readonly depositorName: string;
  readonly amount: number;
  readonly newCode: NewCode;
  /** Kessai's own 20-digit reference, in the customer number field. */
  readonly reference: string;
  /** 0 in a request; the bank's result in a result file. */
  readonly resultCode: DebitResultCode;
}

export interface DebitTotals {
  readonly totalCount: number;
  readonly totalAmount: number;
  readonly debitedCount: number;
  readonly debitedAmount: number;
  readonly notDebitedCount: number;
  readonly notDebitedAmount: number;
}

export interface ReadDebitFile {
  readonly header: DebitHeader;
  readonly records: readonly (DebitRecord & { readonly recordNumber: number })[];
  readonly totals: DebitTotals;
  /** True when the trailer carries debited / not-debited totals (a bank's result file). */
  readonly isResult: boolean;
}

export type DebitFileInput = {
  readonly header: Omit<DebitHeader, 'bankName' | 'branchName' | 'accountType' | 'accountNumber'> & Partial<Pick<DebitHeader, 'bankName' | 'branchName' | 'accountType' | 'accountNumber'>>;
  readonly records: readonly (Omit<DebitRecord, 'bankName' | 'branchName' | 'newCode' | 'resultCode'> & Partial<Pick<DebitRecord, 'bankName' | 'branchName' | 'newCode' | 'resultCode'>>)[];
};

export interface WriteDebitOptions extends WriteOptions {
  /** `request` (default): every result code 0 and the result totals zero; `result`: a bank's answer. */
  readonly kind?: 'request' | 'result';
}

export interface ReadDebitOptions extends ReadOptions {
  /** Refuse the other kind; by default the trailer tells. */
  readonly expect?: 'request' | 'result';
}

/**
 * Writes a 口座振替 request (or, with `kind: 'result'`, the bank's result file): header, data,
 * trailer with total / debited / not-debited counts and amounts, end; CRLF, Shift_JIS.
 * `createdOn` is the creation date of the request the file belongs to.
 */
export function writeDebitFile(file: DebitFileInput, options: WriteDebitOptions): Buffer {
  const issues: ZenginIssue[] = [];
  const isResult = options.kind === 'result';
  const createdOn = checkCreatedOn(options.createdOn);
  const directory = directoryOf(options);
  const h = file.header;
  let debitDate = '';
  try {
    debitDate = fileDateField(h.debitDate, createdOn, 'header.debit_date');
  } catch (err) {
    if (err instanceof ZenginError) issues.push(...err.issues);
    else throw err;
  }
  const blankAccount = (h.accountType ?? null) === null && (h.accountNumber ?? null) === null;
  const header = {
    data_type: '1',
    kind_code: '91',
    code_division: '0',
    requester_code: digitsField(h.requesterCode, 10, 'header.requester_code', issues),
    requester_name: textField(h.requesterName, 'header.requester_name', issues, true),
    debit_date: debitDate,
    bank_code: digitsField(h.bankCode, 4, 'header.bank_code', issues),
    bank_name: textField(h.bankName, 'header.bank_name', issues, false),
    branch_code: digitsField(h.branchCode, 3, 'header.branch_code', issues),
    branch_name: textField(h.branchName, 'header.branch_name', issues, false),
    account_type: blankAccount ? '' : choiceField(h.accountType, HEADER_ACCOUNT_TYPES, 'header.account_type', issues),
    account_number: blankAccount ? '' : digitsField(h.accountNumber, 7, 'header.account_number', issues),
  };
  if (directory !== undefined && header.bank_code !== '' && header.branch_code !== '') {
    const found: ZenginIssue[] = [];
    checkBankBranch(directory, header.bank_code, header.branch_code, 1, found);
    issues.push(...found.map((i) => ({ ...i, field: `header.${i.field}`, record: undefined })));
  }
  const lines: string[] = [];
  if (issues.length === 0) lines.push(encodeRecord(DEBIT_HEADER, header, 'header'));

  if (!Array.isArray(file.records) || file.records.length === 0) issues.push({ field: 'records', code: 'required', message: 'a debit file needs at least one record' });
  else if (file.records.length > MAX_RECORDS) issues.push({ field: 'records', code: 'too_long', message: `at most ${MAX_RECORDS} records fit in a file` });
  const totals = { total_count: 0, total_amount: 0, debited_count: 0, debited_amount: 0, not_debited_count: 0, not_debited_amount: 0 };
  (Array.isArray(file.records) ? file.records : []).forEach((r, i) => {
    const path = `records[${i}]`;
    const before = issues.length;
    const resultCode = choiceField(r.resultCode ?? '0', RESULT_CODES, `${path}.result_code`, issues);
    if (!isResult && resultCode !== '' && resultCode !== '0') issues.push({ field: `${path}.result_code`, code: 'invalid_value', message: 'must be 0 in a request file' });
    const values = {
      data_type: '2',
      bank_code: digitsField(r.bankCode, 4, `${path}.bank_code`, issues),
      bank_name: textField(r.bankName, `${path}.bank_name`, issues, false),
      branch_code: digitsField(r.branchCode, 3, `${path}.branch_code`, issues),
      branch_name: textField(r.branchName, `${path}.branch_name`, issues, false),
      account_type: choiceField(r.accountType, DEBIT_ACCOUNT_TYPES, `${path}.account_type`, issues),
      account_number: digitsField(r.accountNumber, 7, `${path}.account_number`, issues),
      depositor_name: textField(r.depositorName, `${path}.depositor_name`, issues, true),
      amount: amountField(r.amount, `${path}.amount`, issues),
      new_code: choiceField(r.newCode ?? '0', NEW_CODES, `${path}.new_code`, issues),
      customer_number: digitsField(r.reference, REFERENCE_LENGTH, `${path}.reference`, issues),
      result_code: resultCode,
    };
    if (directory !== undefined && values.bank_code !== '' && values.branch_code !== '') {
      const found: ZenginIssue[] = [];
      checkBankBranch(directory, values.bank_code, values.branch_code, i + 2, found);
      issues.push(...found.map((x) => ({ ...x, field: `${path}.${x.field}`, record: undefined })));
    }
    if (issues.length !== before) return;
    totals.total_count += 1;
    totals.total_amount += r.amount;
    if (isResult && resultCode === '0') {
      totals.debited_count += 1;
      totals.debited_amount += r.amount;
    } else if (isResult) {
      totals.not_debited_count += 1;
      totals.not_debited_amount += r.amount;
    }
    try {
      lines.push(encodeRecord(DEBIT_DATA, values, path));
    } catch (err) {
      if (err instanceof ZenginError) issues.push(...err.issues);
      else throw err;
    }
  });
  if (totals.total_amount > MAX_TOTAL_AMOUNT) issues.push({ field: 'records', code: 'too_long', message: `the total ${totals.total_amount} does not fit the trailer's 12 digits` });
  throwIssues(issues);
  const trailer = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, String(v)]));
  lines.push(encodeRecord(DEBIT_TRAILER, { data_type: '8', ...trailer }, 'trailer'));
  lines.push(encodeEndRecord());
  return encodeFile(lines);
}

/**
 * Reads a 口座振替 request or result file strictly, as `readTransferFile` does. In a request
 * every result code is 0 and the debited / not-debited totals are zero; in a result file they
 * must equal the records with result 0 and the others, and add up to the totals.
 */
export function readDebitFile(bytes: Uint8Array, options: ReadDebitOptions): ReadDebitFile {
  const issues: ZenginIssue[] = [];
  const createdOn = checkCreatedOn(options.createdOn);
  const directory = directoryOf(options);
  const s = readStructure(bytes, { header: DEBIT_HEADER, data: DEBIT_DATA, trailer: DEBIT_TRAILER }, issues);
  let header: DebitHeader | undefined;
  if (s.header !== undefined) {
    const raw = s.header;
    if (raw.kind_code !== undefined && raw.kind_code !== '91') issues.push(issueAt('kind_code', 1, 'invalid_value', `must be 91 (口座振替), got ${JSON.stringify(raw.kind_code)}`));
    checkCodeDivision(raw, issues);
    const requesterName = requiredText(raw, 'requester_name', 1, issues);
    const debitDate = dateOf(raw, 'debit_date', createdOn, 1, issues);
    const blank = raw.account_type === '' && raw.account_number === '';
    if (!blank && (raw.account_type === '' || raw.account_number === '')) issues.push(issueAt('account_type', 1, 'invalid_value', 'account type and number are both given or both blank'));
    const accountType = blank ? null : oneOf(raw, 'account_type', HEADER_ACCOUNT_TYPES, 1, issues);
    checkBankBranch(directory, raw.bank_code, raw.branch_code, 1, issues);
    if (requesterName && debitDate && accountType !== undefined && raw.requester_code && raw.bank_code && raw.branch_code && raw.bank_name !== undefined && raw.branch_name !== undefined && raw.account_number !== undefined) {
      header = { requesterCode: raw.requester_code, requesterName, debitDate, bankCode: raw.bank_code, bankName: raw.bank_name, branchCode: raw.branch_code, branchName: raw.branch_name, accountType, accountNumber: blank ? null : raw.account_number };
    }
  }
  const records: (DebitRecord & { recordNumber: number })[] = [];
  const sums = { totalCount: 0, totalAmount: 0, debitedCount: 0, debitedAmount: 0, notDebitedCount: 0, notDebitedAmount: 0 };
  let amountsKnown = true; // an unreadable amount makes the trailer's amounts uncheckable
  for (const { number, raw } of s.data) {
    if (raw.amount === undefined) amountsKnown = false;
    const amountValue = raw.amount === undefined ? 0 : Number(raw.amount);
    sums.totalCount += 1;
    sums.totalAmount += amountValue;
    const accountType = oneOf(raw, 'account_type', DEBIT_ACCOUNT_TYPES, number, issues);
    const depositorName = requiredText(raw, 'depositor_name', number, issues);
    const amount = amountOf(raw, 'amount', number, issues);
    const newCode = oneOf(raw, 'new_code', NEW_CODES, number, issues);
    const resultCode = oneOf(raw, 'result_code', RESULT_CODES, number, issues);
    if (resultCode === '0') {
      sums.debitedCount += 1;
      sums.debitedAmount += amountValue;
    } else if (resultCode !== undefined) {
      sums.notDebitedCount += 1;
      sums.notDebitedAmount += amountValue;
    }
    checkBankBranch(directory, raw.bank_code, raw.branch_code, number, issues);
    if (accountType && depositorName && amount && newCode && resultCode && raw.bank_code && raw.branch_code && raw.account_number && raw.customer_number && raw.bank_name !== undefined && raw.branch_name !== undefined) {
      records.push({ recordNumber: number, bankCode: raw.bank_code, bankName: raw.bank_name, branchCode: raw.branch_code, branchName: raw.branch_name, accountType, accountNumber: raw.account_number, depositorName, amount, newCode, reference: raw.customer_number, resultCode });
    }
  }
  let isResult = false;
  if (s.trailer !== undefined) {
    const { number, raw } = s.trailer;
    const n = (k: string): number => Number(raw[k] ?? 'NaN');
    isResult = n('debited_count') + n('not_debited_count') > 0 || n('debited_amount') + n('not_debited_amount') > 0;
    if (options.expect !== undefined && options.expect !== (isResult ? 'result' : 'request')) {
      issues.push(issueAt('debited_count', number, 'invalid_value', `a ${options.expect} file was expected, the trailer says it is a ${isResult ? 'result' : 'request'}`));
    }
    const check = (field: string, actual: number, what: string): void => {
      if (field.endsWith('_amount') && !amountsKnown) return;
      if (raw[field] !== undefined && n(field) !== actual) issues.push(issueAt(field, number, 'trailer_mismatch', `says ${n(field)}, ${what} ${actual}`));
    };
    check('total_count', sums.totalCount, 'the file has');
    check('total_amount', sums.totalAmount, 'the records add up to');
    if (isResult) {
      check('debited_count', sums.debitedCount, 'records with result 0:');
      check('debited_amount', sums.debitedAmount, 'records with result 0 add up to');
      check('not_debited_count', sums.notDebitedCount, 'records with another result:');
      check('not_debited_amount', sums.notDebitedAmount, 'records with another result add up to');
    } else {
      for (const r of records) if (r.resultCode !== '0') issues.push(issueAt('result_code', r.recordNumber, 'invalid_value', 'must be 0 in a request file (its trailer has no result totals)'));
    }
  }
  throwIssues(issues);
  const totals = isResult ? sums : { ...sums, debitedCount: 0, debitedAmount: 0, notDebitedCount: 0, notDebitedAmount: 0 };
  return { header: header!, records, totals, isResult };
}
