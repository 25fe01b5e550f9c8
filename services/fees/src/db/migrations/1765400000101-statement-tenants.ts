import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Tenants' settlement (docs/reference/fees-and-settlement.md#tenants):
 * - merchants.own_payout_account: the gateway says the merchant has its own
 *   payout account (a tenant with one gets its own statement and payout);
 * - settles_to(merchant, owner): the merchant whose statement a collection or
 *   fee item goes on — its own, unless it is a tenant without a payout
 *   account of its own (then its owner's);
 * - statement_tenants: a statement's figures per merchant on it.
 */
export class FeesStatementTenants1765400000101 implements MigrationInterface {
  name = 'FeesStatementTenants1765400000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fees.merchants ADD COLUMN own_payout_account boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE FUNCTION fees.settles_to(p_merchant text, p_owner text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN p_owner = '' THEN p_merchant
                    WHEN coalesce((SELECT own_payout_account FROM fees.merchants WHERE merchant_id = p_merchant), false) THEN p_merchant
                    ELSE p_owner END
      $$`);
    await q.query(`CREATE INDEX collections_open_owner ON fees.collections (owner_id, livemode) WHERE statement_id IS NULL AND owner_id <> ''`);
    await q.query(`CREATE INDEX fee_items_open_owner ON fees.fee_items (owner_id, livemode) WHERE statement_id IS NULL AND settlement = 'collection' AND owner_id <> ''`);
    await q.query(`
      CREATE TABLE fees.statement_tenants (
        statement_id          text NOT NULL REFERENCES fees.statements (id),
        merchant_id           text NOT NULL,
        confirmed_collections bigint NOT NULL,
        collection_count      int NOT NULL,
        fees                  bigint NOT NULL,
        stamp_duty            bigint NOT NULL,
        PRIMARY KEY (statement_id, merchant_id)
      )`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
