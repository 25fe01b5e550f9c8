import { useCase } from '@kessai/platform';
import { billsAwaitingNotice } from '../db/bill-store';
import type { BillingDeps } from './deps';
import { notifyPaymentNumber } from './notify-payment-number';

/** Bills handed over per job run (the next run takes the rest). */
const BATCH = 100;

/** The job: bills whose payment-number email has not been handed over yet. */
export function notifyPending(deps: BillingDeps): Promise<{ sent: number; failed: number }> {
  return useCase('billing.notify_pending', async () => {
    let sent = 0;
    let failed = 0;
    for (const id of await billsAwaitingNotice(deps.dataSource, BATCH)) {
      try {
        await notifyPaymentNumber(deps, id);
        sent++;
      } catch (err) {
        failed++;
        deps.logger.warn({ err: String(err), bill_id: id }, 'payment-number email not sent yet');
      }
    }
    return { sent, failed };
  });
}
