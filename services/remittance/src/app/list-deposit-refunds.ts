import { page, pageSize, useCase } from '@kessai/platform';
import type { DepositRefund, Scope, Transfer } from '../domain/entities';
import { moneyOutStore } from '../db/money-out-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';

/**
 * A merchant's deposit refunds newest first, each with its transfer (whose
 * status is the refund's), docs/reference/remittance.md#refund-of-the-deposit-and-reversal.
 * The merchant is the scope's tenant when one is named, as for the request.
 */
export function listDepositRefunds(deps: RemittanceDeps, q: { scope: Scope; pageSize?: number; startingAfter?: string }): Promise<{ refunds: { refund: DepositRefund; transfer: Transfer }[]; hasMore: boolean }> {
  return useCase('remittance.list_deposit_refunds', async () => {
    const size = pageSize(q.pageSize);
    const rows = await moneyOutStore.refunds(deps.dataSource, { livemode: q.scope.livemode, merchantId: q.scope.tenantId || q.scope.merchantId, startingAfter: q.startingAfter, limit: size + 1 });
    const { items, hasMore } = page(rows, size);
    const refunds = await Promise.all(items.map(async (refund) => ({ refund, transfer: (await transfersStore.get(deps.dataSource, refund.transferId))! })));
    return { refunds, hasMore };
  }, { livemode: q.scope.livemode });
}
