import type { AccountType } from './codes';
import { ZenginError } from './errors';

/** Zengin bank code of Japan Post Bank (ゆうちょ銀行). */
export const JAPAN_POST_BANK_CODE = '9900';

export interface JapanPostAccount {
  readonly bankCode: typeof JAPAN_POST_BANK_CODE;
  readonly branchCode: string;
  readonly accountType: AccountType;
  readonly accountNumber: string;
  /** `ordinary`: 総合口座 / 通常貯金 (記号 1…); `transfer`: 振替口座 (記号 0…). */
  readonly kind: 'ordinary' | 'transfer';
}

export interface JapanPostOptions {
  /** The account is a 通常貯蓄貯金 (記号 1…): account type 4 savings instead of 1 ordinary. */
  readonly savings?: boolean;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

function digitsOf(input: unknown, field: string): string {
  if (input === undefined || input === null || input === '') throw ZenginError.of(field, 'required', 'is required');
  if (typeof input !== 'string') throw ZenginError.of(field, 'invalid_format', `must be a string of digits, got ${typeof input}`);
  const s = input.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!/^[0-9]+$/.test(s)) throw ZenginError.of(field, 'invalid_format', `must be digits only, got ${JSON.stringify(input)}`);
  return s;
}

/**
 * The Zengin branch, account type and account number of a Japan Post Bank account given by
 * its 記号 (5 digits) and 番号, as Japan Post Bank publishes the conversion:
 * - 記号 starting with 1 (総合口座, 通常貯金, 通常貯蓄貯金): branch = 記号 digits 2–3 + "8";
 *   account = 番号 without its last digit, which must be 1, zero-padded to 7 (番号 2–8 digits).
 * - 記号 starting with 0 (振替口座): branch = 記号 digits 2–3 + "9", account type current;
 *   account = 番号 (1–7 digits) zero-padded to 7. The single check digit printed between
 *   記号 and 番号 of a 振替口座 is not part of either and must not be passed.
 * Any other 記号 or 番号 is a ZenginError naming `kigou` or `bangou`. Whether 9900 is an
 * acceptable destination is the caller's decision.
 */
export function japanPostAccount(kigou: unknown, bangou: unknown, options: JapanPostOptions = {}): JapanPostAccount {
  const k = digitsOf(kigou, 'kigou');
  const b = digitsOf(bangou, 'bangou');
  if (k.length !== 5) throw ZenginError.of('kigou', 'invalid_format', `must be exactly 5 digits, got ${k.length}`);
  if (k[0] === '1') {
    if (b.length < 2 || b.length > 8) throw ZenginError.of('bangou', 'invalid_format', `must be 2 to 8 digits for a 記号 starting with 1, got ${b.length}`);
    if (!b.endsWith('1')) throw ZenginError.of('bangou', 'invalid_value', `must end in 1 for a 記号 starting with 1, got ${JSON.stringify(b)}`);
    const account = b.slice(0, -1);
    if (/^0+$/.test(account)) throw ZenginError.of('bangou', 'invalid_value', 'gives the account number 0000000, which does not exist');
    return { bankCode: JAPAN_POST_BANK_CODE, branchCode: `${k.slice(1, 3)}8`, accountType: options.savings === true ? '4' : '1', accountNumber: account.padStart(7, '0'), kind: 'ordinary' };
  }
  if (k[0] === '0') {
    if (options.savings === true) throw ZenginError.of('kigou', 'invalid_value', 'a 振替口座 (記号 starting with 0) is never a savings account');
    if (b.length > 7) throw ZenginError.of('bangou', 'invalid_format', `must be at most 7 digits for a 振替口座, got ${b.length}`);
    if (/^0+$/.test(b)) throw ZenginError.of('bangou', 'invalid_value', 'must not be all zeros');
    return { bankCode: JAPAN_POST_BANK_CODE, branchCode: `${k.slice(1, 3)}9`, accountType: '2', accountNumber: b.padStart(7, '0'), kind: 'transfer' };
  }
  throw ZenginError.of('kigou', 'invalid_value', `must start with 1 (通常貯金) or 0 (振替口座), got ${JSON.stringify(k)}`);
}
