import { csvContentType, csvEncodingOf, useCase, writeCsv, type CsvEncoding } from '@kessai/platform';
import { DEBIT_CSV_HEADER, debitCsvRow } from '../domain/exports';
import type { DebitView } from '../domain/views';
import { debitsStore, type DebitFilter } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';

export interface CsvFile {
  csv: Buffer;
  contentType: string;
  rows: number;
}

/** The encoding an export was asked for (UTF-8 unless named). */
export function csvEncoding(value: string): CsvEncoding {
  return csvEncodingOf(value) ?? 'utf-8';
}

/** Every matching debit as CSV (UTF-8 with BOM or Shift_JIS), paging through the history. */
export function exportDebits(deps: AccountTransferDeps, f: DebitFilter, encodingName: string): Promise<CsvFile> {
  return useCase('account_transfer.export_debits', async () => {
    const encoding = csvEncoding(encodingName);
    const all: DebitView[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const rows = await debitsStore.list(deps.dataSource, f, 100, after);
      all.push(...rows);
      if (rows.length < 100) break;
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
    return { csv: writeCsv([DEBIT_CSV_HEADER, ...all.map(debitCsvRow)], encoding), contentType: csvContentType(encoding), rows: all.length };
  }, { livemode: f.livemode });
}
