import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Registered customers (each holding one persistent customer number), the
 * request ids of bill updates and deletions, and the amount-mismatch flag of
 * a store payment.
 */
export class CustomersIdempotencyMismatch1764000000510 implements MigrationInterface {
  name = 'CustomersIdempotencyMismatch1764000000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.customers (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        owner_id         text NOT NULL DEFAULT '',
        customer_number  text NOT NULL UNIQUE REFERENCES billing.customer_numbers (number),
        name             text NOT NULL DEFAULT '',
        email            text NOT NULL DEFAULT '',
        phone            text NOT NULL DEFAULT '',
        request_id       text NOT NULL,
        request_hash     text NOT NULL,
        created_at       timestamptz NOT NULL,
        UNIQUE (livemode, merchant_id, request_id)
      )`);
    await q.query(`CREATE INDEX customers_merchant ON billing.customers (merchant_id, livemode, id DESC)`);
    await q.query(`CREATE INDEX customers_owner ON billing.customers (owner_id, livemode, id DESC) WHERE owner_id <> ''`);
    await q.query(`ALTER TABLE billing.bills ADD COLUMN customer_id text NOT NULL DEFAULT ''`);
    // The first result of an update or deletion, by its request id (written with the change).
    await q.query(`
      CREATE TABLE billing.bill_requests (
        livemode      boolean NOT NULL,
        merchant_id   text NOT NULL,
        operation     text NOT NULL CHECK (operation IN ('update', 'delete')),
        request_id    text NOT NULL,
        request_hash  text NOT NULL,
        bill_id       text NOT NULL REFERENCES billing.bills (id),
        result        jsonb NOT NULL,
        created_at    timestamptz NOT NULL,
        PRIMARY KEY (livemode, merchant_id, operation, request_id)
      )`);
    await q.query(`ALTER TABLE billing.payments ADD COLUMN amount_mismatch boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE billing.payments ADD COLUMN bill_amount bigint`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
