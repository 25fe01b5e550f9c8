import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';

export interface DepositView {
  balance: { total: number; held: number; available: number };
  /** approved orders that are not over: what each holds on the deposit, or lacks while waiting */
  orders: { order: remittanceV1.Order; held: number }[];
  /** the latest deposit refunds, newest first, each with its transfer's status */
  refunds: remittanceV1.DepositRefund[];
}

const OPEN = [remittanceV1.OrderStatus.ORDER_STATUS_APPROVING, remittanceV1.OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS, remittanceV1.OrderStatus.ORDER_STATUS_FUNDED];

/** The deposit (ledger), per open order the remaining amount of its hold, and the latest refunds (docs/console.md, "Remittance"). */
export function loadRemittanceDeposit(deps: ConsoleDeps, actor: ConsoleActor): Promise<DepositView> {
  return useCase('gateway.console.remittance_deposit', async () => {
    authorize(actor, 'remittance.view');
    const { balance } = await deps.ledger.getBalance({ livemode: actor.livemode, account: { ownerId: actor.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT } });
    const orders: DepositView['orders'] = [];
    for (const status of OPEN) {
      const { orders: page } = await deps.remittance.listOrders({ scope: { ...productScope(actor), includeTenants: false, tenantId: '' }, status, pageSize: 100, startingAfter: '' });
      for (const order of page) {
        const hold = order.holdId ? (await deps.ledger.getHold({ livemode: actor.livemode, holdId: order.holdId })).hold : undefined;
        orders.push({ order, held: hold?.remainingAmount ?? 0 });
      }
    }
    orders.sort((a, b) => (b.order.createdAt?.getTime() ?? 0) - (a.order.createdAt?.getTime() ?? 0));
    const { refunds } = await deps.remittance.listDepositRefunds({ scope: productScope(actor), pageSize: 20, startingAfter: '' });
    return { balance: { total: balance?.total ?? 0, held: balance?.held ?? 0, available: balance?.available ?? 0 }, orders, refunds };
  });
}
