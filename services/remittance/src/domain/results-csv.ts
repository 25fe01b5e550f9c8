import { writeCsv, type CsvEncoding } from '@kessai/platform';

export interface ResultRow {
  rowNumber: number;
  reference: string;
  name: string;
  nameKana: string;
  amount: number;
  status: string;
  transferDate: string;
  paidAt: string;
  failureCode: string;
}

const HEADER = ['row', 'reference', 'name', 'name_kana', 'amount', 'status', 'transfer_date', 'paid_at', 'failure_code'];

/** An order's results as CSV: UTF-8 with a BOM (Excel opens it right) or Shift_JIS. */
export function resultsCsv(rows: ResultRow[], encoding: CsvEncoding): Buffer {
  return writeCsv([HEADER, ...rows.map((r) => [r.rowNumber, r.reference, r.name, r.nameKana, r.amount, r.status, r.transferDate, r.paidAt, r.failureCode])], encoding);
}
