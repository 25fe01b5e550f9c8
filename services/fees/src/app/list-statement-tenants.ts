import { decodeCursor, encodeCursor, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { fixingStore, type StatementTenantRow } from '../db/statements-store';
import type { FeesDeps } from './deps';
import { getStatement } from './get-statement';

/** A statement's figures per merchant on it (the owner and its tenants settled through it), by merchant id. */
export function listStatementTenants(deps: FeesDeps, req: { statementId: string; merchantId: string; pageSize: number; pageToken: string }): Promise<{ tenants: StatementTenantRow[]; nextPageToken: string }> {
  return useCase('fees.list_statement_tenants', async () => {
    if (!req.statementId) throw ValidationError.field('statement_id', 'is required');
    const statement = await getStatement(deps, req.statementId, req.merchantId); // the owner's (another merchant's is not found)
    const size = pageSize(req.pageSize);
    const list = `statement-tenants:${statement.id}`;
    const after = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const rows = await fixingStore.tenants(deps.dataSource, statement.id, after ? String(after.merchant) : '', size + 1);
    const { items, hasMore } = page(rows, size);
    return { tenants: items, nextPageToken: hasMore ? encodeCursor(list, { merchant: items[items.length - 1].merchantId }) : '' };
  });
}
