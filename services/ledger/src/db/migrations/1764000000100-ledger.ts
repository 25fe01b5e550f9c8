import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The ledger's tables. Postings and transactions are append-only (a trigger
 * refuses UPDATE and DELETE); corrections are reversing transactions.
 *
 * Balances: `accounts.total` is the compacted balance. Credits that need no
 * check are appended to `balance_deltas` without locking the account row, so a
 * hot account does not serialise its writers; the compaction job folds deltas
 * into `total`. Balance = total + sum(deltas). Debits and holds on accounts
 * with a floor lock the row and update `total`/`held` directly.
 *
 * Postings and deltas carry no foreign keys on purpose: each would add a
 * KEY SHARE lookup per inserted row on the hot path. The write path inserts
 * the account and the transaction in the same database transaction.
 */
export class Ledger1764000000100 implements MigrationInterface {
  name = 'Ledger1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger.accounts (
        id          text PRIMARY KEY,
        livemode    boolean NOT NULL,
        owner_id    text NOT NULL,
        type        text NOT NULL,
        floor_rule  text NOT NULL CHECK (floor_rule IN ('available_non_negative', 'unbounded')),
        total       bigint NOT NULL DEFAULT 0,
        held        bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (livemode, owner_id, type)
      )`);
    await q.query(`
      CREATE TABLE ledger.balance_deltas (
        account_id  text NOT NULL,
        amount      bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX balance_deltas_account ON ledger.balance_deltas (account_id)`);
    await q.query(`
      CREATE TABLE ledger.transactions (
        id                       text PRIMARY KEY,
        livemode                 boolean NOT NULL,
        idempotency_key          text NOT NULL,
        request_hash             text NOT NULL,
        kind                     text NOT NULL,
        description              text NOT NULL DEFAULT '',
        merchant_id              text NOT NULL DEFAULT '',
        metadata                 jsonb NOT NULL DEFAULT '{}',
        reverses_transaction_id  text REFERENCES ledger.transactions (id),
        posted_at                timestamptz NOT NULL,
        UNIQUE (livemode, idempotency_key)
      )`);
    // A transaction is reversed at most once (partial: most rows reverse nothing).
    await q.query(`CREATE UNIQUE INDEX transactions_reversed_once ON ledger.transactions (reverses_transaction_id) WHERE reverses_transaction_id IS NOT NULL`);
    // Keyed by (transaction, leg): that one index also finds a transaction's postings.
    // \`id\` orders an account's history (and is its page cursor).
    await q.query(`
      CREATE TABLE ledger.postings (
        transaction_id  text NOT NULL,
        leg             smallint NOT NULL,
        id              bigserial NOT NULL,
        account_id      text NOT NULL,
        amount          bigint NOT NULL CHECK (amount <> 0),
        posted_at       timestamptz NOT NULL,
        PRIMARY KEY (transaction_id, leg)
      )`);
    await q.query(`CREATE INDEX postings_account ON ledger.postings (account_id, id DESC)`);
    await q.query(`
      CREATE TABLE ledger.holds (
        id           text PRIMARY KEY,
        livemode     boolean NOT NULL,
        account_id   text NOT NULL REFERENCES ledger.accounts (id),
        merchant_id  text NOT NULL DEFAULT '',
        amount       bigint NOT NULL CHECK (amount > 0),
        captured     bigint NOT NULL DEFAULT 0,
        released     bigint NOT NULL DEFAULT 0,
        reference    text NOT NULL DEFAULT '',
        description  text NOT NULL DEFAULT '',
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        CHECK (captured >= 0 AND released >= 0 AND captured + released <= amount)
      )`);
    await q.query(`CREATE INDEX holds_account ON ledger.holds (account_id)`);
    await q.query(`
      CREATE TABLE ledger.hold_movements (
        id              bigserial PRIMARY KEY,
        hold_id         text NOT NULL REFERENCES ledger.holds (id),
        account_id      text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('created', 'captured', 'released')),
        amount          bigint NOT NULL CHECK (amount > 0),
        transaction_id  text,
        at              timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX hold_movements_account ON ledger.hold_movements (account_id, at)`);
    await q.query(`
      CREATE TABLE ledger.commands (
        livemode         boolean NOT NULL,
        idempotency_key  text NOT NULL,
        operation        text NOT NULL,
        request_hash     text NOT NULL,
        response         jsonb,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (livemode, idempotency_key)
      )`);
    await q.query(`
      CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger.% is append-only: post a reversing transaction instead', TG_TABLE_NAME;
      END $$`);
    for (const table of ['transactions', 'postings', 'hold_movements']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ledger.${table} FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`);
    }
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
