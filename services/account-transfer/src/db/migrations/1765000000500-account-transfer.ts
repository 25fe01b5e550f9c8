import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The account-transfer service's tables (docs/reference/account-transfer.md).
 * Personal data (names, kana, accounts, email) sits in `customers` only, so
 * the retention job erases it in one place while debit records stay.
 */
export class AccountTransfer1765000000500 implements MigrationInterface {
  name = 'AccountTransfer1765000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_transfer.customers (
        id                text PRIMARY KEY,
        livemode          boolean NOT NULL,
        merchant_id       text NOT NULL,
        customer_ref      text NOT NULL,
        name              text NOT NULL,
        holder_name       text NOT NULL,
        bank_code         text NOT NULL,
        branch_code       text NOT NULL,
        account_type      text NOT NULL,
        account_number    text NOT NULL,
        email             text NOT NULL DEFAULT '',
        last_activity_on  date,
        erased_at         timestamptz,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL,
        UNIQUE (livemode, merchant_id, customer_ref)
      )`);
    await q.query(`CREATE INDEX customers_list ON account_transfer.customers (livemode, merchant_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE account_transfer.contracts (
        id              text PRIMARY KEY,
        livemode        boolean NOT NULL,
        merchant_id     text NOT NULL,
        partner         text NOT NULL,
        requester_code  text NOT NULL,
        requester_name  text NOT NULL,
        bank_code       text NOT NULL,
        branch_code     text NOT NULL,
        account_type    text NOT NULL,
        account_number  text NOT NULL,
        mode            text NOT NULL CHECK (mode IN ('realtime', 'file')),
        notify_email    text NOT NULL,
        created_at      timestamptz NOT NULL,
        UNIQUE (livemode, partner, requester_code)
      )`);
    await q.query(`CREATE SEQUENCE account_transfer.customer_numbers`);
    await q.query(`
      CREATE TABLE account_transfer.mandates (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        customer_id      text NOT NULL REFERENCES account_transfer.customers (id),
        contract_id      text NOT NULL REFERENCES account_transfer.contracts (id),
        partner          text NOT NULL,
        customer_number  text NOT NULL,
        status           text NOT NULL CHECK (status IN ('requested', 'active', 'rejected', 'cancelled')),
        ended_on         date,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        UNIQUE (livemode, partner, customer_number)
      )`);
    await q.query(`CREATE UNIQUE INDEX mandates_one_open ON account_transfer.mandates (customer_id, contract_id) WHERE status IN ('requested', 'active')`);
    await q.query(`CREATE INDEX mandates_customer ON account_transfer.mandates (customer_id)`);
    await q.query(`
      CREATE TABLE account_transfer.mandate_imports (
        id           text PRIMARY KEY,
        livemode     boolean NOT NULL,
        partner      text NOT NULL,
        source       text NOT NULL CHECK (source IN ('bank_callback', 'bank_export')),
        report_id    text NOT NULL,
        received     integer NOT NULL,
        changed      integer NOT NULL,
        changes      jsonb NOT NULL,
        imported_at  timestamptz NOT NULL,
        UNIQUE (livemode, partner, source, report_id)
      )`);
    await q.query(`
      CREATE TABLE account_transfer.mandate_changes (
        mandate_id   text NOT NULL REFERENCES account_transfer.mandates (id),
        seq          integer NOT NULL,
        status       text NOT NULL,
        changed_on   date NOT NULL,
        source       text NOT NULL,
        import_id    text,
        at           timestamptz NOT NULL,
        PRIMARY KEY (mandate_id, seq)
      )`);
    // the bank's own view of each requester's mandates, as of its last list (for the mismatch list)
    await q.query(`
      CREATE TABLE account_transfer.bank_mandates (
        livemode         boolean NOT NULL,
        partner          text NOT NULL,
        requester_code   text NOT NULL,
        customer_number  text NOT NULL,
        bank_code        text NOT NULL,
        branch_code      text NOT NULL,
        account_type     text NOT NULL,
        account_number   text NOT NULL,
        holder_name      text NOT NULL DEFAULT '',
        status           text NOT NULL,
        as_of            date NOT NULL,
        import_id        text NOT NULL,
        PRIMARY KEY (livemode, partner, requester_code, customer_number)
      )`);
    await q.query(`
      CREATE TABLE account_transfer.debit_batches (
        id            text PRIMARY KEY,
        livemode      boolean NOT NULL,
        merchant_id   text NOT NULL,
        filename      text NOT NULL,
        encoding      text NOT NULL,
        status        text NOT NULL CHECK (status IN ('processing', 'completed')),
        total         integer NOT NULL,
        created_at    timestamptz NOT NULL,
        completed_at  timestamptz
      )`);
    await q.query(`CREATE INDEX debit_batches_open ON account_transfer.debit_batches (created_at) WHERE status = 'processing'`);
    await q.query(`
      CREATE TABLE account_transfer.debits (
        id                  text PRIMARY KEY,
        livemode            boolean NOT NULL,
        merchant_id         text NOT NULL,
        customer_id         text NOT NULL REFERENCES account_transfer.customers (id),
        customer_ref        text NOT NULL,
        mandate_id          text NOT NULL REFERENCES account_transfer.mandates (id),
        contract_id         text NOT NULL REFERENCES account_transfer.contracts (id),
        amount              bigint NOT NULL CHECK (amount > 0),
        description         text NOT NULL DEFAULT '',
        status              text NOT NULL CHECK (status IN ('queued', 'pending', 'unknown', 'succeeded', 'failed')),
        result_code         smallint,
        debited_on          date,
        expected_credit_on  date,
        batch_id            text REFERENCES account_transfer.debit_batches (id),
        batch_row           integer,
        attempts            integer NOT NULL DEFAULT 0,
        claimed_by          text,
        claim_until         timestamptz,
        last_error          text,
        created_at          timestamptz NOT NULL,
        completed_at        timestamptz,
        CHECK ((status IN ('succeeded', 'failed')) = (result_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX debits_list ON account_transfer.debits (livemode, merchant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX debits_customer ON account_transfer.debits (customer_id, created_at DESC)`);
    await q.query(`CREATE INDEX debits_batch ON account_transfer.debits (batch_id, batch_row) WHERE batch_id IS NOT NULL`);
    await q.query(`CREATE INDEX debits_queued ON account_transfer.debits (created_at, id) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX debits_unsettled ON account_transfer.debits (created_at) WHERE status IN ('pending', 'unknown')`);
    await q.query(`
      CREATE TABLE account_transfer.reconciliation_items (
        id             text PRIMARY KEY,
        livemode       boolean NOT NULL,
        merchant_id    text NOT NULL,
        debit_id       text NOT NULL REFERENCES account_transfer.debits (id),
        answered_code  smallint NOT NULL,
        reported_code  smallint NOT NULL,
        report_id      text NOT NULL UNIQUE,
        created_at     timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE account_transfer.mismatch_runs (
        livemode     boolean NOT NULL,
        merchant_id  text NOT NULL,
        run_on       date NOT NULL,
        count        integer NOT NULL,
        created_at   timestamptz NOT NULL,
        PRIMARY KEY (livemode, merchant_id, run_on)
      )`);
    await q.query(`
      CREATE TABLE account_transfer.mandate_mismatches (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        run_on           date NOT NULL,
        contract_id      text NOT NULL,
        kind             text NOT NULL,
        customer_id      text NOT NULL DEFAULT '',
        customer_ref     text NOT NULL DEFAULT '',
        customer_number  text NOT NULL,
        master           jsonb,
        bank             jsonb,
        FOREIGN KEY (livemode, merchant_id, run_on) REFERENCES account_transfer.mismatch_runs (livemode, merchant_id, run_on)
      )`);
    await q.query(`CREATE INDEX mandate_mismatches_run ON account_transfer.mandate_mismatches (livemode, merchant_id, run_on, id)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
