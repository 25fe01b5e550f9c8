import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * What merchants expect of a konbini bill (docs/reference/konbini.md):
 * metadata, the merchant's mail settings copied onto each bill (a reminder
 * before the due date, a receipt notice), and what the customer was last told
 * (terms of the last email, when the reminder and the receipt went out).
 */
export class MerchantMailsMetadata1765100000600 implements MigrationInterface {
  name = 'MerchantMailsMetadata1765100000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.bills
      ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN reminder_days_before integer NOT NULL DEFAULT 0 CHECK (reminder_days_before BETWEEN 0 AND 30),
      ADD COLUMN receipt_notice boolean NOT NULL DEFAULT false,
      ADD COLUMN notified_amount bigint,
      ADD COLUMN notified_due_date date,
      ADD COLUMN reminder_sent_at timestamptz,
      ADD COLUMN receipt_sent_at timestamptz`);
    // the mail job's three scans stay small: only bills that may still need a mail
    await q.query(`CREATE INDEX bills_reminder_due ON billing.bills ((due_date - reminder_days_before)) WHERE status = 'open' AND reminder_days_before > 0 AND reminder_sent_at IS NULL`);
    await q.query(`CREATE INDEX bills_receipt_due ON billing.bills (paid_at) WHERE status = 'paid' AND receipt_notice AND receipt_sent_at IS NULL`);
    await q.query(`CREATE INDEX bills_order_reference ON billing.bills (merchant_id, livemode, order_reference) WHERE order_reference <> ''`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
