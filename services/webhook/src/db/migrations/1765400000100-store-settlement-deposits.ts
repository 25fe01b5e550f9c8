import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * A deposit into a store chain's settlement account is the chain handing
 * collected money over (docs/reference/konbini.md#store-chain-settlements):
 * recorded like every deposit, with the chain instead of a merchant, and the
 * bank's business date and EDI information the callback carries.
 */
export class StoreSettlementDeposits1765400000100 implements MigrationInterface {
  name = 'StoreSettlementDeposits1765400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook.deposits ADD COLUMN store_chain text, ADD COLUMN business_date date, ADD COLUMN edi_info text NOT NULL DEFAULT ''`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
