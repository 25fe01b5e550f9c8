import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** Zengin 口座振替 (kind 91) files for contracts in `file` mode: one per batch and contract. */
export class DebitFiles1765000000510 implements MigrationInterface {
  name = 'DebitFiles1765000000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_transfer.debit_files (
        id            text PRIMARY KEY,
        livemode      boolean NOT NULL,
        merchant_id   text NOT NULL,
        batch_id      text NOT NULL REFERENCES account_transfer.debit_batches (id),
        contract_id   text NOT NULL REFERENCES account_transfer.contracts (id),
        status        text NOT NULL CHECK (status IN ('written', 'uploaded', 'completed')),
        created_on    date NOT NULL,
        debit_date    date NOT NULL,
        content       bytea NOT NULL,
        created_at    timestamptz NOT NULL,
        completed_at  timestamptz
      )`);
    await q.query(`CREATE INDEX debit_files_open ON account_transfer.debit_files (created_at) WHERE status <> 'completed'`);
    await q.query(`ALTER TABLE account_transfer.debits ADD COLUMN file_id text REFERENCES account_transfer.debit_files (id), ADD COLUMN file_record integer`);
    await q.query(`CREATE UNIQUE INDEX debits_file_record ON account_transfer.debits (file_id, file_record) WHERE file_id IS NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
