import { ZenginError } from './errors';

/** Bank code: exactly 4 ASCII digits. */
export type BankCode = string;
/** Branch code: exactly 3 ASCII digits. */
export type BranchCode = string;

/** Zengin account types (預金種目). */
export type AccountType = '1' | '2' | '4' | '9';

export interface AccountTypeInfo {
  readonly code: AccountType;
  readonly name: string;
  readonly nameEn: 'ordinary' | 'current' | 'savings' | 'other';
}

export const ACCOUNT_TYPES: Readonly<Record<AccountType, AccountTypeInfo>> = {
  '1': { code: '1', name: '普通', nameEn: 'ordinary' },
  '2': { code: '2', name: '当座', nameEn: 'current' },
  '4': { code: '4', name: '貯蓄', nameEn: 'savings' },
  '9': { code: '9', name: 'その他', nameEn: 'other' },
};

const BY_NAME = new Map<string, AccountType>(
  Object.values(ACCOUNT_TYPES).flatMap((t) => [
    [t.code, t.code],
    [t.nameEn, t.code],
    [t.name, t.code],
  ]),
);

function describe(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

function requireString(input: unknown, field: string): string {
  if (input === undefined || input === null || input === '') throw ZenginError.of(field, 'required', 'is required');
  if (typeof input !== 'string') throw ZenginError.of(field, 'invalid_format', `must be a string, got ${typeof input}`);
  return input;
}

/** A bank code as given, checked to be exactly 4 ASCII digits (no padding, no trimming). */
export function parseBankCode(input: unknown, field = 'bank_code'): BankCode {
  const s = requireString(input, field);
  if (!/^[0-9]{4}$/.test(s)) throw ZenginError.of(field, 'invalid_format', `must be exactly 4 digits, got ${describe(s)}`);
  return s;
}

/** A branch code as given, checked to be exactly 3 ASCII digits. */
export function parseBranchCode(input: unknown, field = 'branch_code'): BranchCode {
  const s = requireString(input, field);
  if (!/^[0-9]{3}$/.test(s)) throw ZenginError.of(field, 'invalid_format', `must be exactly 3 digits, got ${describe(s)}`);
  return s;
}

/** An account type from its code (`'1'`, `1`), its English name (`ordinary`) or its Japanese name (`普通`). */
export function parseAccountType(input: unknown, field = 'account_type'): AccountType {
  const key = typeof input === 'number' && Number.isInteger(input) ? String(input) : input;
  const s = requireString(key, field);
  const type = BY_NAME.get(s);
  if (type === undefined) throw ZenginError.of(field, 'invalid_value', `must be 1 (ordinary), 2 (current), 4 (savings) or 9 (other), got ${describe(s)}`);
  return type;
}

/**
 * An account number of 1–7 digits (full-width digits accepted), zero-padded to 7.
 * Anything else — spaces, hyphens, signs, more than 7 digits, all zeros — is refused.
 */
export function normaliseAccountNumber(input: unknown, field = 'account_number'): string {
  const raw = typeof input === 'number' && Number.isSafeInteger(input) && input >= 0 ? String(input) : input;
  const s = requireString(raw, field).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!/^[0-9]+$/.test(s)) throw ZenginError.of(field, 'invalid_format', `must be digits only, got ${describe(input)}`);
  if (s.length > 7) throw ZenginError.of(field, 'too_long', `must be at most 7 digits, got ${s.length}`);
  if (/^0+$/.test(s)) throw ZenginError.of(field, 'invalid_value', 'must not be all zeros');
  return s.padStart(7, '0');
}
