import { useCase } from '@kessai/platform';
import { billableUnpaid, lastExpiredDueDate } from '../domain/bill';
import { expireDueBills } from '../db/bill-store';
import { paymentsTakingMoney } from '../db/payment-store';
import type { BillingDeps } from './deps';
import { billEvent } from './events';

/** Bills expired per transaction (the job loops until none are left). */
const BATCH = 200;

/**
 * The expiry job: open bills whose due date has ended (23:59:59 JST) and whose
 * grace after it (deps.lateGraceMs) has passed become expired, each with its
 * event — `billable_unpaid` when the bill took no payment at all. A payment
 * arriving later is still accepted, flagged late, and undoes the expiry
 * (apply-store-result.ts; docs/reference/konbini.md#late-payments).
 */
export function expireBills(deps: BillingDeps): Promise<{ expired: number }> {
  return useCase('billing.expire_bills', async () => {
    const now = deps.clock.now();
    const lastExpiredDue = lastExpiredDueDate(now, deps.lateGraceMs);
    let total = 0;
    for (;;) {
      const count = await deps.dataSource.transaction(async (tx) => {
        const bills = await expireDueBills(tx, lastExpiredDue, now, BATCH);
        if (bills.length > 0) {
          const money = await paymentsTakingMoney(tx, bills.map((b) => b.id));
          await deps.outbox.add(tx, bills.map((b) => billEvent('billing.bill.expired', b, now, billableUnpaid(money.get(b.id) ?? 0))));
        }
        return bills.length;
      });
      total += count;
      if (count < BATCH) break;
    }
    if (total) deps.eventsCommitted();
    return { expired: total };
  });
}
