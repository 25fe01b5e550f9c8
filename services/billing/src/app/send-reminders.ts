import { tokyoDate } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import { billsDueReminder, markReminderSent } from '../db/customer-mail-store';
import type { BillingDeps } from './deps';
import { mailCustomer } from './mail-customer';

/** The reminder before the due date, for bills whose merchant asked for one (its day has come, today on the platform clock). */
export function sendReminders(deps: BillingDeps, batch: number): Promise<{ reminded: number; failed: number }> {
  return useCase('billing.send_reminders', async () => {
    let reminded = 0;
    let failed = 0;
    for (const bill of await billsDueReminder(deps.dataSource, tokyoDate(deps.clock.now()), batch)) {
      try {
        await mailCustomer(deps, bill, 'payment_reminder', `billing:${bill.id}:reminder:${bill.dueDate}`);
        await markReminderSent(deps.dataSource, bill.id, deps.clock.now());
        reminded++;
      } catch (err) {
        failed++;
        deps.logger.warn({ err: String(err), bill_id: bill.id }, 'reminder not sent yet');
      }
    }
    return { reminded, failed };
  });
}
