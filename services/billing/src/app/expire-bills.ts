import { addCalendarDays, tokyoDate } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import { expireDueBills } from '../db/bill-store';
import type { BillingDeps } from './deps';
import { billEvent } from './events';

/** Bills expired per transaction (the job loops until none are left). */
const BATCH = 200;

/**
 * The expiry job: open bills whose due date has ended (23:59:59 JST) become
 * expired, each with its event (billable under the billing plan). A payment
 * arriving later is still accepted and flagged late.
 */
export function expireBills(deps: BillingDeps): Promise<{ expired: number }> {
  return useCase('billing.expire_bills', async () => {
    const now = deps.clock.now();
    // due before today in Tokyo = its last payable second has passed
    const lastExpiredDue = addCalendarDays(tokyoDate(now), -1);
    let total = 0;
    for (;;) {
      const count = await deps.dataSource.transaction(async (tx) => {
        const bills = await expireDueBills(tx, lastExpiredDue, now, BATCH);
        if (bills.length > 0) await deps.outbox.add(tx, bills.map((b) => billEvent('billing.bill.expired', b, now)));
        return bills.length;
      });
      total += count;
      if (count < BATCH) break;
    }
    if (total) deps.eventsCommitted();
    return { expired: total };
  });
}
