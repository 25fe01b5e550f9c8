import { csvContentType, NotFoundError, page, pageSize, PreconditionError, useCase, writeCsv } from '@kessai/platform';
import { DEBIT_CSV_HEADER, debitCsvRow } from '../domain/exports';
import type { BatchView, DebitView } from '../domain/views';
import { debitsStore } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';
import { csvEncoding, type CsvFile } from './export-debits';
import type { MerchantScope } from './scope';

/** A batch with its counts by state (progress while it runs). */
export function getDebitBatch(deps: AccountTransferDeps, s: MerchantScope, batchId: string): Promise<BatchView> {
  return useCase('account_transfer.get_debit_batch', async () => {
    const b = await debitsStore.batch(deps.dataSource, batchId, s);
    if (!b) throw new NotFoundError('debit_batch', batchId);
    return b;
  }, { livemode: s.livemode });
}

export function listDebitBatches(deps: AccountTransferDeps, s: MerchantScope & { pageSize?: number; startingAfter: string }): Promise<{ items: BatchView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_debit_batches', async () => {
    const size = pageSize(s.pageSize || undefined);
    const ids = page(await debitsStore.listBatches(deps.dataSource, { ...s, limit: size + 1, afterId: s.startingAfter || undefined }), size);
    const items: BatchView[] = [];
    for (const id of ids.items) items.push((await debitsStore.batch(deps.dataSource, id))!);
    return { items, hasMore: ids.hasMore };
  }, { livemode: s.livemode });
}

/** The results of a completed batch, in file order, as CSV. */
export function exportDebitBatchResults(deps: AccountTransferDeps, s: MerchantScope, batchId: string, encodingName: string): Promise<CsvFile> {
  return useCase('account_transfer.export_debit_batch_results', async () => {
    const encoding = csvEncoding(encodingName);
    const b = await debitsStore.batch(deps.dataSource, batchId, s);
    if (!b) throw new NotFoundError('debit_batch', batchId);
    if (b.status !== 'completed') throw new PreconditionError('batch_not_completed', `the batch is still processing (${b.total - b.counts.succeeded - b.counts.failed} of ${b.total} left)`);
    const all: DebitView[] = [];
    for (let after = 0; ;) {
      const rows = await debitsStore.batchItems(deps.dataSource, batchId, 100, after);
      all.push(...rows);
      if (rows.length < 100) break;
      after = rows[rows.length - 1].batchRow ?? 0;
    }
    return { csv: writeCsv([DEBIT_CSV_HEADER, ...all.map(debitCsvRow)], encoding), contentType: csvContentType(encoding), rows: all.length };
  }, { livemode: s.livemode });
}
