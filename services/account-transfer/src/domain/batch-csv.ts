import { parseCsv, ValidationError } from '@kessai/platform';
import { MAX_DEBIT_YEN } from './debit';

/**
 * The bulk-debit CSV (docs/reference/account-transfer.md#bulk-debits): a
 * header row naming the columns, then one debit per row.
 *   customer_ref  the merchant's customer id (required)
 *   amount        yen, 1 to 1,000,000 (required)
 *   description   free text, at most 100 (optional)
 *   contract_id   which contract when the customer has several (optional)
 * Japanese headers are accepted too: 顧客ID, 金額, 摘要, 契約ID.
 */
export interface BatchRow {
  row: number;
  customerRef: string;
  amount: number;
  description: string;
  contractId: string;
}

export interface BatchRowError {
  row: number;
  field: string;
  description: string;
}

const HEADER_NAMES: Record<string, keyof Omit<BatchRow, 'row'>> = {
  customer_ref: 'customerRef', customer_id: 'customerRef', 顧客id: 'customerRef', 顧客番号: 'customerRef',
  amount: 'amount', 金額: 'amount',
  description: 'description', 摘要: 'description',
  contract_id: 'contractId', 契約id: 'contractId',
};
const FIELD_NAMES: Record<keyof Omit<BatchRow, 'row'>, string> = { customerRef: 'customer_ref', amount: 'amount', description: 'description', contractId: 'contract_id' };

export const MAX_BATCH_ROWS = 10_000;

/** The whole file checked first: every error by row (1 = first data row) and field, or the rows. */
export function parseBatchCsv(text: string): { rows: BatchRow[]; errors: BatchRowError[] } {
  const records = parseCsv(text);
  const errors: BatchRowError[] = [];
  if (records.length === 0) return { rows: [], errors: [{ row: 0, field: 'file', description: 'empty: a header row and at least one debit' }] };
  const columns = records[0].map((h) => HEADER_NAMES[h.trim().toLowerCase()]);
  records[0].forEach((h, i) => {
    if (!columns[i]) errors.push({ row: 0, field: h.trim() || `column ${i + 1}`, description: 'unknown column (customer_ref, amount, description, contract_id)' });
  });
  for (const need of ['customerRef', 'amount'] as const) {
    if (!columns.includes(need)) errors.push({ row: 0, field: FIELD_NAMES[need], description: 'missing column' });
  }
  if (errors.length > 0) return { rows: [], errors };
  const data = records.slice(1);
  if (data.length === 0) errors.push({ row: 0, field: 'file', description: 'no debits after the header' });
  if (data.length > MAX_BATCH_ROWS) errors.push({ row: 0, field: 'file', description: `at most ${MAX_BATCH_ROWS} debits per file` });
  const rows: BatchRow[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 1;
    if (cells.length !== columns.length) {
      errors.push({ row, field: 'row', description: `has ${cells.length} fields, the header ${columns.length}` });
      return;
    }
    const v: Record<string, string> = {};
    columns.forEach((c, j) => (v[c!] = cells[j].trim()));
    const customerRef = v.customerRef ?? '';
    if (!/^[\x21-\x7e]{1,64}$/.test(customerRef)) errors.push({ row, field: 'customer_ref', description: 'required: 1 to 64 visible ASCII characters' });
    const amountText = (v.amount ?? '').replace(/,/g, '');
    const amount = /^\d{1,7}$/.test(amountText) ? Number(amountText) : NaN;
    if (!(amount >= 1 && amount <= MAX_DEBIT_YEN)) errors.push({ row, field: 'amount', description: `yen, 1 to ${MAX_DEBIT_YEN.toLocaleString('en')}` });
    const description = v.description ?? '';
    if (description.length > 100) errors.push({ row, field: 'description', description: 'at most 100 characters' });
    const key = `${customerRef}\u0000${v.contractId ?? ''}\u0000${amountText}\u0000${description}`;
    const first = seen.get(key);
    if (first !== undefined) errors.push({ row, field: 'row', description: `the same debit as row ${first} (split files instead of repeating a row)` });
    else seen.set(key, row);
    rows.push({ row, customerRef, amount, description, contractId: v.contractId ?? '' });
  });
  return { rows: errors.length > 0 ? [] : rows, errors };
}

export function batchValidationError(errors: readonly BatchRowError[]): ValidationError {
  const shown = errors.slice(0, 100);
  return new ValidationError(
    shown.map((e) => ({ field: e.row === 0 ? e.field : `rows[${e.row}].${e.field}`, description: e.description })),
    'invalid_debit_file',
  );
}
