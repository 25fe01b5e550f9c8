import iconv from 'iconv-lite';

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

function cell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An order's results as CSV: UTF-8 with a BOM (Excel opens it right) or Shift_JIS. */
export function resultsCsv(rows: ResultRow[], format: 'utf8' | 'shift_jis'): Buffer {
  const lines = [HEADER, ...rows.map((r) => [r.rowNumber, r.reference, r.name, r.nameKana, r.amount, r.status, r.transferDate, r.paidAt, r.failureCode])].map((l) => l.map(cell).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  return format === 'utf8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'Shift_JIS');
}
