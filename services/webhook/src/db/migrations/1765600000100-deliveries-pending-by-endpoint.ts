import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * An endpoint's pending deliveries, oldest due first: when an attempt is
 * recorded, its slot is handed to the next of them in the same statement
 * (db/delivery-store.ts recordAttemptAndHandOver). Pending rows only, so an
 * endpoint's delivered history does not slow the look-up.
 */
export class DeliveriesPendingByEndpoint1765600000100 implements MigrationInterface {
  name = 'DeliveriesPendingByEndpoint1765600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_pending_by_endpoint ON webhook.deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending'`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
