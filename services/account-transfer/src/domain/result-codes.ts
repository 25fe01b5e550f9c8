import { DEBIT_RESULT_CODES, type DebitResultCode } from '@kessai/zengin';

/**
 * The Zengin direct-debit result codes and what each means — the one table
 * (docs/reference/bank.md#direct-debit-result-codes). The codes and their
 * names are @kessai/zengin's; the meanings shown to merchants are here.
 */
export const RESULT_CODE_MEANINGS: Readonly<Record<DebitResultCode, { en: string; ja: string }>> = {
  '0': { en: 'debited', ja: '振替済' },
  '1': { en: 'insufficient funds', ja: '資金不足' },
  '2': { en: 'no such account (closed, or the details do not match)', ja: '取引なし' },
  '3': { en: 'stopped by the depositor', ja: '預金者の都合による振替停止' },
  '4': { en: 'no mandate, or the mandate is defective', ja: '振替依頼書なし' },
  '8': { en: 'stopped by the requester', ja: '委託者の都合による振替停止' },
  '9': { en: 'other', ja: 'その他' },
};

export type ResultCode = 0 | 1 | 2 | 3 | 4 | 8 | 9;
export const RESULT_CODES: readonly ResultCode[] = Object.keys(DEBIT_RESULT_CODES).map(Number) as ResultCode[];

export function isResultCode(value: unknown): value is ResultCode {
  return typeof value === 'number' && (RESULT_CODES as readonly number[]).includes(value);
}

/** `insufficient_funds` etc.: the stable name of a code. */
export function resultName(code: ResultCode): string {
  return DEBIT_RESULT_CODES[String(code) as DebitResultCode];
}

export function resultMeaning(code: ResultCode): string {
  return RESULT_CODE_MEANINGS[String(code) as DebitResultCode].en;
}
