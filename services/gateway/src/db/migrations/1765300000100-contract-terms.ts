import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * A merchant's fee plan and settlement cycle become dated terms: each row is in
 * force from its date until the next row's, so a change takes effect from the
 * next close and past periods keep the terms they had
 * (docs/reference/fees-and-settlement.md#the-merchant-contract). `legacy` keeps
 * the names a merchant had before migration 1765300000200, when they differed.
 */
export class GatewayContractTerms1765300000100 implements MigrationInterface {
  name = 'GatewayContractTerms1765300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.contract_terms (
        merchant_id      text NOT NULL REFERENCES gateway.merchants (id),
        effective_from   date NOT NULL,
        fee_plan         text NOT NULL CHECK (fee_plan IN ('billing_plan', 'collection_plan')),
        settlement_cycle text NOT NULL CHECK (settlement_cycle IN ('every_5_days', 'every_10_days', 'half_monthly', 'monthly')),
        recorded_at      timestamptz NOT NULL,
        legacy           jsonb,
        PRIMARY KEY (merchant_id, effective_from)
      )`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
