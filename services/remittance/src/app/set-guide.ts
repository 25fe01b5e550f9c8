import { useCase, ValidationError } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import { assertDraft } from '../domain/order';
import { ordersStore } from '../db/orders-store';
import type { RemittanceDeps } from './deps';
import { orderView, scopedOrder } from './order-support';
import type { OrderView } from './views';

/** Registers the guide text recipients receive (idempotent by nature: the same text twice is one state). */
export function setGuide(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; orderId: string; guideText: string }): Promise<OrderView> {
  return useCase('remittance.set_guide', async () => {
    const text = cmd.guideText.trim();
    if (text.length > 4000) throw ValidationError.field('guide_text', 'at most 4000 characters');
    return deps.dataSource.transaction(async (tx) => {
      const order = await scopedOrder(tx, cmd.scope, cmd.orderId, true);
      if (order.guideText !== text) {
        assertDraft(order.status, 'the guide can be changed');
        order.guideText = text;
        order.updatedAt = deps.clock.now();
        await ordersStore.save(tx, order);
      }
      return orderView(tx, order);
    });
  }, { livemode: cmd.scope.livemode });
}
