import { randomUUID } from 'node:crypto';
import type { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** Approves an order (operators and admins only): its total is held on the deposit, or it waits for funds with the shortfall. */
export function consoleApproveOrder(deps: ConsoleDeps, actor: ConsoleActor, orderId: string): Promise<remittanceV1.Order> {
  return useCase('gateway.console.approve_remittance_order', async () => {
    authorize(actor, 'remittance.approve');
    const { order } = await deps.remittance.approveOrder({ scope: productScope(actor), requestId: randomUUID(), orderId });
    await recordAudit(deps, actor, 'remittance_order.approved', orderId, { total_amount: order!.totalAmount, shortfall_amount: order!.shortfallAmount });
    return order!;
  });
}
