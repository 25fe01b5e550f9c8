import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The fees service's tables (docs/reference/fees-and-settlement.md):
 * - merchant_terms: each merchant's fee plan and settlement cycle by date, as
 *   the gateway's gateway.merchant.* events (or GetMerchant) last said;
 * - fee_schedules: amounts changed from a date on (the rest are the defaults);
 * - fee_items: one row per charge, unique per cause (`dedupe_key`), with the
 *   event it came from;
 * - collections: confirmed payments, by the day they were paid at the store;
 * - statements: a collection statement per merchant, mode and period.
 */
export class Fees1765300000300 implements MigrationInterface {
  name = 'Fees1765300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fees.merchants (
        merchant_id  text PRIMARY KEY,
        owner_id     text NOT NULL DEFAULT '',
        as_of        timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE fees.merchant_terms (
        merchant_id      text NOT NULL REFERENCES fees.merchants (merchant_id),
        effective_from   date NOT NULL,
        fee_plan         text NOT NULL,
        settlement_cycle text NOT NULL,
        PRIMARY KEY (merchant_id, effective_from)
      )`);
    await q.query(`
      CREATE TABLE fees.fee_schedules (
        merchant_id     text NOT NULL,
        effective_from  date NOT NULL,
        amounts         jsonb NOT NULL,
        created_at      timestamptz NOT NULL,
        PRIMARY KEY (merchant_id, effective_from)
      )`);
    await q.query(`
      CREATE TABLE fees.fee_items (
        id            text PRIMARY KEY,
        merchant_id   text NOT NULL,
        owner_id      text NOT NULL DEFAULT '',
        livemode      boolean NOT NULL,
        kind          text NOT NULL,
        amount        bigint NOT NULL CHECK (amount >= 0),
        taxable       boolean NOT NULL,
        cause_type    text NOT NULL,
        cause_id      text NOT NULL,
        event_id      text NOT NULL,
        event_type    text NOT NULL,
        occurred_on   date NOT NULL,
        accrued_at    timestamptz NOT NULL,
        settlement    text NOT NULL CHECK (settlement IN ('collection', 'remittance')),
        dedupe_key    text NOT NULL,
        statement_id  text,
        UNIQUE (livemode, dedupe_key)
      )`);
    await q.query(`CREATE INDEX fee_items_merchant ON fees.fee_items (merchant_id, livemode, id DESC)`);
    await q.query(`CREATE INDEX fee_items_open ON fees.fee_items (merchant_id, livemode, occurred_on) WHERE statement_id IS NULL AND settlement = 'collection'`);
    await q.query(`
      CREATE TABLE fees.collections (
        payment_id    text NOT NULL,
        livemode      boolean NOT NULL,
        merchant_id   text NOT NULL,
        owner_id      text NOT NULL DEFAULT '',
        bill_id       text NOT NULL,
        amount        bigint NOT NULL,
        stamp_duty    bigint NOT NULL,
        paid_on       date NOT NULL,
        confirmed_at  timestamptz NOT NULL,
        event_id      text NOT NULL,
        statement_id  text,
        PRIMARY KEY (livemode, payment_id)
      )`);
    await q.query(`CREATE INDEX collections_open ON fees.collections (merchant_id, livemode, paid_on) WHERE statement_id IS NULL`);
    await q.query(`
      CREATE TABLE fees.statements (
        id                    text PRIMARY KEY,
        merchant_id           text NOT NULL,
        livemode              boolean NOT NULL,
        settlement_cycle      text NOT NULL,
        period_start          date NOT NULL,
        period_close          date NOT NULL,
        fix_date              date NOT NULL,
        payout_date           date NOT NULL,
        status                text NOT NULL CHECK (status IN ('open', 'fixed')),
        confirmed_collections bigint NOT NULL DEFAULT 0,
        fees                  bigint NOT NULL DEFAULT 0,
        consumption_tax       bigint NOT NULL DEFAULT 0,
        stamp_duty            bigint NOT NULL DEFAULT 0,
        payout_fee            bigint NOT NULL DEFAULT 0,
        carried_in            bigint NOT NULL DEFAULT 0,
        payout_amount         bigint NOT NULL DEFAULT 0,
        carried_over          bigint NOT NULL DEFAULT 0,
        fixed_at              timestamptz,
        UNIQUE (merchant_id, livemode, period_close)
      )`);
    await q.query(`CREATE INDEX statements_merchant ON fees.statements (merchant_id, livemode, period_close DESC)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
