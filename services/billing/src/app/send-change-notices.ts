import { useCase } from '@kessai/platform';
import { billsChangedSinceNotice, markChangeNoticed } from '../db/customer-mail-store';
import type { BillingDeps } from './deps';
import { mailCustomer } from './mail-customer';

/** Tells customers whose open bill's amount or due date changed since their last email (the old terms beside the new). */
export function sendChangeNotices(deps: BillingDeps, batch: number): Promise<{ noticed: number; failed: number }> {
  return useCase('billing.send_change_notices', async () => {
    let noticed = 0;
    let failed = 0;
    for (const bill of await billsChangedSinceNotice(deps.dataSource, batch)) {
      try {
        await mailCustomer(deps, bill, 'bill_updated', `billing:${bill.id}:updated:${bill.amount}:${bill.dueDate}`, {
          previous_amount: String(bill.told.amount),
          previous_due_date: bill.told.dueDate,
        });
        await markChangeNoticed(deps.dataSource, bill.id, { amount: bill.amount, dueDate: bill.dueDate });
        noticed++;
      } catch (err) {
        failed++;
        deps.logger.warn({ err: String(err), bill_id: bill.id }, 'change notice not sent yet');
      }
    }
    return { noticed, failed };
  });
}
