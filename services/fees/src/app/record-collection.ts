import type { EntityManager, EventEnvelope } from '@kessai/platform';
import { collectionsStore } from '../db/collections-store';

export interface ConfirmedPayment {
  paymentId: string;
  billId: string;
  ownerId: string;
  amount: number;
  stampDuty: number;
  /** the day it was paid at the store (Tokyo): the settlement period it belongs to */
  paidOn: string;
}

/**
 * A confirmed payment (確報) becomes a collection to pay out, in the period of
 * the day it was paid at the store (docs/reference/fees-and-settlement.md#settlement-cycles).
 * Once per payment.
 */
export async function recordCollection(tx: EntityManager, envelope: EventEnvelope, p: ConfirmedPayment): Promise<boolean> {
  return collectionsStore.insert(tx, {
    ...p, livemode: envelope.livemode, merchantId: envelope.merchantId, confirmedAt: envelope.occurredAt ?? new Date(0), eventId: envelope.id,
  });
}
