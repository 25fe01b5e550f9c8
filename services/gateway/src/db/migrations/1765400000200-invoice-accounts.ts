import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** A 7-digit number, drawn like the deposit numbers (domain/api-keys.ts newVirtualAccountNumber; a migration keeps its own copy so it never changes). */
function draw(): string {
  return String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0');
}

/**
 * A second virtual account per merchant and mode, for paying Kessai's
 * remittance-fee invoices (docs/reference/fees-and-settlement.md#remittance-fees):
 * - merchants.test_/live_invoice_account_number;
 * - virtual_accounts: every number of every merchant, deposit and invoice,
 *   unique per mode, so a number names one account whatever its kind (the
 *   existing deposit numbers are recorded first);
 * - every existing merchant gets its two invoice numbers (drawn again on a
 *   collision).
 */
export class GatewayInvoiceAccounts1765400000200 implements MigrationInterface {
  name = 'GatewayInvoiceAccounts1765400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.merchants ADD COLUMN test_invoice_account_number text UNIQUE, ADD COLUMN live_invoice_account_number text UNIQUE`);
    await q.query(`
      CREATE TABLE gateway.virtual_accounts (
        livemode     boolean NOT NULL,
        number       text NOT NULL CHECK (number ~ '^[0-9]{7}$'),
        merchant_id  text NOT NULL REFERENCES gateway.merchants (id),
        kind         text NOT NULL CHECK (kind IN ('deposit', 'invoice')),
        PRIMARY KEY (livemode, number),
        UNIQUE (merchant_id, livemode, kind)
      )`);
    await q.query(`
      INSERT INTO gateway.virtual_accounts (livemode, number, merchant_id, kind)
      SELECT false, test_virtual_account_number, id, 'deposit' FROM gateway.merchants
      UNION ALL SELECT true, live_virtual_account_number, id, 'deposit' FROM gateway.merchants`);
    const merchants: { id: string }[] = await q.query(`SELECT id FROM gateway.merchants ORDER BY id`);
    for (const { id } of merchants) {
      for (const livemode of [false, true]) {
        for (let attempt = 0; ; attempt++) {
          if (attempt === 50) throw new Error(`merchant ${id}: could not draw a free invoice account number`);
          const number = draw();
          const taken: unknown[] = await q.query(
            `INSERT INTO gateway.virtual_accounts (livemode, number, merchant_id, kind) VALUES ($1, $2, $3, 'invoice') ON CONFLICT DO NOTHING RETURNING 1`,
            [livemode, number, id],
          );
          if (taken.length === 0) continue;
          await q.query(`UPDATE gateway.merchants SET ${livemode ? 'live' : 'test'}_invoice_account_number = $2 WHERE id = $1`, [id, number]);
          break;
        }
      }
    }
    await q.query(`ALTER TABLE gateway.merchants ALTER COLUMN test_invoice_account_number SET NOT NULL, ALTER COLUMN live_invoice_account_number SET NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
