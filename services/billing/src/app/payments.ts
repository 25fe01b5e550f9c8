import { tokyoDate } from '@kessai/bank-calendar';
import { paymentsCsv, paymentsPdf } from '../render/exports';
import { PAYMENT_COLS, PaymentRecord, paymentFromRow, scopeCondition } from '../db/rows';
import type { Scope } from './bills';
import type { BillingDeps } from './deps';

/** Store results (one row per payment), newest first. */
export async function listPayments(
  deps: BillingDeps,
  scope: Scope,
  f: { billId?: string; status?: string; pageSize: number; startingAfter?: string },
): Promise<{ payments: PaymentRecord[]; hasMore: boolean }> {
  const params: unknown[] = [];
  const conds = [scopeCondition('p', scope, params)];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conds.push(sql.replace('?', `$${params.length}`));
  };
  if (f.billId) add('p.bill_id = ?', f.billId);
  if (f.status) add('p.status = ?', f.status);
  if (f.startingAfter) add('p.id < ?', f.startingAfter);
  const size = Math.min(Math.max(f.pageSize || 20, 1), 1000);
  params.push(size + 1);
  const rows = await deps.dataSource.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE ${conds.join(' AND ')} ORDER BY p.id DESC LIMIT $${params.length}`, params);
  return { payments: rows.slice(0, size).map(paymentFromRow), hasMore: rows.length > size };
}

export type ExportFormat = 'csv_utf8' | 'csv_shift_jis' | 'pdf';

/** Every matching result (up to 100,000) as CSV or PDF. */
export async function exportPayments(
  deps: BillingDeps,
  scope: Scope,
  f: { format: ExportFormat; status?: string; paidFrom?: string; paidTo?: string },
): Promise<{ content: Buffer; contentType: string; filename: string; rows: number }> {
  const params: unknown[] = [];
  const conds = [scopeCondition('p', scope, params)];
  if (f.status) {
    params.push(f.status);
    conds.push(`p.status = $${params.length}`);
  }
  if (f.paidFrom) {
    params.push(f.paidFrom);
    conds.push(`p.paid_at >= ($${params.length}::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  }
  if (f.paidTo) {
    params.push(f.paidTo);
    conds.push(`p.paid_at < ($${params.length}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  }
  const rows = await deps.dataSource.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE ${conds.join(' AND ')} ORDER BY p.paid_at, p.id LIMIT 100000`, params);
  const payments = rows.map(paymentFromRow);
  const stamp = tokyoDate(deps.clock.now()).replace(/-/g, '');
  if (f.format === 'pdf') {
    const content = await paymentsPdf(payments, { fontPath: deps.fontPath, title: `コンビニ収納 速報・確報一覧（${tokyoDate(deps.clock.now())} 作成）` });
    return { content, contentType: 'application/pdf', filename: `payments-${stamp}.pdf`, rows: payments.length };
  }
  const sjis = f.format === 'csv_shift_jis';
  return {
    content: paymentsCsv(payments, sjis ? 'shift_jis' : 'utf8-bom'),
    contentType: sjis ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
    filename: `payments-${stamp}${sjis ? '-sjis' : ''}.csv`,
    rows: payments.length,
  };
}
