import { randomUUID } from 'node:crypto';
import type { billingV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, billingScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** Changes an unpaid bill (billing refuses a paid one), through billing's UpdateBill like the REST API. */
export function consoleUpdateBill(deps: ConsoleDeps, actor: ConsoleActor, billId: string, change: { amount?: number; dueDate?: string; message?: string }): Promise<billingV1.Bill> {
  return useCase('gateway.console.update_bill', async () => {
    authorize(actor, 'bills.edit');
    const { bill } = await deps.billing.updateBill({ requestId: randomUUID(), scope: billingScope(actor), billId, amount: change.amount, dueDate: change.dueDate, message: change.message, clearTaxAmount: false });
    await recordAudit(deps, actor, 'bill.updated', billId, { ...change });
    return bill!;
  });
}

export function consoleDeleteBill(deps: ConsoleDeps, actor: ConsoleActor, billId: string): Promise<billingV1.Bill> {
  return useCase('gateway.console.delete_bill', async () => {
    authorize(actor, 'bills.delete');
    const { bill } = await deps.billing.deleteBill({ scope: billingScope(actor), billId, requestId: randomUUID() });
    await recordAudit(deps, actor, 'bill.deleted', billId);
    return bill!;
  });
}
