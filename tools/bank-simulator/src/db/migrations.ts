/**
 * The simulator's own forward-only migrations, in its own schema. Applied in
 * order at start (under an advisory lock, so two processes on one schema do
 * not race); an applied migration is never edited — add the next one.
 */
import { DEBITS_MIGRATION } from '../debits/migration';

export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_bank',
    sql: `
      CREATE TABLE settings (key text PRIMARY KEY, value jsonb NOT NULL);

      CREATE TABLE accounts (
        bank_code text NOT NULL,
        branch_code text NOT NULL,
        account_number text NOT NULL,
        account_type text NOT NULL,
        holder_name_kana text NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'closed')),
        balance bigint NOT NULL DEFAULT 0,
        -- Kessai's own account at this bank (statements list these)
        own boolean NOT NULL DEFAULT false,
        PRIMARY KEY (bank_code, branch_code, account_number)
      );

      CREATE TABLE callbacks (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        path text NOT NULL,
        subject_id text NOT NULL,
        body text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'held', 'delivered', 'gave_up')),
        attempts jsonb NOT NULL DEFAULT '[]',
        rounds int NOT NULL DEFAULT 0,
        -- NULL: its creator delivers it now (a restart treats it as due)
        next_attempt_at timestamptz,
        last_body jsonb
      );
      CREATE INDEX callbacks_due ON callbacks (next_attempt_at) WHERE state = 'pending';
      CREATE INDEX callbacks_subject ON callbacks (subject_id);

      CREATE TABLE deposits (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        account_number text NOT NULL,
        amount bigint NOT NULL,
        payer_name_kana text NOT NULL,
        bank_reference text NOT NULL,
        received_at timestamptz NOT NULL,
        business_date date NOT NULL
      );

      CREATE TABLE transfer_files (
        id text PRIMARY KEY,
        sha256 text NOT NULL UNIQUE,
        kind_code text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        uploaded_on date NOT NULL,
        transfer_date date NOT NULL,
        requester_bank text NOT NULL,
        requester_branch text NOT NULL,
        requester_account text NOT NULL,
        record_count int NOT NULL,
        total_amount bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'executed')),
        executed_on date,
        content bytea NOT NULL
      );

      CREATE TABLE transfers (
        file_id text NOT NULL REFERENCES transfer_files (id),
        record_number int NOT NULL,
        reference text NOT NULL UNIQUE,
        bank_code text NOT NULL,
        branch_code text NOT NULL,
        account_type text NOT NULL,
        account_number text NOT NULL,
        payee_name text NOT NULL,
        amount bigint NOT NULL,
        result text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'succeeded', 'failed')),
        failure_code text,
        executed_on date,
        reversed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (file_id, record_number)
      );

      CREATE TABLE reversals (
        request_id text PRIMARY KEY,
        file_id text NOT NULL,
        record_number int NOT NULL,
        reference text NOT NULL,
        amount bigint NOT NULL,
        result text NOT NULL CHECK (result IN ('accepted', 'refused')),
        reason text,
        decided_on date NOT NULL,
        requested_at timestamptz NOT NULL,
        FOREIGN KEY (file_id, record_number) REFERENCES transfers (file_id, record_number)
      );

      CREATE TABLE movements (
        seq bigserial PRIMARY KEY,
        bank_code text NOT NULL,
        branch_code text NOT NULL,
        account_number text NOT NULL,
        business_date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('deposit', 'transfer', 'reversal')),
        amount bigint NOT NULL,
        balance_after bigint NOT NULL,
        reference text NOT NULL,
        counterparty text NOT NULL DEFAULT '',
        file_id text,
        record_number int
      );
      CREATE INDEX movements_by_date ON movements (business_date, seq);
    `,
  },
  DEBITS_MIGRATION,
  {
    // the EDI information (金融EDI情報) a payer may give with a transfer (a store chain names the week it settles)
    id: '0003_deposit_edi',
    sql: `ALTER TABLE deposits ADD COLUMN edi_info text NOT NULL DEFAULT ''`,
  },
];
