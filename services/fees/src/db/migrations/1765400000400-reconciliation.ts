import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The daily reconciliation (docs/reference/fees-and-settlement.md#daily-reconciliation):
 * - reconciliation_runs: one per mode and day, its last result (a rerun replaces it);
 * - reconciliation_differences: what did not agree, with both sides and the cause.
 */
export class FeesReconciliation1765400000400 implements MigrationInterface {
  name = 'FeesReconciliation1765400000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fees.reconciliation_runs (
        id                text PRIMARY KEY,
        livemode          boolean NOT NULL,
        day               date NOT NULL,
        status            text NOT NULL CHECK (status IN ('clean', 'differences')),
        difference_count  integer NOT NULL,
        bank_movements    integer NOT NULL,
        ledger_entries    integer NOT NULL,
        matched           integer NOT NULL,
        bank_total        bigint NOT NULL,
        ledger_total      bigint NOT NULL,
        reconciled_at     timestamptz NOT NULL,
        UNIQUE (livemode, day)
      )`);
    await q.query(`
      CREATE TABLE fees.reconciliation_differences (
        id                text PRIMARY KEY,
        run_id            text NOT NULL REFERENCES fees.reconciliation_runs (id) ON DELETE CASCADE,
        livemode          boolean NOT NULL,
        day               date NOT NULL,
        seq               integer NOT NULL,
        category          text NOT NULL,
        kind              text NOT NULL,
        bank_amount       bigint NOT NULL,
        bank_reference    text NOT NULL,
        ledger_amount     bigint NOT NULL,
        ledger_reference  text NOT NULL,
        service_amount    bigint NOT NULL,
        service_reference text NOT NULL,
        cause             text NOT NULL
      )`);
    await q.query(`CREATE INDEX reconciliation_differences_day ON fees.reconciliation_differences (livemode, day DESC, seq)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
