import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Indexes the documents and the owners' lists read by
 * (docs/reference/fees-and-settlement.md#qualified-invoice-documents):
 * - a statement's fee items, summed per kind for its document (one fee item
 *   per payment: without it every download scans the table);
 * - an owner's tenants, for statements listed with include_tenants;
 * - an owner's tenants' fee items, newest first.
 */
export class FeesDocumentIndexes1765400000300 implements MigrationInterface {
  name = 'FeesDocumentIndexes1765400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX fee_items_statement ON fees.fee_items (statement_id) WHERE statement_id IS NOT NULL`);
    await q.query(`CREATE INDEX merchants_owner ON fees.merchants (owner_id) WHERE owner_id <> ''`);
    await q.query(`CREATE INDEX fee_items_owner ON fees.fee_items (owner_id, livemode, id DESC) WHERE owner_id <> ''`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
