import { addCalendarDays, tokyoStartOfDay } from '@kessai/bank-calendar';
import { csvContentType, csvEncodingOf, decodeCursor, encodeCursor, NotFoundError, page, pageSize, useCase, ValidationError, writeCsv } from '@kessai/platform';
import { reconciliationStore, type DifferenceRow } from '../db/reconciliation-store';
import type { FeesDeps } from './deps';
import { checkDay, type ReconciliationResult } from './reconcile';

/** The last result of a day (not found when it was never reconciled). */
export function getReconciliation(deps: FeesDeps, livemode: boolean, day: string): Promise<ReconciliationResult> {
  return useCase('fees.get_reconciliation', async () => {
    checkDay(day);
    const run = await reconciliationStore.run(deps.dataSource, livemode, day);
    if (!run) throw new NotFoundError('reconciliation', day);
    return { run, differences: await reconciliationStore.differencesOfRun(deps.dataSource, run.id) };
  }, { livemode });
}

export interface ListDifferences {
  livemode: boolean;
  fromDay: string;
  toDay: string;
  category: string;
  kind: string;
  pageSize: number;
  pageToken: string;
}

/** Differences, newest day first (docs/pagination.md). */
export function listDifferences(deps: FeesDeps, req: ListDifferences): Promise<{ differences: DifferenceRow[]; nextPageToken: string }> {
  return useCase('fees.list_differences', async () => {
    if (req.fromDay) checkDay(req.fromDay, 'from_day');
    if (req.toDay) checkDay(req.toDay, 'to_day');
    const size = pageSize(req.pageSize);
    const list = `reconciliation_differences:${req.livemode}`;
    const cursor = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : undefined;
    const rows = await reconciliationStore.differences(deps.dataSource, {
      livemode: req.livemode, fromDay: req.fromDay || undefined, toDay: req.toDay || undefined, category: req.category || undefined, kind: req.kind || undefined,
      after: cursor ? { day: String(cursor.day), seq: Number(cursor.seq) } : undefined, limit: size + 1,
    });
    const { items, hasMore } = page(rows, size);
    const last = items[items.length - 1];
    return { differences: items, nextPageToken: hasMore ? encodeCursor(list, { day: last.day, seq: last.seq }) : '' };
  }, { livemode: req.livemode });
}

const MAX_EXPORT_DAYS = 366;
const HEADER = ['day', 'category', 'kind', 'bank_amount', 'bank_reference', 'ledger_amount', 'ledger_reference', 'service_amount', 'service_reference', 'cause'];

/** The differences of a day or a range of days as CSV, oldest day first. */
export function exportDifferences(deps: FeesDeps, req: { livemode: boolean; fromDay: string; toDay: string; encoding: string }): Promise<{ csv: Buffer; contentType: string; rows: number }> {
  return useCase('fees.export_differences', async () => {
    if (!req.fromDay) throw ValidationError.field('from_day', 'is required');
    checkDay(req.fromDay, 'from_day');
    const toDay = req.toDay ? checkDay(req.toDay, 'to_day') : req.fromDay;
    if (toDay < req.fromDay) throw ValidationError.field('to_day', 'must not be before from_day');
    const days = (tokyoStartOfDay(toDay).getTime() - tokyoStartOfDay(req.fromDay).getTime()) / 86_400_000 + 1;
    if (days > MAX_EXPORT_DAYS) throw ValidationError.field('to_day', `must be at most ${MAX_EXPORT_DAYS} days after from_day`);
    const encoding = csvEncodingOf(req.encoding) ?? 'utf-8';
    const rows: (string | number)[][] = [HEADER];
    // day by day, so an export never holds more than a day's differences in one query
    for (let d = req.fromDay; d <= toDay; d = addCalendarDays(d, 1)) {
      const run = await reconciliationStore.run(deps.dataSource, req.livemode, d);
      if (!run) continue;
      for (const x of await reconciliationStore.differencesOfRun(deps.dataSource, run.id)) {
        rows.push([x.day, x.category, x.kind, x.bankAmount, x.bankReference, x.ledgerAmount, x.ledgerReference, x.serviceAmount, x.serviceReference, x.cause]);
      }
    }
    return { csv: writeCsv(rows, encoding), contentType: csvContentType(encoding), rows: rows.length - 1 };
  }, { livemode: req.livemode });
}
