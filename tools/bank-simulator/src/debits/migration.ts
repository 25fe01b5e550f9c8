/** Direct debit (口座振替): mandates by requester, real-time debits by request id, kind-91 files. */
export const DEBITS_MIGRATION: { id: string; sql: string } = {
  id: '0002_debits',
  sql: `
    CREATE TABLE debit_mandates (
      requester_code text NOT NULL,
      customer_number text NOT NULL,
      bank_code text NOT NULL,
      branch_code text NOT NULL,
      account_type text NOT NULL,
      account_number text NOT NULL,
      holder_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('registered', 'rejected', 'cancelled')),
      -- a registered mandate the depositor (3) or the requester (8) has stopped
      stopped text CHECK (stopped IN ('depositor', 'requester')),
      changed_on date NOT NULL,
      PRIMARY KEY (requester_code, customer_number)
    );
    CREATE INDEX debit_mandates_account ON debit_mandates (requester_code, bank_code, branch_code, account_number);

    CREATE TABLE debits (
      seq bigserial UNIQUE,
      request_id text PRIMARY KEY,
      request_sha256 text NOT NULL,
      requester_code text NOT NULL,
      customer_number text NOT NULL,
      bank_code text NOT NULL,
      branch_code text NOT NULL,
      account_type text NOT NULL,
      account_number text NOT NULL,
      amount bigint NOT NULL,
      result_code smallint NOT NULL,
      debited_on date NOT NULL,
      file_id text,
      record_number int,
      received_at timestamptz NOT NULL,
      -- how many times the request arrived (a resend answers the first result)
      received_count int NOT NULL DEFAULT 1
    );

    CREATE TABLE debit_files (
      id text PRIMARY KEY,
      sha256 text NOT NULL UNIQUE,
      requester_code text NOT NULL,
      debit_date date NOT NULL,
      uploaded_on date NOT NULL,
      record_count int NOT NULL,
      result_file bytea NOT NULL
    );
  `,
};
