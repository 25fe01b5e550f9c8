import { decodeCursor, encodeCursor, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { statementsStore } from '../db/statements-store';
import type { FeesDeps } from './deps';
import type { StatementView } from './views';

/** A merchant's collection statements, newest close first (docs/pagination.md). */
export function listStatements(
  deps: FeesDeps,
  req: { merchantId: string; livemode: boolean; pageSize: number; pageToken: string; includeTenants?: boolean },
): Promise<{ statements: StatementView[]; nextPageToken: string }> {
  return useCase('fees.list_statements', async () => {
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    const scope = { merchantId: req.merchantId, includeTenants: req.includeTenants ?? false };
    const size = pageSize(req.pageSize);
    // (a cursor belongs to one list: the same merchant, mode and scope)
    const list = `statements:${req.merchantId}:${req.livemode}${scope.includeTenants ? ':tenants' : ''}`;
    const after = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const rows = await statementsStore.list(deps.dataSource, scope, req.livemode, after ? { close: String(after.close), id: String(after.id) } : null, size + 1);
    const { items, hasMore } = page(rows, size);
    const last = items[items.length - 1];
    return { statements: items, nextPageToken: hasMore ? encodeCursor(list, { close: last.periodClose, id: last.id }) : '' };
  }, { livemode: req.livemode });
}
