import { useCase } from '@kessai/platform';
import type { BillingDeps } from './deps';
import { sendChangeNotices } from './send-change-notices';
import { sendReceipts } from './send-receipts';
import { sendReminders } from './send-reminders';

/** Bills per kind of mail per run (the next run takes the rest). */
const BATCH = 100;

/** The job `billing.customer-mails`: change notices, reminders and receipt notices due now. */
export function customerMails(deps: BillingDeps): Promise<Record<string, number>> {
  return useCase('billing.customer_mails', async () => ({
    ...(await sendChangeNotices(deps, BATCH)),
    ...(await sendReminders(deps, BATCH)),
    ...(await sendReceipts(deps, BATCH)),
  }));
}
