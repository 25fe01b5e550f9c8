import { tokyoDate } from '@kessai/bank-calendar';
import { PAGE_SIZE_MAX, useCase } from '@kessai/platform';
import { ExportFilter, paymentsForExport } from '../db/payment-store';
import { paymentsCsv, paymentsPdf } from '../render/exports';
import type { BillingDeps } from './deps';
import type { PaymentRecord, Scope } from './types';

export type ExportFormat = 'csv_utf8' | 'csv_shift_jis' | 'pdf';

/** An export holds at most this many payments (the earliest paid). */
const EXPORT_MAX_ROWS = 100_000;

/** Every matching result (up to EXPORT_MAX_ROWS) as CSV or PDF, read page by page from one snapshot. */
export function exportPayments(
  deps: BillingDeps,
  scope: Scope,
  f: ExportFilter & { format: ExportFormat },
): Promise<{ content: Buffer; contentType: string; filename: string; rows: number }> {
  return useCase('billing.export_payments', async () => {
    const filter: ExportFilter = { status: f.status, paidFrom: f.paidFrom, paidTo: f.paidTo };
    const payments = await deps.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const all: PaymentRecord[] = [];
      for (;;) {
        const limit = Math.min(PAGE_SIZE_MAX, EXPORT_MAX_ROWS - all.length);
        const rows = await paymentsForExport(tx, scope, filter, all.at(-1)?.id ?? null, limit);
        all.push(...rows);
        if (rows.length < limit || all.length >= EXPORT_MAX_ROWS) return all;
      }
    });
    const stamp = tokyoDate(deps.clock.now()).replace(/-/g, '');
    if (f.format === 'pdf') {
      const content = await paymentsPdf(payments, { fontPath: deps.fontPath, title: `コンビニ収納 速報・確報一覧（${tokyoDate(deps.clock.now())} 作成）` });
      return { content, contentType: 'application/pdf', filename: `payments-${stamp}.pdf`, rows: payments.length };
    }
    const sjis = f.format === 'csv_shift_jis';
    return {
      content: paymentsCsv(payments, sjis ? 'shift_jis' : 'utf-8'),
      contentType: sjis ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
      filename: `payments-${stamp}${sjis ? '-sjis' : ''}.csv`,
      rows: payments.length,
    };
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, format: f.format });
}
