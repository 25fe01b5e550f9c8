import { randomUUID } from 'node:crypto';
import type { accountTransferV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** One real-time debit from the console, like POST /v1/debits: the bank's result comes back at once (a failure is a result, not an error). */
export function consoleCreateDebit(deps: ConsoleDeps, actor: ConsoleActor, input: { customerId: string; amount: number; contractId: string; description: string }): Promise<accountTransferV1.Debit> {
  return useCase('gateway.console.create_debit', async () => {
    authorize(actor, 'debits.create');
    const { debit } = await deps.accountTransfer.createDebit({ requestId: randomUUID(), livemode: actor.livemode, merchantId: actor.merchant.id, ...input });
    await recordAudit(deps, actor, 'debit.created', debit!.id, { customer: input.customerId, amount: input.amount, result_code: debit!.resultCode });
    return debit!;
  });
}
