import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Who owns whom: the webhook service's copy of the gateway's merchant → owner
 * relation (from gateway.merchant.* events), so an owner's endpoints and event
 * listing include its tenants' public events.
 */
export class Tenancy1764000000310 implements MigrationInterface {
  name = 'Tenancy1764000000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook.merchants (
        id           text PRIMARY KEY,
        owner_id     text,
        recorded_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX merchants_owner ON webhook.merchants (owner_id) WHERE owner_id IS NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
