import { useCase } from '@kessai/platform';
import { billsDueReceipt, markReceiptSent } from '../db/customer-mail-store';
import type { BillingDeps } from './deps';
import { mailCustomer } from './mail-customer';

/** The receipt notice of a paid bill, for merchants who asked for it (the store's receipt stays the legal one). */
export function sendReceipts(deps: BillingDeps, batch: number): Promise<{ receipts: number; failed: number }> {
  return useCase('billing.send_receipts', async () => {
    let receipts = 0;
    let failed = 0;
    for (const bill of await billsDueReceipt(deps.dataSource, batch)) {
      try {
        await mailCustomer(deps, bill, 'payment_receipt', `billing:${bill.id}:receipt`);
        await markReceiptSent(deps.dataSource, bill.id, deps.clock.now());
        receipts++;
      } catch (err) {
        failed++;
        deps.logger.warn({ err: String(err), bill_id: bill.id }, 'receipt notice not sent yet');
      }
    }
    return { receipts, failed };
  });
}
