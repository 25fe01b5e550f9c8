import type { FeePlan } from '@kessai/konbini';
import type { FeeAmounts, FeeKind } from './schedule';

/** Where a fee is settled: off a collection payout, or on the monthly remittance invoice. */
export type Settlement = 'collection' | 'remittance';

/** What caused a fee item (it names the thing, so the item can be traced to it). */
export type CauseType = 'payment' | 'bill' | 'transfer' | 'postcard' | 'phone_task' | 'merchant';

/**
 * A fee item to record. `dedupeKey` makes it once per cause whatever the events
 * (docs/reference/fees-and-settlement.md#fee-items): the event's inbox record
 * stops a redelivery, the key a second event about the same cause.
 */
export interface FeeItemDraft {
  kind: FeeKind;
  amount: number;
  taxable: boolean;
  causeType: CauseType;
  causeId: string;
  settlement: Settlement;
  dedupeKey: string;
}

/** A payment billing reported confirmed (確報): the per-bill fee, and the stamp duty billing decided for it. */
export function paymentConfirmedItems(p: { paymentId: string; stampDuty: number }, fees: FeeAmounts): FeeItemDraft[] {
  const items: FeeItemDraft[] = [
    { kind: 'paid_bill', amount: fees.paid_bill, taxable: true, causeType: 'payment', causeId: p.paymentId, settlement: 'collection', dedupeKey: `paid_bill:${p.paymentId}` },
  ];
  if (p.stampDuty > 0) {
    items.push({ kind: 'stamp_duty', amount: p.stampDuty, taxable: false, causeType: 'payment', causeId: p.paymentId, settlement: 'collection', dedupeKey: `stamp_duty:${p.paymentId}` });
  }
  return items;
}

/** A bill deleted or expired: 20 yen when billing says it ended unpaid and the merchant is on the billing plan that day. */
export function billEndedItems(b: { billId: string; billableUnpaid: boolean }, plan: FeePlan, fees: FeeAmounts): FeeItemDraft[] {
  if (!b.billableUnpaid || plan !== 'billing_plan') return [];
  return [{ kind: 'unpaid_bill', amount: fees.unpaid_bill, taxable: true, causeType: 'bill', causeId: b.billId, settlement: 'collection', dedupeKey: `unpaid_bill:${b.billId}` }];
}

const REMITTANCE_KINDS = { remittance_transfer: 'remittance_transfer', reversal: 'reversal', deposit_refund: 'deposit_refund' } as const;

/**
 * A billable item remittance recorded (a transfer attempt to a recipient,
 * failed ones included; a reversal; a deposit refund). The amount is the fees
 * service's, not the one in the event. Unknown kinds are refused (retried,
 * then dead-lettered), never dropped.
 */
export function remittanceItems(i: { itemId: string; kind: string; transferId: string }, fees: FeeAmounts): FeeItemDraft[] {
  const kind = REMITTANCE_KINDS[i.kind as keyof typeof REMITTANCE_KINDS];
  if (!kind) throw new Error(`remittance billable item ${i.itemId}: unknown kind ${JSON.stringify(i.kind)}`);
  return [{ kind, amount: fees[kind], taxable: true, causeType: 'transfer', causeId: i.transferId || i.itemId, settlement: 'remittance', dedupeKey: `${kind}:${i.itemId}` }];
}

/** One postcard handed to the print vendor. */
export function postcardItems(p: { messageId: string }, fees: FeeAmounts): FeeItemDraft[] {
  return [{ kind: 'postcard', amount: fees.postcard, taxable: true, causeType: 'postcard', causeId: p.messageId, settlement: 'remittance', dedupeKey: `postcard:${p.messageId}` }];
}

/** Outcomes of an outbound call in which the recipient was spoken to. */
const RECEPTION_OUTCOMES = new Set(['reached', 'registered_by_phone']);

/**
 * A phone task completed: a reception took place when the recipient called in
 * (inbound) or was reached. Charged once per recipient (the task's reference)
 * however many calls.
 */
export function phoneItems(t: { taskId: string; reference: string; direction: string; outcome: string; merchantId: string }, fees: FeeAmounts): FeeItemDraft[] {
  if (t.direction !== 'inbound' && !RECEPTION_OUTCOMES.has(t.outcome)) return [];
  const recipient = t.reference || t.taskId;
  return [{ kind: 'phone_reception', amount: fees.phone_reception, taxable: true, causeType: 'phone_task', causeId: t.taskId, settlement: 'remittance', dedupeKey: `phone_reception:${t.merchantId}:${recipient}` }];
}

/** The initial fee, once per merchant, with its first remittance fee (so on its first remittance invoice). */
export function initialItem(merchantId: string, fees: FeeAmounts): FeeItemDraft {
  return { kind: 'initial', amount: fees.initial, taxable: true, causeType: 'merchant', causeId: merchantId, settlement: 'remittance', dedupeKey: `initial:${merchantId}` };
}
