import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * What happens after a statement is fixed (docs/reference/fees-and-settlement.md#payouts):
 * - ledger_ops: ledger transactions to post exactly once, written in the
 *   transaction of the state change that causes them and posted by the job
 *   fees.ledger-ops with their key until the ledger answers;
 * - statements.ledger_transaction_id / notified_at: the statement's posting
 *   and the merchant's notice, once done;
 * - payouts: one per statement with money to pay out, scheduled → submitted →
 *   paid | failed | returned, with remittance's transfer id;
 * - statements.returned_in: failed payouts carried into a statement.
 */
export class FeesPayouts1765400000100 implements MigrationInterface {
  name = 'FeesPayouts1765400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fees.ledger_ops (
        idempotency_key  text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        kind             text NOT NULL,
        description      text NOT NULL,
        postings         jsonb NOT NULL,
        metadata         jsonb NOT NULL DEFAULT '{}',
        statement_id     text,
        payout_id        text,
        status           text NOT NULL CHECK (status IN ('pending', 'done')),
        attempts         int NOT NULL DEFAULT 0,
        last_error       text NOT NULL DEFAULT '',
        transaction_id   text,
        created_at       timestamptz NOT NULL,
        done_at          timestamptz
      )`);
    await q.query(`CREATE INDEX ledger_ops_pending ON fees.ledger_ops (created_at) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE fees.statements ADD COLUMN ledger_transaction_id text`);
    await q.query(`ALTER TABLE fees.statements ADD COLUMN notified_at timestamptz`);
    await q.query(`ALTER TABLE fees.statements ADD COLUMN returned_in bigint NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX statements_unnotified ON fees.statements (fixed_at) WHERE notified_at IS NULL AND status = 'fixed'`);
    await q.query(`
      CREATE TABLE fees.payouts (
        id                  text PRIMARY KEY,
        statement_id        text NOT NULL UNIQUE REFERENCES fees.statements (id),
        merchant_id         text NOT NULL,
        livemode            boolean NOT NULL,
        amount              bigint NOT NULL CHECK (amount > 0),
        payout_date         date NOT NULL,
        state               text NOT NULL CHECK (state IN ('scheduled', 'submitted', 'paid', 'failed', 'returned')),
        waiting_reason      text NOT NULL DEFAULT '',
        account             jsonb,
        transfer_id         text,
        execution_date      date,
        failure_code        text NOT NULL DEFAULT '',
        returned_statement_id text,
        created_at          timestamptz NOT NULL,
        submitted_at        timestamptz,
        settled_at          timestamptz,
        updated_at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payouts_merchant ON fees.payouts (merchant_id, livemode, payout_date DESC, id DESC)`);
    await q.query(`CREATE INDEX payouts_scheduled ON fees.payouts (payout_date) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX payouts_returned ON fees.payouts (merchant_id, livemode) WHERE state = 'returned' AND returned_statement_id IS NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
