import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Remittance-fee invoices (docs/reference/fees-and-settlement.md#remittance-fees):
 * - invoices: one per merchant, mode and month (unique), with its lines
 *   (the fee items summed by kind, and the monthly fees);
 * - fee_items.invoice_id: the invoice a remittance item went on;
 * - invoice_payments: money paid into a merchant's invoice account, once per
 *   deposit: settled an invoice, or held (unmatched) until an operator
 *   applies it or marks it refunded.
 */
export class FeesInvoices1765400000200 implements MigrationInterface {
  name = 'FeesInvoices1765400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fees.invoices (
        id                  text PRIMARY KEY,
        merchant_id         text NOT NULL,
        owner_id            text NOT NULL DEFAULT '',
        livemode            boolean NOT NULL,
        month               text NOT NULL CHECK (month ~ '^\\d{4}-\\d{2}$'),
        period_start        date NOT NULL,
        period_end          date NOT NULL,
        due_date            date NOT NULL,
        status              text NOT NULL CHECK (status IN ('open', 'overdue', 'paid')),
        fees                bigint NOT NULL CHECK (fees >= 0),
        consumption_tax     bigint NOT NULL CHECK (consumption_tax >= 0),
        total               bigint NOT NULL CHECK (total = fees + consumption_tax),
        lines               jsonb NOT NULL,
        issued_at           timestamptz NOT NULL,
        paid_at             timestamptz,
        overdue_at          timestamptz,
        paid_by_deposit_id  text,
        UNIQUE (merchant_id, livemode, month)
      )`);
    await q.query(`CREATE INDEX invoices_merchant ON fees.invoices (merchant_id, livemode, month DESC)`);
    await q.query(`CREATE INDEX invoices_unpaid ON fees.invoices (merchant_id, livemode, total, issued_at) WHERE status <> 'paid'`);
    await q.query(`ALTER TABLE fees.fee_items ADD COLUMN invoice_id text REFERENCES fees.invoices (id)`);
    await q.query(`CREATE INDEX fee_items_uninvoiced ON fees.fee_items (merchant_id, livemode, occurred_on) WHERE invoice_id IS NULL AND settlement = 'remittance'`);
    await q.query(`
      CREATE TABLE fees.invoice_payments (
        deposit_id              text PRIMARY KEY,
        merchant_id             text NOT NULL,
        livemode                boolean NOT NULL,
        amount                  bigint NOT NULL,
        virtual_account_number  text NOT NULL,
        payer_name_kana         text NOT NULL DEFAULT '',
        received_at             timestamptz NOT NULL,
        event_id                text NOT NULL,
        status                  text NOT NULL CHECK (status IN ('settled', 'unmatched', 'applied', 'refunded')),
        invoice_id              text REFERENCES fees.invoices (id),
        resolved_at             timestamptz,
        note                    text NOT NULL DEFAULT '',
        CHECK ((status IN ('settled', 'applied')) = (invoice_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX invoice_payments_status ON fees.invoice_payments (status, received_at, deposit_id)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
