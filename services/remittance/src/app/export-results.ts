import { tokyoDate } from '@kessai/bank-calendar';
import { csvContentType, useCase, type CsvEncoding } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import { resultsCsv, type ResultRow } from '../domain/results-csv';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { scopedOrder } from './order-support';

const PAGE = 1_000;

/** An order's results as CSV (UTF-8 with BOM, or Shift_JIS); pages through the recipients. */
export function exportResults(deps: RemittanceDeps, q: { scope: Scope; orderId: string; format: CsvEncoding }): Promise<{ content: Buffer; contentType: string; filename: string; rows: number }> {
  return useCase('remittance.export_results', async () => {
    const order = await scopedOrder(deps.dataSource, q.scope, q.orderId);
    const rows: ResultRow[] = [];
    let afterRow = 0;
    for (;;) {
      const batch = await recipientsStore.ofOrder(deps.dataSource, order.id, { afterRow, limit: PAGE });
      for (const r of batch) {
        rows.push({
          rowNumber: r.rowNumber, reference: r.reference, name: r.name, nameKana: r.nameKana, amount: r.amount, status: r.status,
          transferDate: r.transferDate ?? '', paidAt: r.paidAt ? tokyoDate(r.paidAt) : '', failureCode: r.failureCode,
        });
      }
      if (batch.length < PAGE) break;
      afterRow = batch[batch.length - 1].rowNumber;
    }
    return {
      content: resultsCsv(rows, q.format),
      contentType: csvContentType(q.format),
      filename: `${order.id}-results.csv`,
      rows: rows.length,
    };
  }, { livemode: q.scope.livemode });
}
