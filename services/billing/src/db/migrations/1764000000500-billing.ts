import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Bills, their payment numbers, customer numbers and the payments the store
 * network reports. Every row carries merchant and mode.
 */
export class Billing1764000000500 implements MigrationInterface {
  name = 'Billing1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.bills (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        owner_id         text NOT NULL DEFAULT '',
        merchant_name    text NOT NULL DEFAULT '',
        status           text NOT NULL CHECK (status IN ('open', 'paid', 'deleted', 'expired')),
        amount           bigint NOT NULL CHECK (amount BETWEEN 1 AND 300000),
        tax_amount       bigint CHECK (tax_amount >= 0),
        due_date         date NOT NULL,
        registered_on    date NOT NULL,
        stores           text[] NOT NULL,
        message          text NOT NULL DEFAULT '',
        order_reference  text NOT NULL DEFAULT '',
        customer_name    text NOT NULL DEFAULT '',
        customer_email   text NOT NULL DEFAULT '',
        customer_phone   text NOT NULL DEFAULT '',
        customer_number  text NOT NULL DEFAULT '',
        repeat           boolean NOT NULL DEFAULT false,
        slip_token       text NOT NULL UNIQUE,
        request_id       text NOT NULL,
        request_hash     text NOT NULL,
        notify_state     text NOT NULL DEFAULT 'none' CHECK (notify_state IN ('none', 'pending', 'sent')),
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        paid_at          timestamptz,
        UNIQUE (livemode, merchant_id, request_id)
      )`);
    await q.query(`CREATE INDEX bills_merchant ON billing.bills (merchant_id, livemode, id DESC)`);
    await q.query(`CREATE INDEX bills_owner ON billing.bills (owner_id, livemode, id DESC) WHERE owner_id <> ''`);
    await q.query(`CREATE INDEX bills_open_due ON billing.bills (due_date) WHERE status = 'open'`);
    await q.query(`CREATE INDEX bills_notify ON billing.bills (created_at) WHERE notify_state = 'pending'`);
    await q.query(`CREATE INDEX bills_customer_number ON billing.bills (customer_number) WHERE customer_number <> ''`);
    // A number is never reused: unique per chain for all time (a 12+ digit random space).
    await q.query(`
      CREATE TABLE billing.payment_numbers (
        chain       text NOT NULL,
        number      text NOT NULL,
        bill_id     text NOT NULL REFERENCES billing.bills (id),
        livemode    boolean NOT NULL,
        parts       jsonb NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (chain, number)
      )`);
    await q.query(`CREATE INDEX payment_numbers_bill ON billing.payment_numbers (bill_id)`);
    await q.query(`
      CREATE TABLE billing.customer_numbers (
        number       text PRIMARY KEY,
        livemode     boolean NOT NULL,
        merchant_id  text NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    // One row per payment at a store; results are folded into it (any order, repeats change nothing).
    await q.query(`
      CREATE TABLE billing.payments (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        owner_id         text NOT NULL DEFAULT '',
        bill_id          text NOT NULL REFERENCES billing.bills (id),
        payment_key      text NOT NULL UNIQUE,
        status           text NOT NULL CHECK (status IN ('preliminary', 'confirmed', 'cancelled')),
        chain            text NOT NULL,
        payment_number   text NOT NULL,
        amount           bigint NOT NULL,
        stamp_duty       bigint NOT NULL,
        late             boolean NOT NULL,
        store_code       text NOT NULL,
        paid_at          timestamptz NOT NULL,
        preliminary_at   timestamptz,
        confirmed_at     timestamptz,
        cancelled_at     timestamptz,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payments_merchant ON billing.payments (merchant_id, livemode, id DESC)`);
    await q.query(`CREATE INDEX payments_owner ON billing.payments (owner_id, livemode, id DESC) WHERE owner_id <> ''`);
    await q.query(`CREATE INDEX payments_bill ON billing.payments (bill_id)`);
    // Results for numbers no bill has: kept for operators, never dropped.
    await q.query(`
      CREATE TABLE billing.unmatched_results (
        event_id        text PRIMARY KEY,
        livemode        boolean NOT NULL,
        chain           text NOT NULL,
        payment_number  text NOT NULL,
        status          text NOT NULL,
        amount          bigint NOT NULL,
        paid_at         timestamptz,
        received_at     timestamptz NOT NULL
      )`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
