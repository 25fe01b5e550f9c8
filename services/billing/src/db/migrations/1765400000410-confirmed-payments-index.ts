import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** The daily reconciliation lists payments by the day they were confirmed (BillingReconciliationService.ListConfirmedPayments). */
export class ConfirmedPaymentsIndex1765400000410 implements MigrationInterface {
  name = 'ConfirmedPaymentsIndex1765400000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payments_confirmed ON billing.payments (livemode, confirmed_at, id) WHERE confirmed_at IS NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
