import { collectBuffer, writeCsv, type CsvEncoding } from '@kessai/platform';
import PDFDocument from 'pdfkit';
import { CHAINS } from '@kessai/konbini';
import type { PaymentRecord } from '../domain/records';

const STATUS_JA: Record<PaymentRecord['status'], string> = { preliminary: '速報', confirmed: '確報', cancelled: '速報取消' };
// the tenant (テナント: the merchant the bill was registered for — an owner's own bills name the owner) and the
// amount-mismatch flag (金額相違: the store took another amount than the bill's, 請求金額) close the row
const HEADER = [
  '決済ID', '請求ID', 'ご注文番号', '状態', 'コンビニ', '支払番号', '金額', '印紙税', '期限後入金', '店舗コード', '支払日時', '確報日時', '取消日時',
  'テナントID', 'テナント名', '金額相違', '請求金額',
];

/** 2026-11-23T10:00:00Z → 2026/11/23 19:00:00 (JST, as Japanese spreadsheets show it) */
export function jst(d: Date | null): string {
  if (!d) return '';
  const t = new Date(d.getTime() + 9 * 3600_000).toISOString();
  return `${t.slice(0, 10).replace(/-/g, '/')} ${t.slice(11, 19)}`;
}

function paymentRows(payments: PaymentRecord[]): string[][] {
  return payments.map((p) => [
    p.id, p.billId, p.orderReference, STATUS_JA[p.status], CHAINS[p.chain]?.nameJa ?? p.chain, p.paymentNumber, String(p.amount), String(p.stampDuty),
    p.late ? '1' : '0', p.storeCode, jst(p.paidAt), jst(p.confirmedAt), jst(p.cancelledAt),
    p.merchantId, p.merchantName, p.amountMismatch ? '1' : '0', String(p.billAmount),
  ]);
}

/** CSV: UTF-8 with a BOM, or Shift_JIS (CP932) — what Excel in Japan opens correctly. */
export function paymentsCsv(payments: PaymentRecord[], encoding: CsvEncoding): Buffer {
  return writeCsv([HEADER, ...paymentRows(payments)], encoding);
}

/** The results as an A4 landscape PDF table. */
export async function paymentsPdf(payments: PaymentRecord[], opts: { fontPath: string; title: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 30, info: { Title: opts.title, Producer: 'Kessai billing' } });
  const done = collectBuffer(doc);
  doc.registerFont('jp', opts.fontPath);
  doc.font('jp').fontSize(14).text(opts.title);
  doc.moveDown(0.5);
  // payment, bill, tenant, status, chain, number, amount, stamp, late, mismatch, paid at (A4 landscape: 782 pt)
  const cols = [0, 1, 14, 3, 4, 5, 6, 7, 8, 15, 10];
  const widths = [115, 115, 100, 35, 70, 95, 45, 35, 45, 45, 82];
  const line = (values: string[], bold = false) => {
    if (doc.y > doc.page.height - 50) doc.addPage();
    const y = doc.y;
    let x = 30;
    doc.fontSize(bold ? 8 : 7);
    cols.forEach((c, i) => {
      doc.text(values[c], x, y, { width: widths[i] - 4, lineBreak: false });
      x += widths[i];
    });
    doc.y = y + 14;
  };
  line(HEADER, true);
  for (const r of paymentRows(payments)) line(r);
  const total = payments.filter((p) => p.status === 'confirmed').reduce((s, p) => s + p.amount, 0);
  doc.moveDown(1).fontSize(9).text(`確報合計: ${total.toLocaleString('ja-JP')}円（${payments.length}件中）`, 30);
  doc.end();
  return done;
}
