import { tokyoDate } from '@kessai/bank-calendar';
import { newId, useCase, type EntityManager, type EventEnvelope } from '@kessai/platform';
import { feeItemsStore } from '../db/fee-items-store';
import { schedulesStore } from '../db/schedules-store';
import { initialItem, type FeeItemDraft } from '../domain/accrual';
import { feesOn, type FeeAmounts } from '../domain/schedule';
import type { FeesDeps } from './deps';
import { feeItemEvent } from './events';
import { merchantTerms, planOn } from './merchant-terms';
import type { FeeItemView } from './views';

/** What the consumer decoded from an event: the day its cause happened, and the items given the merchant's fees and terms. */
export interface Fact {
  envelope: EventEnvelope;
  /** the day the cause happened (Tokyo): the schedule (and plan) of that day applies */
  occurredOn: string;
  items: (ctx: { fees: FeeAmounts; plan: (date: string) => 'billing_plan' | 'collection_plan' }) => FeeItemDraft[];
}

/**
 * Records the fee items an event causes (docs/reference/fees-and-settlement.md#fee-items),
 * in the inbox's transaction: the event is processed once (inbox), each cause
 * charged once (dedupe key), whatever the order and number of deliveries.
 * The first remittance fee of a merchant brings its initial fee.
 */
export function accrueFeeItems(deps: FeesDeps, tx: EntityManager, fact: Fact): Promise<FeeItemView[]> {
  const { envelope } = fact;
  return useCase('fees.accrue_fee_items', async () => {
    const merchantId = envelope.merchantId;
    if (!merchantId) throw new Error(`event ${envelope.id} (${envelope.type}) names no merchant`);
    const fees = feesOn(await schedulesStore.list(tx, merchantId), fact.occurredOn).amounts;
    const terms = await merchantTerms(deps, tx, merchantId);
    const drafts = fact.items({ fees, plan: (date) => planOn(terms, date) });
    if (drafts.some((d) => d.settlement === 'remittance')) drafts.push(initialItem(merchantId, fees));
    const now = deps.clock.now();
    const accrued: FeeItemView[] = [];
    for (const d of drafts) {
      const row = await feeItemsStore.insert(tx, {
        id: newId('fee', now.getTime()), merchantId, ownerId: terms.ownerId, livemode: envelope.livemode, kind: d.kind, amount: d.amount, taxable: d.taxable,
        causeType: d.causeType, causeId: d.causeId, eventId: envelope.id, eventType: envelope.type, occurredOn: fact.occurredOn, accruedAt: now, settlement: d.settlement,
        dedupeKey: d.dedupeKey,
      });
      if (row) accrued.push(row);
    }
    if (accrued.length) await deps.outbox.add(tx, accrued.map(feeItemEvent));
    for (const i of accrued) deps.metrics.itemsAccrued(i.kind, i.livemode);
    return accrued;
  }, { livemode: envelope.livemode, event_type: envelope.type });
}

/** The Tokyo day of an instant (a missing one: the event's own time). */
export function tokyoDay(at: Date | undefined, fallback: Date): string {
  return tokyoDate(at ?? fallback);
}
