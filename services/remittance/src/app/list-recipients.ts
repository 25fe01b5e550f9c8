import { NotFoundError, page, pageSize, useCase } from '@kessai/platform';
import type { Recipient, Scope } from '../domain/entities';
import type { RecipientStatus } from '../domain/types';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { scopedOrder } from './order-support';

/** An order's recipients in row order (docs/pagination.md); the position is the last recipient's id. */
export function listRecipients(
  deps: RemittanceDeps,
  q: { scope: Scope; orderId: string; status?: RecipientStatus; pageSize?: number; startingAfter?: string },
): Promise<{ recipients: Recipient[]; hasMore: boolean }> {
  return useCase('remittance.list_recipients', async () => {
    const size = pageSize(q.pageSize);
    const order = await scopedOrder(deps.dataSource, q.scope, q.orderId);
    let afterRow: number | undefined;
    if (q.startingAfter) {
      const after = await recipientsStore.get(deps.dataSource, q.startingAfter);
      if (!after || after.orderId !== order.id) throw new NotFoundError('recipient', q.startingAfter);
      afterRow = after.rowNumber;
    }
    const rows = await recipientsStore.ofOrder(deps.dataSource, order.id, { status: q.status, afterRow, limit: size + 1 });
    const { items, hasMore } = page(rows, size);
    return { recipients: items, hasMore };
  }, { livemode: q.scope.livemode });
}
