import { addCalendarDays, tokyoDate } from '@kessai/bank-calendar';
import { returnedRows } from '@kessai/platform';
import { billFromRow, BILL_COLS, BillRecord } from '../db/rows';
import type { BillingDeps } from './deps';
import { billEvent } from './events';

/**
 * The expiry job: open bills whose due date has ended (23:59:59 JST) become
 * expired, each with its event (billable under the billing plan). A payment
 * arriving later is still accepted and flagged late.
 */
export async function expireBills(deps: BillingDeps): Promise<{ expired: number }> {
  const now = deps.clock.now();
  // due before today in Tokyo = its last payable second has passed
  const lastExpiredDue = addCalendarDays(tokyoDate(now), -1);
  let total = 0;
  for (;;) {
    const count = await deps.dataSource.transaction(async (tx) => {
      const rows = returnedRows<{ id: string }>(await tx.query(
        `WITH due AS (
           SELECT id FROM billing.bills WHERE status = 'open' AND due_date <= $1::date ORDER BY due_date, id LIMIT 200 FOR UPDATE SKIP LOCKED
         )
         UPDATE billing.bills b SET status = 'expired', updated_at = $2 FROM due WHERE b.id = due.id RETURNING b.id`,
        [lastExpiredDue, now],
      ));
      if (rows.length === 0) return 0;
      const bills: BillRecord[] = (await tx.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE b.id = ANY ($1)`, [rows.map((r) => r.id)])).map(billFromRow);
      await deps.outbox.add(tx, bills.map((b) => billEvent('billing.bill.expired', b, now)));
      return bills.length;
    });
    total += count;
    if (count < 200) break;
  }
  if (total) deps.eventsCommitted();
  return { expired: total };
}
