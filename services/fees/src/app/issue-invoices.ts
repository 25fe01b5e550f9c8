import { tokyoDate } from '@kessai/bank-calendar';
import { newId, useCase } from '@kessai/platform';
import { invoicesStore, type InvoiceRow } from '../db/invoices-store';
import { merchantsStore } from '../db/merchants-store';
import { schedulesStore } from '../db/schedules-store';
import { computeInvoice, dueDate, monthOf, monthPeriod, monthsBetween, previousMonth } from '../domain/invoice';
import { feesOn } from '../domain/schedule';
import type { FeesDeps } from './deps';
import { invoiceIssuedEvent } from './invoice-events';

/**
 * The job fees.issue-invoices (docs/reference/fees-and-settlement.md#remittance-fees):
 * once a month has ended (Tokyo), one invoice per merchant and mode for the
 * 1st to the last day of it, with every remittance fee item not yet invoiced
 * up to its last day (an item reported after its month was invoiced goes on
 * the next invoice), and the monthly fees of the schedule in force on that
 * day. Nothing to charge, no invoice. Issued once (unique per month), in one
 * transaction with its fees.invoice.issued event; the ledger posting and the
 * email follow from that event (invoice-followups.ts).
 */
export function issueInvoices(deps: FeesDeps): Promise<number> {
  return useCase('fees.issue_invoices', async () => {
    const today = tokyoDate(deps.clock.now());
    const lastEnded = previousMonth(monthOf(today));
    let issued = 0;
    for (const c of await invoicesStore.candidates(deps.dataSource, `${monthOf(today)}-01`)) {
      for (const month of monthsBetween(c.fromMonth, lastEnded)) {
        if (await issueOne(deps, c.merchantId, c.livemode, month)) issued++;
      }
    }
    return issued;
  });
}

async function issueOne(deps: FeesDeps, merchantId: string, livemode: boolean, month: string): Promise<boolean> {
  const period = monthPeriod(month);
  const done = await deps.dataSource.transaction(async (tx) => {
    const items = await invoicesStore.uninvoicedUpTo(tx, merchantId, livemode, period.end);
    const fees = feesOn(await schedulesStore.list(tx, merchantId), period.end).amounts;
    const figures = computeInvoice(items, fees);
    if (figures.lines.length === 0) return false;
    const ownerId = items[0]?.ownerId ?? (await merchantsStore.find(tx, merchantId))?.ownerId ?? '';
    const now = deps.clock.now();
    const row: InvoiceRow = {
      id: newId('inv', now.getTime()), merchantId, ownerId, livemode, month, periodStart: period.start, periodEnd: period.end, dueDate: dueDate(month),
      // nothing to pay (every fee set to 0): settled as issued
      status: figures.total === 0 ? 'paid' : 'open', ...figures, issuedAt: now, paidAt: figures.total === 0 ? now : null, overdueAt: null, paidByDepositId: null,
    };
    if (!(await invoicesStore.insertIssued(tx, row, items.map((i) => i.id)))) return false;
    await deps.outbox.add(tx, [invoiceIssuedEvent(row)]);
    return true;
  });
  if (done) deps.eventsCommitted();
  return done;
}
