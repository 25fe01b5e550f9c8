import { tokyoDate } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import { invoicesStore } from '../db/invoices-store';
import type { FeesDeps } from './deps';
import { invoiceOverdueEvent } from './invoice-events';

const BATCH = 200;

/**
 * The job fees.flag-overdue-invoices: an open invoice whose due date has
 * passed (Tokyo) becomes overdue, once, in one transaction with its
 * fees.invoice.overdue event (the merchant's email and the public webhook
 * follow from the event). The gauge kessai_fees_invoices_overdue counts them.
 */
export function flagOverdueInvoices(deps: FeesDeps): Promise<number> {
  return useCase('fees.flag_overdue_invoices', async () => {
    let flagged = 0;
    for (;;) {
      const now = deps.clock.now();
      const n = await deps.dataSource.transaction(async (tx) => {
        const rows = await invoicesStore.flagOverdue(tx, tokyoDate(now), now, BATCH);
        if (rows.length) await deps.outbox.add(tx, rows.map(invoiceOverdueEvent));
        return rows.length;
      });
      if (n) deps.eventsCommitted();
      flagged += n;
      if (n < BATCH) return flagged;
    }
  });
}
