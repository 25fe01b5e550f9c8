import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The deliveries being attempted (claimed, not yet recorded), per endpoint: the
 * dispatcher counts them at every claim to keep each endpoint within its limit
 * of concurrent deliveries (db/delivery-store.ts claimDueDeliveries). Few rows:
 * an attempt's record clears the claim.
 */
export class DeliveriesInFlight1765400000500 implements MigrationInterface {
  name = 'DeliveriesInFlight1765400000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_in_flight ON webhook.deliveries (endpoint_id) WHERE status = 'pending' AND claimed_until IS NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
