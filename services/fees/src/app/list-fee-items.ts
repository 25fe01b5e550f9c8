import { decodeCursor, encodeCursor, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { feeItemsStore } from '../db/fee-items-store';
import type { FeesDeps } from './deps';
import type { FeeItemView } from './views';

export interface ListFeeItems {
  merchantId: string;
  livemode: boolean;
  pageSize: number;
  pageToken: string;
  kind: string;
  causeId: string;
  fromDate: string;
  toDate: string;
  /** merchantId is an owner's: its tenants' items too */
  includeTenants?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A merchant's fee items, newest first, filtered (docs/pagination.md). */
export function listFeeItems(deps: FeesDeps, req: ListFeeItems): Promise<{ items: FeeItemView[]; nextPageToken: string }> {
  return useCase('fees.list_fee_items', async () => {
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    if (req.fromDate && !DATE.test(req.fromDate)) throw ValidationError.field('from_date', 'must be a date YYYY-MM-DD');
    if (req.toDate && !DATE.test(req.toDate)) throw ValidationError.field('to_date', 'must be a date YYYY-MM-DD');
    const size = pageSize(req.pageSize);
    const list = `fee_items:${req.merchantId}:${req.livemode}${req.includeTenants ? ':tenants' : ''}`;
    const before = req.pageToken ? String(decodeCursor(list, req.pageToken, 'page_token').id) : undefined;
    const rows = await feeItemsStore.list(deps.dataSource, {
      merchantId: req.merchantId, includeTenants: req.includeTenants ?? false, livemode: req.livemode, kind: req.kind || undefined, causeId: req.causeId || undefined, fromDate: req.fromDate || undefined,
      toDate: req.toDate || undefined, before, limit: size + 1,
    });
    const { items, hasMore } = page(rows, size);
    return { items, nextPageToken: hasMore ? encodeCursor(list, { id: items[items.length - 1].id }) : '' };
  }, { livemode: req.livemode });
}
