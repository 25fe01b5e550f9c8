import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The remittance service's tables. Personal data of recipients (names,
 * contacts, accounts) live in `recipients` columns the retention job blanks
 * 10 years after the order closed; money records (transfers, files, holds)
 * keep only codes and amounts.
 */
export class Remittance1765000000500 implements MigrationInterface {
  name = 'Remittance1765000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE remittance.orders (
        id                     text PRIMARY KEY,
        livemode               boolean NOT NULL,
        merchant_id            text NOT NULL,
        owner_id               text NOT NULL DEFAULT '',
        merchant_name          text NOT NULL,
        settings               jsonb NOT NULL,
        guide_text             text NOT NULL DEFAULT '',
        reference              text NOT NULL DEFAULT '',
        status                 text NOT NULL,
        recipient_count        integer NOT NULL DEFAULT 0,
        total_amount           bigint NOT NULL DEFAULT 0,
        shortfall_amount       bigint NOT NULL DEFAULT 0,
        hold_id                text,
        registration_deadline  date,
        created_at             timestamptz NOT NULL,
        updated_at             timestamptz NOT NULL,
        approved_at            timestamptz,
        funded_at              timestamptz,
        closed_at              timestamptz,
        cancelled_at           timestamptz,
        personal_data_deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX orders_merchant ON remittance.orders (livemode, merchant_id, id DESC)`);
    await q.query(`CREATE INDEX orders_waiting ON remittance.orders (livemode, merchant_id, approved_at) WHERE status IN ('approving', 'waiting_for_funds')`);
    await q.query(`CREATE INDEX orders_closed ON remittance.orders (closed_at) WHERE closed_at IS NOT NULL AND personal_data_deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE remittance.recipients (
        id                 text PRIMARY KEY,
        order_id           text NOT NULL REFERENCES remittance.orders (id),
        livemode           boolean NOT NULL,
        merchant_id        text NOT NULL,
        row_number         integer NOT NULL,
        name               text NOT NULL,
        name_kana          text NOT NULL,
        kana_key           text NOT NULL,
        amount             bigint NOT NULL CHECK (amount > 0),
        email              text NOT NULL DEFAULT '',
        phone              text NOT NULL DEFAULT '',
        postal_address     jsonb,
        reference          text NOT NULL DEFAULT '',
        account            jsonb,
        account_key        text NOT NULL DEFAULT '',
        status             text NOT NULL,
        hold_id            text,
        held               boolean NOT NULL DEFAULT false,
        earmark_round      integer NOT NULL DEFAULT 0,
        token_hash         text UNIQUE,
        link_token         text,
        code               text,
        code_hash          text,
        wrong_codes        integer NOT NULL DEFAULT 0,
        locked_at          timestamptz,
        contact_round      integer NOT NULL DEFAULT 0,
        round_started_at   timestamptz,
        round_channels     text[] NOT NULL DEFAULT '{}',
        contacted_channels text[] NOT NULL DEFAULT '{}',
        next_contact_at    timestamptz,
        last_contacted_at  timestamptz,
        registered_at      timestamptz,
        funds_confirmed_at timestamptz,
        transfer_id        text,
        transfer_date      date,
        transfer_attempts  integer NOT NULL DEFAULT 0,
        failure_code       text NOT NULL DEFAULT '',
        paid_at            timestamptz,
        personal_data_deleted_at timestamptz,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL,
        UNIQUE (order_id, row_number)
      )`);
    await q.query(`CREATE INDEX recipients_contact_due ON remittance.recipients (next_contact_at) WHERE next_contact_at IS NOT NULL`);
    await q.query(`CREATE INDEX recipients_status ON remittance.recipients (order_id, status)`);
    await q.query(`CREATE INDEX recipients_account ON remittance.recipients (order_id, account_key) WHERE account_key <> ''`);
    await q.query(`
      CREATE TABLE remittance.registration_sessions (
        id            text PRIMARY KEY,
        recipient_id  text NOT NULL REFERENCES remittance.recipients (id),
        contact_round integer NOT NULL,
        expires_at    timestamptz NOT NULL,
        created_at    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE remittance.code_attempts (
        client_address text NOT NULL,
        attempted_at   timestamptz NOT NULL,
        ok             boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX code_attempts_address ON remittance.code_attempts (client_address, attempted_at)`);
    await q.query(`CREATE SEQUENCE remittance.bank_reference_seq`);
    await q.query(`
      CREATE TABLE remittance.transfer_files (
        id              text PRIMARY KEY,
        livemode        boolean NOT NULL,
        source_account  text NOT NULL,
        execution_date  date NOT NULL,
        status          text NOT NULL CHECK (status IN ('built', 'uploading', 'sent')),
        record_count    integer NOT NULL,
        total_amount    bigint NOT NULL,
        content         bytea NOT NULL,
        upload_attempts integer NOT NULL DEFAULT 0,
        last_error      text,
        built_at        timestamptz NOT NULL,
        sent_at         timestamptz
      )`);
    await q.query(`
      CREATE TABLE remittance.transfers (
        id               text PRIMARY KEY,
        livemode         boolean NOT NULL,
        merchant_id      text NOT NULL,
        purpose          text NOT NULL CHECK (purpose IN ('recipient', 'deposit_refund', 'payout')),
        status           text NOT NULL,
        account          jsonb NOT NULL,
        amount           bigint NOT NULL CHECK (amount > 0),
        execution_date   date NOT NULL,
        bank_reference   text NOT NULL UNIQUE,
        source_account   text NOT NULL,
        file_id          text REFERENCES remittance.transfer_files (id),
        record_number    integer,
        hold_id          text,
        reference        text NOT NULL DEFAULT '',
        order_id         text,
        recipient_id     text,
        failure_code     text NOT NULL DEFAULT '',
        created_at       timestamptz NOT NULL,
        sent_at          timestamptz,
        settled_at       timestamptz
      )`);
    await q.query(`CREATE INDEX transfers_unfiled ON remittance.transfers (livemode, source_account, execution_date) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX transfers_file ON remittance.transfers (file_id, record_number)`);
    await q.query(`
      CREATE TABLE remittance.ledger_ops (
        idempotency_key text PRIMARY KEY,
        livemode        boolean NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('capture', 'release', 'credit')),
        hold_id         text,
        merchant_id     text NOT NULL,
        amount          bigint NOT NULL,
        description     text NOT NULL DEFAULT '',
        status          text NOT NULL CHECK (status IN ('pending', 'done')),
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        created_at      timestamptz NOT NULL,
        done_at         timestamptz
      )`);
    await q.query(`CREATE INDEX ledger_ops_pending ON remittance.ledger_ops (created_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE remittance.deposit_refunds (
        id           text PRIMARY KEY,
        livemode     boolean NOT NULL,
        merchant_id  text NOT NULL,
        amount       bigint NOT NULL,
        hold_id      text NOT NULL,
        transfer_id  text NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE remittance.reversals (
        id            text PRIMARY KEY,
        livemode      boolean NOT NULL,
        merchant_id   text NOT NULL,
        transfer_id   text NOT NULL UNIQUE REFERENCES remittance.transfers (id),
        amount        bigint NOT NULL,
        status        text NOT NULL CHECK (status IN ('requested', 'completed', 'refused')),
        requested_at  timestamptz,
        created_at    timestamptz NOT NULL,
        completed_at  timestamptz
      )`);
  }

  async down(): Promise<void> {
    throw new Error('forward-only');
  }
}
