import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** The daily reconciliation lists a day's filed transfers (RemittanceReconciliationService.ListTransfersOn). */
export class TransfersByDate1765400000420 implements MigrationInterface {
  name = 'TransfersByDate1765400000420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX transfers_filed_on ON remittance.transfers (livemode, execution_date, id) WHERE status <> 'scheduled'`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
