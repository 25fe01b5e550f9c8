import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The bank's side of an invoice payment (docs/reference/fees-and-settlement.md#daily-reconciliation):
 * invoice_payments keep the bank's reference and business date from
 * webhook.invoice_payment.received, so the `invoice.paid` posting pairs with
 * the bank's deposit by reference on its bank date, and a payment held for
 * review is recognised on the bank's statement. Rows from before have none
 * ('' and NULL): they pair by amount, as before.
 */
export class FeesInvoicePaymentBankReference1765400000500 implements MigrationInterface {
  name = 'FeesInvoicePaymentBankReference1765400000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fees.invoice_payments ADD COLUMN bank_reference text NOT NULL DEFAULT '', ADD COLUMN business_date date`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
