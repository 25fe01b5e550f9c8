import { randomUUID } from 'node:crypto';
import type { accountTransferV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** A bulk-debit CSV uploaded from the console, like POST /v1/debit_batches: checked whole, then debited one by one. */
export function consoleCreateDebitBatch(deps: ConsoleDeps, actor: ConsoleActor, csv: Buffer, filename: string): Promise<accountTransferV1.DebitBatch> {
  return useCase('gateway.console.create_debit_batch', async () => {
    authorize(actor, 'debits.create');
    const { batch } = await deps.accountTransfer.createDebitBatch({ requestId: randomUUID(), livemode: actor.livemode, merchantId: actor.merchant.id, csv, filename, encoding: '' });
    await recordAudit(deps, actor, 'debit_batch.created', batch!.id, { filename, total: batch!.total });
    return batch!;
  });
}
