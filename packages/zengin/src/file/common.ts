import type { IsoDate } from '@kessai/bank-calendar';
import type { BankDirectory } from '../banks';
import { bankDirectory } from '../banks';
import type { AccountType } from '../codes';
import { ZenginError, type ZenginIssue } from '../errors';
import { fileDateProblem, resolveMmdd } from './dates';
import { type RawRecord, issueAt } from './records';

/** Largest amount of one record (N10) and of a trailer total (N12), and most records (N6). */
export const MAX_RECORD_AMOUNT = 9_999_999_999;
export const MAX_TOTAL_AMOUNT = 999_999_999_999;
export const MAX_RECORDS = 999_999;

export type NewCode = '0' | '1' | '2';

export interface ReadOptions {
  /** The day the (request) file was created: MMDD dates are resolved and checked against it. */
  readonly createdOn: IsoDate;
  /** Banks and branches are checked against this directory (default: the one in use). */
  readonly directory?: BankDirectory;
  /** Set false to skip the bank and branch existence check (formats are still checked). */
  readonly checkBanks?: boolean;
}

export interface WriteOptions {
  /** The day the file is created; the file's date must be a business day 0–30 days after it. */
  readonly createdOn: IsoDate;
  readonly directory?: BankDirectory;
  readonly checkBanks?: boolean;
}

/** Throws every issue at once, if there are any. */
export function throwIssues(issues: ZenginIssue[]): void {
  // In file order: record by record (stable within a record), issues without a record first.
  const sorted = [...issues].sort((a, b) => (a.record ?? 0) - (b.record ?? 0));
  if (sorted.length > 0) throw new ZenginError(sorted);
}

export function directoryOf(options: { directory?: BankDirectory; checkBanks?: boolean }): BankDirectory | undefined {
  return options.checkBanks === false ? undefined : (options.directory ?? bankDirectory());
}

/** Bank and branch of a record exist in the directory (when one is given). */
export function checkBankBranch(directory: BankDirectory | undefined, bank: string | undefined, branch: string | undefined, record: number, issues: ZenginIssue[]): void {
  if (directory === undefined || bank === undefined || branch === undefined) return;
  if (directory.bank(bank) === undefined) issues.push(issueAt('bank_code', record, 'unknown_bank', `no bank ${bank} in the Zengin code list (${directory.version.label})`));
  else if (directory.branch(bank, branch) === undefined) issues.push(issueAt('branch_code', record, 'unknown_branch', `no branch ${branch} of bank ${bank} in the Zengin code list (${directory.version.label})`));
}

/** Value of a field that must be one of `allowed`. */
export function oneOf<T extends string>(raw: RawRecord, field: string, allowed: readonly T[], record: number, issues: ZenginIssue[]): T | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  issues.push(issueAt(field, record, 'invalid_value', `must be ${allowed.join(', ')}, got ${JSON.stringify(v)}`));
  return undefined;
}

export function amountOf(raw: RawRecord, field: string, record: number, issues: ZenginIssue[]): number | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (n === 0) {
    issues.push(issueAt(field, record, 'invalid_value', 'must be at least 1 yen'));
    return undefined;
  }
  return n;
}

export function requiredText(raw: RawRecord, field: string, record: number, issues: ZenginIssue[]): string | undefined {
  const v = raw[field];
  if (v === '') issues.push(issueAt(field, record, 'required', 'must not be blank'));
  return v === '' ? undefined : v;
}

/** Reads an MMDD field and checks the date it means against the creation date. */
export function dateOf(raw: RawRecord, field: string, createdOn: IsoDate, record: number, issues: ZenginIssue[]): IsoDate | undefined {
  const v = raw[field];
  if (v === undefined) return undefined;
  const resolved = resolveMmdd(v, createdOn);
  if (!/^\d{4}-/.test(resolved)) {
    issues.push(issueAt(field, record, 'invalid_date', resolved));
    return undefined;
  }
  const problem = fileDateProblem(resolved, createdOn);
  if (problem !== null) {
    issues.push(issueAt(field, record, 'invalid_date', problem));
    return undefined;
  }
  return resolved;
}

/** Checks the header's code division (0 = JIS; EBCDIC is not supported). */
export function checkCodeDivision(raw: RawRecord, issues: ZenginIssue[]): void {
  const v = raw.code_division;
  if (v === undefined || v === '0') return;
  issues.push(issueAt('code_division', 1, v === '1' ? 'unsupported' : 'invalid_value', v === '1' ? 'EBCDIC files (1) are not supported; use 0 (JIS)' : `must be 0 (JIS), got ${JSON.stringify(v)}`));
}

/** Validates writer input fields common to transfers and debits; returns digits or ''. */
export function digitsField(value: unknown, length: number, field: string, issues: ZenginIssue[], exact = true): string {
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value) || (exact ? value.length !== length : value.length > length)) {
    issues.push({ field, code: 'invalid_format', message: `must be ${exact ? 'exactly' : 'at most'} ${length} digits, got ${JSON.stringify(value)}` });
    return '';
  }
  return value;
}

export function amountField(value: unknown, field: string, issues: ZenginIssue[]): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_RECORD_AMOUNT) {
    issues.push({ field, code: 'invalid_value', message: `must be a whole number of yen from 1 to ${MAX_RECORD_AMOUNT}, got ${String(value)}` });
    return '';
  }
  return String(value);
}

export function choiceField<T extends string>(value: unknown, allowed: readonly T[], field: string, issues: ZenginIssue[]): string {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.push({ field, code: 'invalid_value', message: `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}` });
    return '';
  }
  return value;
}

export function textField(value: unknown, field: string, issues: ZenginIssue[], required: boolean): string {
  if (value === undefined || value === '') {
    if (required) issues.push({ field, code: 'required', message: 'is required' });
    return '';
  }
  if (typeof value !== 'string') {
    issues.push({ field, code: 'invalid_format', message: 'must be a string' });
    return '';
  }
  return value;
}

export const HEADER_ACCOUNT_TYPES: readonly AccountType[] = ['1', '2', '9'];
export const NEW_CODES: readonly NewCode[] = ['0', '1', '2'];

/** A 20-digit reference split into customer codes 1 and 2 (and back). */
export const REFERENCE_LENGTH = 20;
