import { newId } from '@kessai/platform';
import type { Transfer } from '../domain/entities';
import { bankReference } from '../domain/secrets';
import type { BankAccount, TransferPurpose } from '../domain/types';
import type { Queryable } from '../db/queryable';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { transferEvent } from './events';

/** Schedules one transfer (the intent): stored with its 20-digit bank reference, event `remittance.transfer.scheduled`. */
export async function scheduleTransfer(
  deps: RemittanceDeps,
  q: Queryable,
  t: { livemode: boolean; merchantId: string; purpose: TransferPurpose; account: BankAccount; amount: number; executionDate: string; holdId: string | null; reference: string; orderId?: string; recipientId?: string },
  now: Date,
): Promise<Transfer> {
  const transfer: Transfer = {
    id: newId('trf', now.getTime()),
    livemode: t.livemode,
    merchantId: t.merchantId,
    purpose: t.purpose,
    status: 'scheduled',
    account: t.account,
    amount: t.amount,
    executionDate: t.executionDate,
    bankReference: bankReference(await transfersStore.nextBankReferenceSeq(q)),
    sourceAccount: deps.settings.sourceAccount.key,
    fileId: null,
    recordNumber: null,
    holdId: t.holdId,
    reference: t.reference,
    orderId: t.orderId ?? null,
    recipientId: t.recipientId ?? null,
    failureCode: '',
    createdAt: now,
    sentAt: null,
    settledAt: null,
  };
  await transfersStore.insert(q, transfer);
  await deps.outbox.add(q, [transferEvent('scheduled', transfer, now)]);
  deps.metrics.transfers('scheduled');
  return transfer;
}
