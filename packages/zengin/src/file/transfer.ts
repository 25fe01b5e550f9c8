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
import { TRANSFER_DATA, TRANSFER_HEADER, TRANSFER_TRAILER } from './layouts';
import { encodeEndRecord, encodeFile, encodeRecord, issueAt } from './records';
import { readStructure } from './structure';

/** 21 bulk transfer (総合振込), 11 salary, 12 bonus: one layout. */
export type TransferKindCode = '21' | '11' | '12';
export const TRANSFER_KIND_CODES: readonly TransferKindCode[] = ['21', '11', '12'];
/** 7 telegraphic (テレ振込), 8 documentary (文書振込). */
export type TransferMethod = '7' | '8';
const DATA_ACCOUNT_TYPES: readonly AccountType[] = ['1', '2', '4', '9'];

export interface TransferHeader {
  readonly kindCode: TransferKindCode;
  /** Requester (依頼人) code the bank assigned: 10 digits. */
  readonly requesterCode: string;
  /** Bank kana, at most 40. */
  readonly requesterName: string;
  /** Transfer day; written as MMDD. */
  readonly transferDate: IsoDate;
  readonly bankCode: string;
  /** Bank kana, at most 15; may be empty. */
  readonly bankName: string;
  readonly branchCode: string;
  readonly branchName: string;
  /** The requester's account: 1 ordinary, 2 current, 9 other. */
  readonly accountType: AccountType;
  readonly accountNumber: string;
}

export interface TransferRecord {
  readonly bankCode: string;
  readonly bankName: string;
  readonly branchCode: string;
  readonly branchName: string;
  readonly accountType: AccountType;
  /** 7 digits. */
  readonly accountNumber: string;
  /** Bank kana, at most 30 (use toBankKana with maxLength 30). */
  readonly payeeName: string;
  /** Yen, 1 … 9,999,999,999. */
  readonly amount: number;
  readonly newCode: NewCode;
  /** Kessai's own 20-digit reference, carried in customer codes 1 (first 10) and 2 (last 10). */
  readonly reference: string;
  readonly method: TransferMethod;
}

export interface TransferFile {
  readonly header: TransferHeader;
  readonly records: readonly TransferRecord[];
}

export interface ReadTransferFile {
  readonly header: TransferHeader;
  /** Each record with its 1-based record number in the file (the header is record 1). */
  readonly records: readonly (TransferRecord & { readonly recordNumber: number })[];
  readonly totalCount: number;
  readonly totalAmount: number;
}

/** A transfer file with defaults filled: bank and branch names empty, new code 0, method 7. */
export type TransferFileInput = {
  readonly header: Omit<TransferHeader, 'kindCode' | 'bankName' | 'branchName'> & Partial<Pick<TransferHeader, 'kindCode' | 'bankName' | 'branchName'>>;
  readonly records: readonly (Omit<TransferRecord, 'bankName' | 'branchName' | 'newCode' | 'method'> & Partial<Pick<TransferRecord, 'bankName' | 'branchName' | 'newCode' | 'method'>>)[];
};

/**
 * Writes a 総合振込 file: header, one data record per transfer, trailer with count and total,
 * end record; 120 bytes each plus CRLF, Shift_JIS. Every defect of the input is reported at
 * once as a ZenginError naming `header.<field>` or `records[i].<field>`; nothing is cut.
 */
export function writeTransferFile(file: TransferFileInput, options: WriteOptions): Buffer {
  const issues: ZenginIssue[] = [];
  const createdOn = checkCreatedOn(options.createdOn);
  const directory = directoryOf(options);
  const h = file.header;
  const lines: string[] = [];
  const collect = (fn: () => string): void => {
    try {
      lines.push(fn());
    } catch (err) {
      if (err instanceof ZenginError) issues.push(...err.issues);
      else throw err;
    }
  };
  let transferDate = '';
  try {
    transferDate = fileDateField(h.transferDate, createdOn, 'header.transfer_date');
  } catch (err) {
    if (err instanceof ZenginError) issues.push(...err.issues);
    else throw err;
  }
  const header = {
    data_type: '1',
    kind_code: choiceField(h.kindCode ?? '21', TRANSFER_KIND_CODES, 'header.kind_code', issues),
    code_division: '0',
    requester_code: digitsField(h.requesterCode, 10, 'header.requester_code', issues),
    requester_name: textField(h.requesterName, 'header.requester_name', issues, true),
    transfer_date: transferDate,
    bank_code: digitsField(h.bankCode, 4, 'header.bank_code', issues),
    bank_name: textField(h.bankName, 'header.bank_name', issues, false),
    branch_code: digitsField(h.branchCode, 3, 'header.branch_code', issues),
    branch_name: textField(h.branchName, 'header.branch_name', issues, false),
    account_type: choiceField(h.accountType, HEADER_ACCOUNT_TYPES, 'header.account_type', issues),
    account_number: digitsField(h.accountNumber, 7, 'header.account_number', issues),
  };
  if (directory !== undefined && header.bank_code !== '' && header.branch_code !== '') {
    const found: ZenginIssue[] = [];
    checkBankBranch(directory, header.bank_code, header.branch_code, 1, found);
    issues.push(...found.map((i) => ({ ...i, field: `header.${i.field}`, record: undefined })));
  }
  if (issues.length === 0) collect(() => encodeRecord(TRANSFER_HEADER, header, 'header'));

  if (!Array.isArray(file.records) || file.records.length === 0) issues.push({ field: 'records', code: 'required', message: 'a transfer file needs at least one record' });
  else if (file.records.length > MAX_RECORDS) issues.push({ field: 'records', code: 'too_long', message: `at most ${MAX_RECORDS} records fit in a file` });
  let total = 0;
  (Array.isArray(file.records) ? file.records : []).forEach((r, i) => {
    const path = `records[${i}]`;
    const before = issues.length;
    const reference = digitsField(r.reference, REFERENCE_LENGTH, `${path}.reference`, issues);
    const values = {
      data_type: '2',
      bank_code: digitsField(r.bankCode, 4, `${path}.bank_code`, issues),
      bank_name: textField(r.bankName, `${path}.bank_name`, issues, false),
      branch_code: digitsField(r.branchCode, 3, `${path}.branch_code`, issues),
      branch_name: textField(r.branchName, `${path}.branch_name`, issues, false),
      clearing_house: '0000',
      account_type: choiceField(r.accountType, DATA_ACCOUNT_TYPES, `${path}.account_type`, issues),
      account_number: digitsField(r.accountNumber, 7, `${path}.account_number`, issues),
      payee_name: textField(r.payeeName, `${path}.payee_name`, issues, true),
      amount: amountField(r.amount, `${path}.amount`, issues),
      new_code: choiceField(r.newCode ?? '0', NEW_CODES, `${path}.new_code`, issues),
      customer_code_1: reference.slice(0, 10),
      customer_code_2: reference.slice(10),
      transfer_kind: choiceField(r.method ?? '7', ['7', '8'], `${path}.method`, issues),
      identifier: '',
    };
    if (directory !== undefined && values.bank_code !== '' && values.branch_code !== '') {
      const found: ZenginIssue[] = [];
      checkBankBranch(directory, values.bank_code, values.branch_code, i + 2, found);
      issues.push(...found.map((x) => ({ ...x, field: `${path}.${x.field}`, record: undefined })));
    }
    if (issues.length === before) {
      total += r.amount;
      collect(() => encodeRecord(TRANSFER_DATA, values, path));
    }
  });
  if (total > MAX_TOTAL_AMOUNT) issues.push({ field: 'records', code: 'too_long', message: `the total ${total} does not fit the trailer's 12 digits` });
  throwIssues(issues);
  lines.push(encodeRecord(TRANSFER_TRAILER, { data_type: '8', total_count: String(file.records.length), total_amount: String(total) }, 'trailer'));
  lines.push(encodeEndRecord());
  return encodeFile(lines);
}

/**
 * Reads a 総合振込 file strictly: record lengths, line endings, bytes, record order, every
 * field's format and value, the date (MMDD resolved against `createdOn`: a business day at most
 * 30 days ahead), banks and branches against the directory, and the trailer's count and total.
 * Every defect is reported at once, each with its record number, field and reason.
 */
export function readTransferFile(bytes: Uint8Array, options: ReadOptions): ReadTransferFile {
  const issues: ZenginIssue[] = [];
  const createdOn = checkCreatedOn(options.createdOn);
  const directory = directoryOf(options);
  const s = readStructure(bytes, { header: TRANSFER_HEADER, data: TRANSFER_DATA, trailer: TRANSFER_TRAILER }, issues);
  let header: TransferHeader | undefined;
  if (s.header !== undefined) {
    const raw = s.header;
    const kindCode = oneOf(raw, 'kind_code', TRANSFER_KIND_CODES, 1, issues);
    checkCodeDivision(raw, issues);
    const requesterName = requiredText(raw, 'requester_name', 1, issues);
    const transferDate = dateOf(raw, 'transfer_date', createdOn, 1, issues);
    const accountType = oneOf(raw, 'account_type', HEADER_ACCOUNT_TYPES, 1, issues);
    checkBankBranch(directory, raw.bank_code, raw.branch_code, 1, issues);
    if (kindCode && requesterName && transferDate && accountType && raw.requester_code && raw.bank_code && raw.branch_code && raw.account_number && raw.bank_name !== undefined && raw.branch_name !== undefined) {
      header = { kindCode, requesterCode: raw.requester_code, requesterName, transferDate, bankCode: raw.bank_code, bankName: raw.bank_name, branchCode: raw.branch_code, branchName: raw.branch_name, accountType, accountNumber: raw.account_number };
    }
  }
  const records: (TransferRecord & { recordNumber: number })[] = [];
  let count = 0;
  let total = 0;
  let amountsKnown = true; // an unreadable amount makes the trailer's total uncheckable
  for (const { number, raw } of s.data) {
    count += 1;
    if (raw.amount !== undefined) total += Number(raw.amount);
    else amountsKnown = false;
    const accountType = oneOf(raw, 'account_type', DATA_ACCOUNT_TYPES, number, issues);
    const payeeName = requiredText(raw, 'payee_name', number, issues);
    const amount = amountOf(raw, 'amount', number, issues);
    const newCode = oneOf(raw, 'new_code', NEW_CODES, number, issues);
    const method = oneOf<TransferMethod>(raw, 'transfer_kind', ['7', '8'], number, issues);
    if (raw.clearing_house !== undefined && raw.clearing_house !== '' && raw.clearing_house !== '0000') issues.push(issueAt('clearing_house', number, 'invalid_value', `must be 0000 or blank, got ${JSON.stringify(raw.clearing_house)}`));
    if (raw.identifier !== undefined && raw.identifier !== '') {
      issues.push(issueAt('identifier', number, raw.identifier === 'Y' ? 'unsupported' : 'invalid_value', raw.identifier === 'Y' ? 'EDI information (Y) is not supported: customer codes carry the reference' : `must be blank or Y, got ${JSON.stringify(raw.identifier)}`));
    }
    checkBankBranch(directory, raw.bank_code, raw.branch_code, number, issues);
    if (accountType && payeeName && amount && newCode && method && raw.bank_code && raw.branch_code && raw.account_number && raw.customer_code_1 && raw.customer_code_2 && raw.bank_name !== undefined && raw.branch_name !== undefined) {
      records.push({ recordNumber: number, bankCode: raw.bank_code, bankName: raw.bank_name, branchCode: raw.branch_code, branchName: raw.branch_name, accountType, accountNumber: raw.account_number, payeeName, amount, newCode, reference: raw.customer_code_1 + raw.customer_code_2, method });
    }
  }
  if (s.trailer !== undefined) {
    const { number, raw } = s.trailer;
    if (raw.total_count !== undefined && Number(raw.total_count) !== count) issues.push(issueAt('total_count', number, 'trailer_mismatch', `says ${Number(raw.total_count)} records, the file has ${count}`));
    if (amountsKnown && raw.total_amount !== undefined && Number(raw.total_amount) !== total) issues.push(issueAt('total_amount', number, 'trailer_mismatch', `says ${Number(raw.total_amount)} yen, the records add up to ${total}`));
  }
  throwIssues(issues);
  return { header: header!, records, totalCount: count, totalAmount: total };
}
