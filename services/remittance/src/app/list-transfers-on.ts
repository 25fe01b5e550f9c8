import { decodeCursor, encodeCursor, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { transfersStore } from '../db/transfers-store';
import type { Transfer } from '../domain/entities';
import type { RemittanceDeps } from './deps';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every merchant's transfers of an execution date that went into a file, every
 * purpose: what the fees service's daily reconciliation compares with the
 * bank's statement (docs/reference/fees-and-settlement.md#daily-reconciliation).
 */
export function listTransfersOn(deps: RemittanceDeps, req: { livemode: boolean; executionDate: string; pageSize: number; pageToken: string }): Promise<{ transfers: Transfer[]; nextPageToken: string }> {
  return useCase('remittance.list_transfers_on', async () => {
    if (!DATE.test(req.executionDate)) throw ValidationError.field('execution_date', 'must be a date YYYY-MM-DD');
    const size = pageSize(req.pageSize);
    const list = `transfers_on:${req.livemode}:${req.executionDate}`;
    const after = req.pageToken ? String(decodeCursor(list, req.pageToken, 'page_token').id) : '';
    const { items, hasMore } = page(await transfersStore.filedOn(deps.dataSource, req.livemode, req.executionDate, after, size + 1), size);
    return { transfers: items, nextPageToken: hasMore ? encodeCursor(list, { id: items[items.length - 1].id }) : '' };
  }, { livemode: req.livemode });
}
