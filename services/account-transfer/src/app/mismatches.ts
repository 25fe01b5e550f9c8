import { csvContentType, page, pageSize, useCase, writeCsv } from '@kessai/platform';
import { MISMATCH_CSV_HEADER, mismatchCsvRow } from '../domain/exports';
import type { MismatchView } from '../domain/views';
import { mismatchesStore } from '../db/mismatches-store';
import type { AccountTransferDeps } from './deps';
import { csvEncoding, type CsvFile } from './export-debits';
import type { MerchantScope } from './scope';

/** The latest morning's list (or that of `runOn`). */
export function listMandateMismatches(deps: AccountTransferDeps, s: MerchantScope & { runOn: string; pageSize?: number; startingAfter: string }): Promise<{ items: MismatchView[]; hasMore: boolean; runOn: string }> {
  return useCase('account_transfer.list_mandate_mismatches', async () => {
    const size = pageSize(s.pageSize || undefined);
    const runOn = s.runOn || (await mismatchesStore.latestRun(deps.dataSource, s.livemode, s.merchantId));
    if (!runOn) return { items: [], hasMore: false, runOn: '' };
    return { ...page(await mismatchesStore.list(deps.dataSource, { ...s, runOn, limit: size + 1, afterId: s.startingAfter || undefined }), size), runOn };
  }, { livemode: s.livemode });
}

export function exportMandateMismatches(deps: AccountTransferDeps, s: MerchantScope & { runOn: string; encoding: string }): Promise<CsvFile> {
  return useCase('account_transfer.export_mandate_mismatches', async () => {
    const encoding = csvEncoding(s.encoding);
    const runOn = s.runOn || (await mismatchesStore.latestRun(deps.dataSource, s.livemode, s.merchantId));
    const all: MismatchView[] = [];
    if (runOn) {
      for (let after: string | undefined; ;) {
        const rows = await mismatchesStore.list(deps.dataSource, { ...s, runOn, limit: 100, afterId: after });
        all.push(...rows);
        if (rows.length < 100) break;
        after = rows[rows.length - 1].id;
      }
    }
    return { csv: writeCsv([MISMATCH_CSV_HEADER, ...all.map(mismatchCsvRow)], encoding), contentType: csvContentType(encoding), rows: all.length };
  }, { livemode: s.livemode });
}
