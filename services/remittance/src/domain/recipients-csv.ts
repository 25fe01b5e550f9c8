import { decodeCsv, parseCsv, ValidationError, type CsvEncoding } from '@kessai/platform';
import type { RecipientInput } from './types';

/** The columns a recipients CSV may have (header row, any order; unknown columns refused). */
export const RECIPIENT_COLUMNS = [
  'name', 'name_kana', 'amount', 'email', 'phone', 'postal_code', 'prefecture', 'city', 'line1', 'line2', 'reference',
  'bank_code', 'branch_code', 'account_type', 'account_number', 'japan_post_kigou', 'japan_post_bangou', 'holder_kana',
] as const;

/** Recipient rows from a CSV with a header row (encoding undefined: detected); a bad header or a row with the wrong column count names the row. */
export function recipientsFromCsv(bytes: Uint8Array, encoding: CsvEncoding | undefined): RecipientInput[] {
  const records = parseCsv(decodeCsv(bytes, encoding).text);
  if (records.length === 0) throw ValidationError.field('csv', 'is empty: a header row and at least one recipient are required', 'invalid_csv');
  const header = records[0].map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(RECIPIENT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) throw ValidationError.field('csv', `unknown column(s) ${unknown.join(', ')}; allowed: ${RECIPIENT_COLUMNS.join(', ')}`, 'invalid_csv');
  for (const need of ['name', 'name_kana', 'amount']) if (!header.includes(need)) throw ValidationError.field('csv', `the header needs a ${need} column`, 'invalid_csv');
  const bad = records.slice(1).findIndex((r) => r.length !== header.length);
  if (bad >= 0) throw ValidationError.field(`rows[${bad + 1}]`, `has ${records[bad + 1].length} columns; the header has ${header.length}`, 'invalid_csv');
  return records.slice(1).map((r) => {
    const v = (k: string) => {
      const i = header.indexOf(k);
      return i < 0 ? '' : r[i].trim();
    };
    const amountText = v('amount').replace(/,/g, '');
    const hasAccount = ['bank_code', 'branch_code', 'account_number', 'japan_post_kigou', 'japan_post_bangou', 'holder_kana'].some((k) => v(k));
    return {
      name: v('name'),
      nameKana: v('name_kana'),
      amount: /^[0-9]+$/.test(amountText) ? Number(amountText) : Number.NaN,
      email: v('email'),
      phone: v('phone'),
      postalAddress: { postalCode: v('postal_code'), prefecture: v('prefecture'), city: v('city'), line1: v('line1'), line2: v('line2') },
      reference: v('reference'),
      account: hasAccount
        ? {
            bankCode: v('bank_code'),
            branchCode: v('branch_code'),
            accountType: v('account_type'),
            accountNumber: v('account_number'),
            japanPostKigou: v('japan_post_kigou'),
            japanPostBangou: v('japan_post_bangou'),
            holderKana: v('holder_kana') || v('name_kana'),
          }
        : undefined,
    };
  });
}
